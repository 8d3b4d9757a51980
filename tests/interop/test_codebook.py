"""QDC codebooks: written valid against the specification's schema, read in both forms."""

from __future__ import annotations

import re

import pytest

from tests.interop.conftest import SPEC, need
from workbench.core.errors import InputError
from workbench.interop.refi import ExchangeCode, RefiImportError, code_guid, read_qdc, write_qdc

CODES = (
    ExchangeCode(
        guid=code_guid("push"),
        id="push",
        name="Dissemination push",
        codebook="learning",
        description="Award holders broadcasting their practice.",
        inclusion="The source sets the agenda.",
        exclusion="If the learner seeks knowledge, use pull.",
        examples=("We did eleven events that year.",),
        colour="#1f77b4",
        shortcut="1",
        keywords=("disseminate", "roll out"),
        ordinal=0,
    ),
    ExchangeCode(
        guid=code_guid("push.events"),
        id="push.events",
        name="Conferences & <showcase> events",
        codebook="learning",
        parent=code_guid("push"),
        ordinal=0,
    ),
    ExchangeCode(guid=code_guid("pull"), id="pull", name="Learning pull", codebook="learning"),
)


def test_a_written_codebook_is_valid_against_the_specifications_schema(codebook_schema):
    data = write_qdc(CODES)
    codebook_schema.validate(data.decode("utf-8"))
    text = data.decode("utf-8")
    assert '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"' in text
    # Other tools show the criteria and examples in the description.
    assert "Inclusion: The source sets the agenda." in text
    assert "- We did eleven events that year." in text


def test_a_written_codebook_reads_back_exactly():
    read = read_qdc(write_qdc(CODES), label="learning.qdc")
    assert read.project.codes == CODES
    assert read.warnings == ()


def flat(*codes: str) -> bytes:
    return (
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="some tool"><Codes>'
        + "".join(codes)
        + "</Codes></CodeBook>"
    ).encode()


A, B, C = (f"{n}0000000-0000-0000-0000-000000000000" for n in "abc")


def test_a_flat_codebook_with_parent_attributes_is_rebuilt_as_a_tree():
    data = flat(
        f'<Code guid="{B}" name="child" isCodable="true" parent="{{{A.upper()}}}"/>',
        f'<Code guid="{A}" name="root" isCodable="true"/>',
        f'<Code guid="{C}" name="grandchild" isCodable="true" parentGUID="{B}"/>',
    )
    read = read_qdc(data, label="/tmp/My Codes.qdc")
    by_name = {c.name: c for c in read.project.codes}
    assert by_name["root"].parent is None
    assert by_name["child"].parent == A
    assert by_name["grandchild"].parent == B
    assert {c.codebook for c in read.project.codes} == {"refi-my-codes"}


def test_a_flat_code_naming_a_missing_parent_is_refused():
    data = flat(f'<Code guid="{B}" name="orphan" isCodable="true" parent="{A}"/>')
    with pytest.raises(InputError) as info:
        read_qdc(data, label="flat.qdc")
    assert str(info.value) == (
        f"flat.qdc:1: code 'orphan' ({B}) names parent {A}, which is not in the codebook; "
        "nothing was imported"
    )


def test_a_loop_of_parents_is_refused():
    data = flat(
        f'<Code guid="{A}" name="a" isCodable="true" parent="{B}"/>',
        f'<Code guid="{B}" name="b" isCodable="true" parent="{A}"/>',
    )
    with pytest.raises(RefiImportError, match="2 problems") as info:
        read_qdc(data, label="loop.qdc")
    assert all("is its own ancestor" in p.message for p in info.value.problems)


def test_codes_nested_absurdly_deep_are_refused_without_recursion():
    depth = 5000
    opening = "".join(
        f'<Code guid="{i:08x}-0000-0000-0000-000000000000" name="c{i}" isCodable="true">'
        for i in range(depth)
    )
    data = flat(opening + "</Code>" * depth)
    with pytest.raises(InputError, match="nested deeper than 200 levels"):
        read_qdc(data, label="deep.qdc")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<Project name='p'/>", "this is a project (root <Project>): import it as a .qdpx"),
        (b"<Codebook/>", "the root element is <Codebook>, not <CodeBook>"),
        (flat(), "the codebook has no codes"),
    ],
)
def test_what_is_not_a_codebook_says_so(data, message):
    with pytest.raises(InputError, match=re.escape(message)):
        read_qdc(data, label="x.qdc")


def test_the_specifications_example_codebook_imports():
    text = need(SPEC).read_text(encoding="utf-8")
    start = text.index("<?xml", text.rindex("A.1 Example 1. Codebook."))
    end = text.index("</CodeBook>", start) + len("</CodeBook>")
    kept: list[str] = []
    for raw in text[start:end].splitlines():
        line = raw.rstrip()
        if re.match(r"\s*<", line) or (kept and not kept[-1].endswith(">")):
            joiner = "" if kept and kept[-1].endswith("-") else " "
            if re.match(r"\s*<", line):
                kept.append(line)
            else:
                kept[-1] += joiner + line.strip()
    read = read_qdc("\n".join(kept).encode(), label="example1.qdc")
    names = [c.name for c in read.project.codes]
    assert names == ["Topics", "Economy", "Health care", "Values", "Conservatives", "Liberals"]
    economy = read.project.codes[1]
    assert (economy.id, economy.colour, economy.description) == (
        "d7aa29da-519b-4946-9b90-253b6db8fd0a",  # braces and case gone: a stable id
        "#ffff00",
        "Anything about jobs or taxes or business",
    )
