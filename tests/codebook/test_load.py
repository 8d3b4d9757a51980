from __future__ import annotations

import textwrap

import pytest

from tests.conftest import LEARNING, STARTER
from workbench.codebook.load import load_codebook, parse_codebook
from workbench.core.errors import InputError

HEAD = "codebook:\n  id: t\n  name: Test\ncodes:\n"


def parse(body: str):
    return parse_codebook(HEAD + textwrap.dedent(body), path="t.yaml")


def error_of(body: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse(body)
    return info.value


def test_shipped_codebooks_are_valid():
    learning = load_codebook(LEARNING)
    assert learning.id == "learning-innovation"
    assert len(learning.codes) >= 35
    names = {c.name.lower() for c in learning.codes}
    assert "tacit knowledge" in names
    assert {c.shortcut for c in learning.codes if c.shortcut} == set("0123456789")
    starter = load_codebook(STARTER)
    assert any(c.name.lower().startswith("turning point") for c in starter.codes)


def test_nested_and_flat_forms_give_the_same_tree():
    nested = parse("""\
      - id: a
        name: A
        children:
          - id: b
            name: B
    """)
    flat = parse("""\
      - id: b
        name: B
        parent: a
      - id: a
        name: A
    """)
    assert [(c.id, c.parent) for c in nested.codes] == [("a", None), ("b", "a")]
    assert [(c.id, c.parent) for c in flat.codes] == [("a", None), ("b", "a")]
    assert nested.path_of("b") == "A/B"


def test_fields_are_read():
    book = parse("""\
      - id: a
        name: A
        description: what it is
        inclusion: use when
        exclusion: not when
        examples: [one, two]
        colour: "#AABBCC"
        shortcut: "3"
        keywords: [best practice]
        synonyms: [copying]
        phase_markers: [imitation]
    """)
    a = book.codes[0]
    assert a.colour == "#aabbcc"
    assert a.shortcut == "3"
    assert a.examples == ("one", "two")
    assert a.keywords == ("best practice",)
    assert a.phase_markers == ("imitation",)
    assert a.exclusion == "not when"


@pytest.mark.parametrize(
    ("body", "message", "line", "column"),
    [
        ("- id: a\n  name: A\n  colour_: red\n", "unknown key 'colour_'", 7, 3),
        ("- id: a\n  name: A\n- id: a\n  name: B\n", "duplicate id 'a' (first at line 5)", 7, 3),
        ("- id: a\n  name: A\n- id: b\n  name: a\n", "duplicate name 'a' among siblings", 7, 3),
        ("- id: a\n  name: A\n  colour: '#12345'\n", "bad colour '#12345'", 7, 11),
        ("- id: a\n  name: A\n  colour: red\n", "bad colour 'red'", 7, 11),
        ("- id: a\n  name: '  '\n", "empty code name", 6, 9),
        (
            "- id: a\n  name: A\n  parent: b\n- id: b\n  name: B\n  parent: a\n",
            "cycle in parents",
            5,
            3,
        ),
        ("- id: a\n  name: A\n  parent: zz\n", "unknown parent 'zz'", 7, 11),
        ("- id: A B\n  name: A\n", "bad id 'A B'", 5, 7),
        ("- name: A\n", "missing required key 'id'", 5, 3),
        ("- id: a\n  name: A\n  shortcut: '12'\n", "bad shortcut '12'", 7, 13),
        (
            "- id: a\n  name: A\n  shortcut: '1'\n- id: b\n  name: B\n  shortcut: '1'\n",
            "duplicate shortcut '1'",
            8,
            3,
        ),
        ("- id: a\n  name: A\n  name: B\n", "duplicate key 'name'", 7, 3),
        (
            "- id: a\n  name: A\n  parent: b\n  children: [{id: c, name: C}]\n- id: b\n  name: B\n",
            "both 'parent' and 'children'",
            8,
            13,
        ),
    ],
)
def test_each_error_names_file_line_and_column(body, message, line, column):
    err = error_of(body)
    assert message in err.message
    assert (err.path, err.line, err.column) == ("t.yaml", line, column)
    assert str(err).startswith(f"t.yaml:{line}:{column}: ")


def test_aliases_are_refused_before_expansion():
    laughs = (
        "codebook: {id: t, name: T}\na: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(8)
        )
        + "codes: []\n"
    )
    with pytest.raises(InputError, match="anchors and aliases"):
        parse_codebook(laughs, path="laughs.yaml")


def test_deep_nesting_is_refused():
    body = "".join(
        f"{'  ' * (2 * i)}- id: c{i}\n{'  ' * (2 * i)}  name: C{i}\n{'  ' * (2 * i)}  children:\n"
        for i in range(20)
    )
    body += f"{'  ' * 40}- id: leaf\n{'  ' * 40}  name: Leaf\n"
    with pytest.raises(InputError, match="nested deeper"):
        parse(body)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty codebook"),
        ("codes: []\n", "missing required key 'codebook'"),
        ("codebook: {id: t, name: T}\n", "missing required key 'codes'"),
        ("codebook: {id: t, name: T}\ncodes: [\n", "not valid YAML"),
        ("codebook: {id: t, name: T}\ncodes: []\n", "has no codes"),
        ("- just a list\n", "must be a mapping"),
    ],
)
def test_structural_errors(text, message):
    with pytest.raises(InputError, match=message):
        parse_codebook(text, path="x.yaml")


def test_file_errors(tmp_path):
    with pytest.raises(InputError, match="no such codebook file"):
        load_codebook(tmp_path / "missing.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"codebook: {id: t, name: caf\xe9}\n")
    with pytest.raises(InputError, match="not UTF-8"):
        load_codebook(bad)
