from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workbench.codebook.load import ID_RE, MAX_DEPTH, parse_codebook
from workbench.core.errors import InputError
from workbench.core.names import unsafe_characters

if TYPE_CHECKING:
    from workbench.codebook.model import Codebook

PATH = "some folder/codebook.yaml"

# Characters PyYAML's reader accepts at all (its Reader.NON_PRINTABLE, inverted).
YAML_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
yaml_printable_chars = st.characters().filter(lambda c: not YAML_NON_PRINTABLE.match(c))

# Fragments YAML treats specially somewhere: indicators, comments, quotes, document
# markers, words that resolve to other types, line breaks and odd whitespace.
AWKWARD = [
    ":", ": ", "#", " #", "'", '"', "''", "\\", "- ", "-", "? ", "&a", "*a", "!", "!!str ",
    "|", ">", "%", "@", "`", "{", "}", "[", "]", ",", "---", "...", " ", "  ", "\t",
    "\n", "\n\n", "\r\n", "\r", "null", "~", "true", "no", "1.5", "0x1f", "\x00", "\x1f",
    "\ufeff", "\xa0", "\x85", "\u2028", "\u2029", "é", "😀",
]  # fmt: skip
# With allow_unicode=True PyYAML's emitter writes these raw inside single-quoted
# scalars, and its reader then folds them as line breaks. That is a PyYAML
# round-trip bug, not the loader's, so such renderings leave them out.
YAML_ONLY_BREAKS = str.maketrans("", "", "\x85\u2028\u2029")

ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,10}", fullmatch=True)


def texts(allow_unicode: bool) -> st.SearchStrategy[str]:
    out = st.lists(st.sampled_from(AWKWARD) | st.text(max_size=5), max_size=4).map("".join)
    return out.map(lambda s: s.translate(YAML_ONLY_BREAKS)) if allow_unicode else out


TEXTS = {allow_unicode: texts(allow_unicode) for allow_unicode in (False, True)}
# Names must not be empty once the loader strips them: something around a non-space.
# Nor may they hold a control or bidi character (refused: see test_load's cases).
NAMES = {
    allow_unicode: st.tuples(
        TEXTS[allow_unicode],
        st.characters().filter(lambda c: not c.isspace() and not unsafe_characters(c)),
        TEXTS[allow_unicode],
    )
    .map("".join)
    .map(lambda s: "".join(c for c in s if not unsafe_characters(c)))
    for allow_unicode in (False, True)
}
OPTIONAL_TEXTS = {
    allow_unicode: st.none() | TEXTS[allow_unicode] for allow_unicode in (False, True)
}
KEYWORD_LISTS = {
    allow_unicode: st.none() | st.lists(TEXTS[allow_unicode], max_size=3)
    for allow_unicode in (False, True)
}
COLOURS = st.none() | st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)
STATUSES = st.sampled_from([None, "active", "retired"])


def name_key(name: str) -> str:
    """Sibling names clash when equal once stripped and case-folded."""
    return name.strip().casefold()


@st.composite
def forests(draw: st.DrawFn) -> dict:
    """A valid codebook as plain data, plus how to render it.

    Codes are listed parents-first, which is also the nested form's file order;
    ``flat_order`` is a random permutation of them for the flat form.
    """
    allow_unicode = draw(st.booleans())
    n = draw(st.integers(1, 10))
    code_ids = draw(st.lists(ids, min_size=n, max_size=n, unique=True))
    parents: list[str | None] = []
    depth: dict[str, int] = {}
    for i, code_id in enumerate(code_ids):
        choices = [None, *(c for c in code_ids[:i] if depth[c] < MAX_DEPTH)]
        # Half the time take the newest possible parent, so deep chains are common.
        newest = draw(st.booleans())
        parent = choices[-1] if newest else choices[draw(st.integers(0, len(choices) - 1))]
        parents.append(parent)
        depth[code_id] = 0 if parent is None else depth[parent] + 1
    siblings: dict[str | None, list[int]] = {}
    for i, parent in enumerate(parents):
        siblings.setdefault(parent, []).append(i)
    names: list[str] = [""] * n
    for members in siblings.values():
        size = len(members)
        group = st.lists(NAMES[allow_unicode], min_size=size, max_size=size, unique_by=name_key)
        for i, name in zip(members, draw(group), strict=True):
            names[i] = name
    digits = draw(st.permutations("0123456789"))
    with_shortcut = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    codes = [
        {
            "id": code_ids[i],
            "name": names[i],
            "parent": parents[i],
            "description": draw(OPTIONAL_TEXTS[allow_unicode]),
            "keywords": draw(KEYWORD_LISTS[allow_unicode]),
            "colour": draw(COLOURS),
            "shortcut": digits[i] if i < len(digits) and with_shortcut[i] else None,
            "status": draw(STATUSES),
        }
        for i in range(n)
    ]
    return {
        "id": draw(ids),
        "name": draw(NAMES[allow_unicode]),
        "version": draw(OPTIONAL_TEXTS[allow_unicode]),
        "description": draw(OPTIONAL_TEXTS[allow_unicode]),
        "codes": codes,
        "flat_order": draw(st.permutations(range(n))),
        "allow_unicode": allow_unicode,
        "flow_style": draw(st.sampled_from([False, None, True])),
        "width": draw(st.sampled_from([80, 10**6])),
    }


