"""Read and validate YAML codebooks, with errors that point at file:line:column.

We compose the YAML into nodes (``core.yamlsafe``, the reader every YAML file goes
through) instead of calling ``safe_load`` because nodes keep their positions, and
because PyYAML's plain loading silently keeps the last of two duplicate keys.
Anchors and aliases are refused outright: a codebook never needs them and they are
how "billion laughs" files explode.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from workbench.codebook.model import Codebook, CodeSpec
from workbench.core.errors import InputError
from workbench.core.names import shown, unsafe_characters
from workbench.core.yamlsafe import compose_yaml

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 12
ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}\Z")
HEADER_KEYS = {"id", "name", "version", "description"}
CODE_KEYS = {
    "id",
    "name",
    "parent",
    "description",
    "inclusion",
    "exclusion",
    "examples",
    "colour",
    "shortcut",
    "keywords",
    "synonyms",
    "phase_markers",
    "status",
    "children",
}
TEXT_KEYS = ("description", "inclusion", "exclusion")
LIST_KEYS = ("examples", "keywords", "synonyms", "phase_markers")


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def error(self, node: yaml.Node | yaml.Mark | None, message: str) -> InputError:
        mark = node.start_mark if isinstance(node, yaml.Node) else node
        if mark is None:
            return InputError(message, path=self.path)
        return InputError(message, path=self.path, line=mark.line + 1, column=mark.column + 1)

    def mapping(self, node: yaml.Node, what: str, allowed: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping")
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, f"{what} has a key that is not text")
            key = key_node.value
            if key in out:
                raise self.error(key_node, f"duplicate key {key!r} in {what}")
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                raise self.error(key_node, f"unknown key {key!r} in {what} (allowed: {hint})")
            out[key] = value_node
        return out

    def text(self, node: yaml.Node, what: str, *, allow_empty: bool = True) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            if allow_empty and isinstance(node, yaml.ScalarNode):
                return ""
            raise self.error(node, f"{what} must be text")
        value = str(node.value).strip()
        if not allow_empty and not value:
            raise self.error(node, f"empty {what}")
        return value

    def name(self, node: yaml.Node, what: str, owner: str) -> str:
        """A name shown on one line: refused if it holds a control or bidi character.

        The author can mend the file; a name quietly changed would no longer be the one
        the file's other codes and the project's codings know it by.
        """
        value = self.text(node, what, allow_empty=False)
        bad = unsafe_characters(value)
        if bad:
            raise self.error(
                node,
                f"{owner}: name {shown(value)} holds {', '.join(bad)}: a terminal would act on it "
                "or show the name reordered; remove it",
            )
        return value

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
            return (self.text(node, what),)
        if isinstance(node, yaml.ScalarNode):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{what} must be a list of text")
        return tuple(v for v in (self.text(item, what) for item in node.value) if v)


def parse_codebook(text: str, *, path: str = "<codebook>") -> Codebook:
    """Validate a codebook's text and return it in tree order (parents before children)."""
    # The one YAML reader's checks (aliases, nesting, size); the codebook is then read
    # from its nodes, which keep their positions for file:line:column errors.
    root = compose_yaml(text, path=path, what="codebooks")
    r = _Reader(path)
    if root is None:
        raise InputError("empty codebook", path=path)
    top = r.mapping(root, "the codebook file", {"codebook", "codes"})
    if "codebook" not in top:
        raise r.error(root, "missing required key 'codebook' (id and name of the codebook)")
    if "codes" not in top:
        raise r.error(root, "missing required key 'codes'")
    header = r.mapping(top["codebook"], "'codebook'", HEADER_KEYS)
    for key in ("id", "name"):
        if key not in header:
            raise r.error(top["codebook"], f"missing required key {key!r} in 'codebook'")
    book_id = r.text(header["id"], "codebook id", allow_empty=False)
    if not ID_RE.match(book_id):
        raise r.error(header["id"], f"bad id {book_id!r}: use lowercase letters, digits, . _ -")
    codes_node = top["codes"]
    if not isinstance(codes_node, yaml.SequenceNode):
        raise r.error(codes_node, "'codes' must be a list of codes")

    specs: list[tuple[CodeSpec, yaml.Node, yaml.Node | None]] = []

    def walk(seq: yaml.SequenceNode, parent: str | None, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise r.error(seq, f"codes nested deeper than {MAX_DEPTH} levels")
        for item in seq.value:
            fields = r.mapping(item, "a code", CODE_KEYS)
            for key in ("id", "name"):
                if key not in fields:
                    raise r.error(item, f"missing required key {key!r} in a code")
            code_id = r.text(fields["id"], "code id", allow_empty=False)
            if not ID_RE.match(code_id):
                raise r.error(
                    fields["id"], f"bad id {code_id!r}: use lowercase letters, digits, . _ -"
                )
            name = r.name(fields["name"], "code name", f"code {code_id!r}")
            parent_node = fields.get("parent")
            own_parent = parent
            if parent_node is not None:
                if parent is not None:
                    raise r.error(
                        parent_node, f"code {code_id!r} has both a 'parent' and an enclosing code"
                    )
                own_parent = r.text(parent_node, "parent", allow_empty=False)
            colour = None
            if "colour" in fields:
                colour = r.text(fields["colour"], "colour")
                if not COLOUR_RE.match(colour):
                    raise r.error(
                        fields["colour"], f'bad colour {colour!r}: use "#RRGGBB" (quoted)'
                    )
                colour = colour.lower()
            shortcut = None
            if "shortcut" in fields:
                shortcut = r.text(fields["shortcut"], "shortcut")
                if not re.fullmatch(r"[0-9]", shortcut):
                    raise r.error(fields["shortcut"], f"bad shortcut {shortcut!r}: use one digit")
            status = "active"
            if "status" in fields:
                status = r.text(fields["status"], "status")
                if status not in ("active", "retired"):
                    raise r.error(fields["status"], f"bad status {status!r}: active or retired")
            texts = {k: (r.text(fields[k], k) or None) if k in fields else None for k in TEXT_KEYS}
            lists = {k: r.texts(fields[k], k) if k in fields else () for k in LIST_KEYS}
            spec = CodeSpec(
                id=code_id,
                name=name,
                parent=own_parent,
                colour=colour,
                shortcut=shortcut,
                status=status,
                ordinal=len(specs),
                line=item.start_mark.line + 1,
                description=texts["description"],
                inclusion=texts["inclusion"],
                exclusion=texts["exclusion"],
                examples=lists["examples"],
                keywords=lists["keywords"],
                synonyms=lists["synonyms"],
                phase_markers=lists["phase_markers"],
            )
            specs.append((spec, item, parent_node))
            if "children" in fields:
                children = fields["children"]
                if not isinstance(children, yaml.SequenceNode):
                    raise r.error(children, "'children' must be a list of codes")
                if parent_node is not None:
                    raise r.error(children, f"code {code_id!r} gives both 'parent' and 'children'")
                walk(children, code_id, depth + 1)

    walk(codes_node, None, 0)
    if not specs:
        raise r.error(codes_node, "the codebook has no codes")
    _check(specs, r)
    ordered = _tree_order([s for s, _, _ in specs])
    return Codebook(
        id=book_id,
        name=r.name(header["name"], "codebook name", f"codebook {book_id!r}"),
        version=r.text(header["version"], "version") or None if "version" in header else None,
        description=r.text(header["description"], "description") or None
        if "description" in header
        else None,
        codes=tuple(ordered),
        path=path,
    )


def _check(specs: list[tuple[CodeSpec, yaml.Node, yaml.Node | None]], r: _Reader) -> None:
    first_at: dict[str, yaml.Node] = {}
    shortcuts: dict[str, yaml.Node] = {}
    for spec, node, _ in specs:
        if spec.id in first_at:
            line = first_at[spec.id].start_mark.line + 1
            raise r.error(node, f"duplicate id {spec.id!r} (first at line {line})")
        first_at[spec.id] = node
        if spec.shortcut is not None:
            if spec.shortcut in shortcuts:
                line = shortcuts[spec.shortcut].start_mark.line + 1
                raise r.error(node, f"duplicate shortcut {spec.shortcut!r} (first at line {line})")
            shortcuts[spec.shortcut] = node
    parents = {spec.id: spec.parent for spec, _, _ in specs}
    for spec, node, parent_node in specs:
        if spec.parent is not None and spec.parent not in parents:
            raise r.error(
                parent_node or node, f"code {spec.id!r} names unknown parent {spec.parent!r}"
            )
    for spec, node, _ in specs:
        seen = {spec.id}
        current = spec.parent
        while current is not None:
            if current in seen:
                raise r.error(node, f"cycle in parents: {' -> '.join([*seen, current])}")
            seen.add(current)
            if len(seen) > MAX_DEPTH + 1:  # as the nested form: the root is level 0
                raise r.error(node, f"code {spec.id!r} is nested deeper than {MAX_DEPTH} levels")
            current = parents[current]
    names: dict[tuple[str | None, str], yaml.Node] = {}
    for spec, node, _ in specs:
        key = (spec.parent, spec.name.casefold())
        if key in names:
            line = names[key].start_mark.line + 1
            raise r.error(
                node, f"duplicate name {spec.name!r} among siblings (first at line {line})"
            )
        names[key] = node


def _tree_order(specs: list[CodeSpec]) -> list[CodeSpec]:
    children: dict[str | None, list[CodeSpec]] = {}
    for s in specs:
        children.setdefault(s.parent, []).append(s)
    out: list[CodeSpec] = []
    stack = list(reversed(children.get(None, [])))
    while stack:  # depth first, siblings in file order, without recursion
        spec = stack.pop()
        out.append(spec)
        stack.extend(reversed(children.get(spec.id, [])))
    return out


def load_codebook(path: str | Path) -> Codebook:
    """Read a codebook file; every problem is an ``InputError`` naming the file."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"codebook is {size} bytes, over the {MAX_BYTES}-byte limit", path=p)
        text = p.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such codebook file", path=p) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a codebook file", path=p) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=p) from None
    return parse_codebook(text, path=str(p))
