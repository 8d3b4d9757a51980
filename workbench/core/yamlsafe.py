"""One YAML reader for every YAML file the workbench reads.

Project files, codebooks, phase schemes, sidecars and YAML manifests come from
people and from other programs. ``yaml.safe_load`` is safe from code execution,
not from the rest:

- anchors and aliases let a 662-byte file expand to gigabytes ("billion laughs"):
  refused outright, none of these files needs them;
- deep nesting makes PyYAML's scanner crawl and its composer recurse until Python
  gives up: flow brackets are counted before parsing, block nesting while parsing;
- a value that looks like a date (``2004-13-45``, ``2004-02-30``) is turned into a
  ``datetime.date`` by ``safe_load``, which raises ``ValueError`` deep inside PyYAML:
  here dates stay text, and each file's own reader checks them with the
  researcher's date rules (``core.dates``), which also know ``2004-03`` and ``Q3 2004``;
- a number of thousands of digits is refused rather than converted;
- a key given twice is an error, not a silent "last one wins".

Every refusal is an ``InputError`` with the file, line and column. PyYAML is
imported when a file is read, so ``core`` stays free of it at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.core.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    import yaml

MAX_BYTES = 5 * 1024 * 1024
MAX_NESTING = 64
MAX_NUMBER_CHARS = 100
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _error(path: str, mark: Any, message: str) -> InputError:
    if mark is None:
        return InputError(message, path=path)
    return InputError(message, path=path, line=mark.line + 1, column=mark.column + 1)


def _yaml_error(exc: Exception, path: str) -> InputError:
    """Any PyYAML refusal (a bad character, a second document, a syntax error) as one line."""
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        problem = exc.problem or exc.context or "syntax error"
        return _error(path, exc.problem_mark, f"not valid YAML: {problem}")
    if isinstance(exc, yaml.reader.ReaderError):
        return InputError(f"not valid YAML: character {exc.character!r} is not allowed", path=path)
    return InputError(f"not valid YAML: {' '.join(str(exc).split())}", path=path)


def refuse_deep_flow(text: str, path: str, limit: int = MAX_NESTING) -> None:
    """A linear pre-scan of ``[``/``{`` depth outside quotes and comments."""
    depth = 0
    quote = ""
    line, column = 1, 0
    previous = "\n"
    comment = False
    for ch in text:
        column += 1
        if ch == "\n":
            line, column, comment = line + 1, 0, False
        elif comment:
            pass
        elif quote:
            if ch == quote and previous != "\\":
                quote = ""
        elif ch in "\"'" and previous in " \t\n[{,:":
            quote = ch
        elif ch == "#" and previous in " \t\n":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                raise InputError(
                    f"nested more than {limit} levels deep", path=path, line=line, column=column
                )
        elif ch in "]}":
            depth = max(0, depth - 1)
        previous = ch


def refuse_aliases_and_depth(text: str, path: str, what: str, limit: int = MAX_NESTING) -> None:
    """Walk the parser's events once: no anchor, no alias, no nesting beyond ``limit``."""
    import yaml

    depth = 0
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
                raise _error(
                    path, ev.start_mark, f"anchors and aliases (&, *) are not allowed in {what}"
                )
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    raise _error(path, ev.start_mark, f"nested more than {limit} levels deep")
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path) from None


def _loader_class() -> type[yaml.SafeLoader]:
    import yaml

    class Loader(yaml.SafeLoader):
        """Safe loading with dates kept as text, long numbers and duplicate keys refused."""

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def as_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        return loader.construct_scalar(node)  # an explicit !!timestamp stays text too

    def string(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        if isinstance(node.value, str) and "\x00" in node.value:
            # no database keeps it (PostgreSQL refuses it): said here, with the line
            raise yaml.constructor.ConstructorError(
                None, None, "text may not contain a NUL character (\\0)", node.start_mark
            )
        return yaml.SafeLoader.construct_yaml_str(loader, node)

    def number(kind: str) -> Any:
        plain = getattr(yaml.SafeLoader, f"construct_yaml_{kind}")

        def construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
            if len(str(node.value)) > MAX_NUMBER_CHARS:
                raise yaml.constructor.ConstructorError(
                    None, None, f"a number of more than {MAX_NUMBER_CHARS} characters",
                    node.start_mark,
                )  # fmt: skip
            return plain(loader, node)

        return construct

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return yaml.SafeLoader.construct_yaml_map(loader, node)

    Loader.add_constructor(_TIMESTAMP, as_text)
    Loader.add_constructor("tag:yaml.org,2002:int", number("int"))
    Loader.add_constructor("tag:yaml.org,2002:float", number("float"))
    Loader.add_constructor("tag:yaml.org,2002:map", mapping)
    Loader.add_constructor("tag:yaml.org,2002:str", string)
    return Loader


def compose_yaml(
    text: str, *, path: str | Path, what: str = "this file", max_bytes: int = MAX_BYTES
) -> yaml.Node | None:
    """The YAML document as nodes (they keep line and column), checked as above."""
    import yaml

    label = str(path)
    if len(text) > max_bytes:
        raise InputError(f"larger than {max_bytes // (1024 * 1024)} MiB: not a {what}", path=label)
    refuse_deep_flow(text, label)
    refuse_aliases_and_depth(text, label, what)
    loader = _loader_class()(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, label) from None
    except RecursionError:  # pragma: no cover - the event walk bounds the depth
        raise InputError("nested too deeply", path=label) from None
    finally:
        loader.dispose()


def load_yaml(
    text: str, *, path: str | Path, what: str = "this file", max_bytes: int = MAX_BYTES
) -> tuple[Any, yaml.Node | None]:
    """Plain Python data (dicts, lists, text, numbers, booleans, None) and its nodes."""
    import yaml

    root = compose_yaml(text, path=path, what=what, max_bytes=max_bytes)
    if root is None:
        return None, None
    loader = _loader_class()("")
    try:
        return loader.construct_document(root), root
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, str(path)) from None
    except (ValueError, OverflowError) as exc:  # pragma: no cover - numbers are bounded
        raise InputError(f"not valid YAML: {exc}", path=str(path)) from None
    finally:
        loader.dispose()


def read_yaml_file(
    path: Path, *, what: str = "this file", max_bytes: int = MAX_BYTES
) -> tuple[Any, yaml.Node | None]:
    """Read ``path`` (UTF-8, a BOM allowed) and load it as above; size checked first."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{size} bytes, larger than the {max_bytes // (1024 * 1024)} MiB a {what} may be",
                path=path,
            )
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start + 1})", path=path) from None
    return load_yaml(text, path=path, what=what, max_bytes=max_bytes)