def chain_book(length: int) -> dict:
    """A plain codebook whose codes each sit inside the one before."""
    ids_ = [f"c{i}" for i in range(length)]
    blank = {"description": None, "keywords": None, "colour": None, "shortcut": None}
    return {
        "id": "chain",
        "name": "Chain",
        "version": None,
        "description": None,
        "codes": [
            {**blank, "id": c, "name": c.upper(), "parent": p, "status": None}
            for c, p in zip(ids_, [None, *ids_], strict=False)
        ],
        "flat_order": list(reversed(range(length))),
        "allow_unicode": False,
        "flow_style": False,
        "width": 80,
    }


def code_mapping(code: dict) -> dict:
    out = {"id": code["id"], "name": code["name"]}
    for key in ("description", "keywords", "colour", "shortcut", "status"):
        if code[key] is not None:
            out[key] = code[key]
    return out


def dump(book: dict, codes: list[dict]) -> str:
    header = {"id": book["id"], "name": book["name"]}
    for key in ("version", "description"):
        if book[key] is not None:
            header[key] = book[key]
    return yaml.safe_dump(
        {"codebook": header, "codes": codes},
        allow_unicode=book["allow_unicode"],
        default_flow_style=book["flow_style"],
        width=book["width"],
        sort_keys=False,
    )


def render_nested(book: dict) -> str:
    def subtree(parent: str | None) -> list[dict]:
        out = []
        for code in book["codes"]:
            if code["parent"] == parent:
                mapping = code_mapping(code)
                children = subtree(code["id"])
                if children:
                    mapping["children"] = children
                out.append(mapping)
        return out

    return dump(book, subtree(None))


def flat_codes(book: dict) -> list[dict]:
    return [book["codes"][i] for i in book["flat_order"]]


def render_flat(book: dict, codes: list[dict] | None = None) -> str:
    mappings = []
    for code in flat_codes(book) if codes is None else codes:
        mapping = code_mapping(code)
        if code["parent"] is not None:
            mapping["parent"] = code["parent"]
        mappings.append(mapping)
    return dump(book, mappings)


def tree_order(codes_in_file_order: list[dict]) -> list[str]:
    """Ids depth-first, parents before children, siblings in file order."""
    children: dict[str | None, list[str]] = {}
    for code in codes_in_file_order:
        children.setdefault(code["parent"], []).append(code["id"])
    out: list[str] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        code_id = stack.pop()
        out.append(code_id)
        stack.extend(reversed(children.get(code_id, [])))
    return out


def expected_codes(book: dict) -> dict[str, tuple]:
    """What the loader should make of each generated code (it strips all text)."""
    out = {}
    for c in book["codes"]:
        description = c["description"].strip() or None if c["description"] is not None else None
        keywords = tuple(k.strip() for k in c["keywords"] or () if k.strip())
        colour = c["colour"].lower() if c["colour"] is not None else None
        out[c["id"]] = (
            c["name"].strip(),
            c["parent"],
            description,
            keywords,
            colour,
            c["shortcut"],
            c["status"] or "active",
        )
    return out


def parsed_codes(codebook: Codebook) -> dict[str, tuple]:
    return {
        c.id: (c.name, c.parent, c.description, c.keywords, c.colour, c.shortcut, c.status)
        for c in codebook.codes
    }


def tree(codebook: Codebook) -> set:
    """The codes as a set, without what depends on file layout (order, lines)."""
    return {dataclasses.replace(c, ordinal=0, line=None) for c in codebook.codes}


def assert_reads_back(book: dict, codebook: Codebook, file_order: list[dict]) -> None:
    assert codebook.id == book["id"]
    assert codebook.name == book["name"].strip()
    assert codebook.version == ((book["version"] or "").strip() or None)
    assert codebook.description == ((book["description"] or "").strip() or None)
    assert parsed_codes(codebook) == expected_codes(book)
    assert len(codebook.codes) == len(book["codes"])
    seen: set[str] = set()
    for code in codebook.codes:
        assert code.parent is None or code.parent in seen
        seen.add(code.id)
    assert [c.id for c in codebook.codes] == tree_order(file_order)


def parsed_or_refused(text: str) -> Codebook | None:
    """Parse, or check the refusal is a one-line InputError naming the file."""
    try:
        return parse_codebook(text, path=PATH)
    except InputError as err:
        refusal = err
    assert refusal.path == PATH
    assert str(refusal).startswith(f"{PATH}:")
    assert str(refusal).splitlines() == [str(refusal)]
    return None


@given(ids)
def test_generated_ids_are_valid_ids(code_id):
    assert ID_RE.match(code_id)


@settings(max_examples=120, deadline=None)
@given(forests())
@example(chain_book(MAX_DEPTH + 1))
def test_nested_and_flat_renderings_both_read_back_as_the_generated_tree(book):
    nested = parse_codebook(render_nested(book), path=PATH)
    assert_reads_back(book, nested, book["codes"])
    flat = parse_codebook(render_flat(book), path=PATH)
    assert_reads_back(book, flat, flat_codes(book))
    assert tree(nested) == tree(flat)
    assert {c.id: nested.path_of(c.id) for c in nested.codes} == {
        c.id: flat.path_of(c.id) for c in flat.codes
    }


def test_one_level_past_max_depth_is_refused_in_the_nested_form():
    with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels"):
        parse_codebook(render_nested(chain_book(MAX_DEPTH + 2)), path=PATH)


@settings(max_examples=200, deadline=None)
@given(st.text(yaml_printable_chars))
def test_printable_text_is_parsed_or_refused_with_a_one_line_input_error(text):
    parsed_or_refused(text)


@settings(max_examples=60, deadline=None)
@given(forests().map(render_flat) | forests().map(render_nested), st.data())
def test_a_truncated_codebook_is_parsed_or_refused_with_a_one_line_input_error(text, data):
    parsed_or_refused(text[: data.draw(st.integers(0, len(text)))])


@settings(max_examples=60, deadline=None)
@given(forests().map(render_flat) | forests().map(render_nested), st.data())
def test_a_codebook_with_one_character_replaced_is_parsed_or_refused_with_an_input_error(
    text, data
):
    at = data.draw(st.integers(0, len(text) - 1))
    replacement = data.draw(yaml_printable_chars | st.sampled_from(":#'\"-[]{}&*!|> \t\n"))
    parsed_or_refused(text[:at] + replacement + text[at + 1 :])


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("\x01")
def test_any_text_is_parsed_or_refused_with_a_one_line_input_error(text):
    parsed_or_refused(text)


@settings(max_examples=50, deadline=None)
@given(forests().map(render_flat), st.text(yaml_printable_chars, max_size=20))
@example("codebook: {id: t, name: T}\ncodes: [{id: a, name: A}]\n", "x")
def test_a_codebook_followed_by_a_second_document_is_refused_with_an_input_error(text, second):
    assert parsed_or_refused(f"{text}---\n{second}") is None


@settings(max_examples=10, deadline=None)
@given(st.integers(1, 1500), st.sampled_from(["[]", "{}", "block"]))
@example(1500, "block")
def test_deeply_nested_yaml_is_parsed_or_refused_with_an_input_error(levels, kind):
    if kind == "block":
        text = "".join(f"{' ' * i}k:\n" for i in range(levels))
    else:
        text = kind[0] * levels + kind[1] * levels
    try:
        parsed_or_refused(text)
    except RecursionError:
        # Re-raised without its thousands of frames, which pytest is slow to render.
        raise RecursionError(f"too deep at {levels} levels of {kind}") from None


@settings(max_examples=10, deadline=None)
@given(st.integers(1, 2500))
@example(2500)
def test_a_long_chain_of_flat_parents_is_parsed_or_refused_with_an_input_error(length):
    lines = ["- {id: c0, name: C}"]
    lines += [f"- {{id: c{i}, name: C, parent: c{i - 1}}}" for i in range(1, length)]
    text = "codebook: {id: t, name: T}\ncodes:\n" + "\n".join(lines) + "\n"
    try:
        parsed_or_refused(text)
    except RecursionError:
        # Re-raised without its thousands of frames, which pytest is slow to render.
        raise RecursionError(f"too deep at a chain of {length}") from None


@settings(max_examples=60, deadline=None)
@given(forests(), st.data())
def test_a_parent_that_is_not_in_the_codebook_is_refused_as_an_unknown_parent(book, data):
    known = {c["id"] for c in book["codes"]}
    missing = data.draw(ids.filter(lambda i: i not in known))
    orphan = data.draw(st.sampled_from(book["codes"]))["id"]
    codes = [dict(c, parent=missing) if c["id"] == orphan else c for c in flat_codes(book)]
    text = render_flat(book, codes)
    with pytest.raises(InputError) as info:
        parse_codebook(text, path=PATH)
    err = info.value
    assert f"code {orphan!r} names unknown parent {missing!r}" in err.message
    assert err.path == PATH
    # The error points at the offending value (YAML counts lines at "\n" only, and
    # the emitter escapes every other line-break character it might meet here).
    at = text.split("\n")[err.line - 1][err.column - 1 :]
    assert at.lstrip("'\"").startswith(missing)


def test_the_flat_form_has_the_same_depth_limit_as_the_nested_form():
    def chain(length: int) -> str:
        lines = ["- {id: c0, name: C}"]
        lines += [f"- {{id: c{i}, name: C, parent: c{i - 1}}}" for i in range(1, length)]
        return "codebook: {id: t, name: T}\ncodes:\n" + "\n".join(lines) + "\n"

    assert len(parse_codebook(chain(MAX_DEPTH + 1), path=PATH).codes) == MAX_DEPTH + 1
    with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels"):
        parse_codebook(chain(MAX_DEPTH + 2), path=PATH)
