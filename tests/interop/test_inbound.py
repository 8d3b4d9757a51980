"""Reading other tools' projects: tolerant of how they spell things, strict about sense."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.interop.conftest import make_qdpx
from workbench.core.dates import DateRange, Precision
from workbench.core.errors import InputError
from workbench.interop.refi import RefiImportError, read_qdpx

U1 = "AD68FBE7-E1EE-4A82-A279-23CC698C89EB"
C_TOP = "0F8A1907-7E42-4739-8610-A676B4D1B69F"
C_KID = "D299EFAE-5779-46DC-9827-A3D1A5D544BC"
S1 = "57C6099B-934F-4C86-90F2-CC6C2F2A3CC3"
SEL = "4191294A-E287-4510-95B0-69BCE4638E56"
V_DATE = "11111111-0000-0000-0000-000000000001"
V_ROLE = "11111111-0000-0000-0000-000000000002"
NOTE = "CE15250D-46AD-42C2-B90F-A509B8D64EC8"

WINDOWS_TEXT = (
    "\ufeffQ: When did it start?\r\nA: In 2001.   \r\n\r\n\r\n\r\n"
    "Q: And then?\r\nA: We copied them."
)


def value(variable: str, kind: str, text: str) -> str:
    return (
        f'<VariableValue><VariableRef targetGUID="{variable}"/>'
        f"<{kind}Value>{text}</{kind}Value></VariableValue>"
    )


def qde(sources: str = "", *, extra: str = "", cases: str = "", codes: str = "") -> str:
    codes = (
        codes
        or f"""
      <Code guid="{{{C_TOP}}}" name="Feelings" isCodable="false" color="#F08">
        <Description>thoughts</Description>
        <NoteRef targetGUID="{NOTE.lower()}"/>
        <Code guid="{C_KID}" name="diet Coke" isCodable="true"/>
      </Code>"""
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project name="Breakfast Study" origin="OtherTool 1.0" xmlns="urn:QDA-XML:project:1.0">
  <Users><User guid="{{{U1}}}" name="Ana Lopez" id="AL"/></Users>
  <CodeBook><Codes>{codes}</Codes></CodeBook>
  <Variables>
    <Variable guid="{V_DATE}" name="Date" typeOfVariable="Date"/>
    <Variable guid="{V_ROLE}" name="Role" typeOfVariable="Text"/>
  </Variables>
  {cases}
  <Sources>{sources}</Sources>
  <Notes><Note guid="{NOTE}" name="Plan" creatingUser="{U1.lower()}">
    <Description>About the plan</Description><PlainTextContent>Do it.</PlainTextContent>
  </Note></Notes>
  {extra}
</Project>"""


def windows_source(start: int, end: int, *, path: str = f"internal://{S1}.TXT") -> str:
    return f"""
    <TextSource guid="{S1}" name="Interview 1" plainTextPath="{path}" creatingUser="{U1}">
      <PlainTextSelection guid="{{{SEL}}}" startPosition="{start}" endPosition="{end}"
          creatingUser="{U1}" creationDateTime="2018-03-27T19:29:27Z">
        <Description>a comment</Description>
        <Coding guid="445A6AEC-1400-4502-919D-0867832FF211" creatingUser="{U1}">
          <CodeRef targetGUID="{C_KID.lower()}"/>
        </Coding>
        <NoteRef targetGUID="{NOTE}"/>
      </PlainTextSelection>
      {value(V_DATE, "Date", "2004-03-12")}
      {value(V_ROLE, "Text", "manager")}
    </TextSource>"""


def selection_of(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote) - 1  # the tool counts code points, the BOM is not text
    return start, start + len(quote)


def test_a_foreign_project_reads_with_its_spelling_tolerated():
    start, end = selection_of(WINDOWS_TEXT, "We copied them.")
    data = make_qdpx(
        qde(windows_source(start, end)),
        {f"sources/{S1.lower()}.txt": WINDOWS_TEXT.encode("utf-8")},  # other case than the path
    )
    read = read_qdpx(data, label="foreign.qdpx")
    project = read.project
    assert read.codebook == "refi-breakfast-study"
    [coder] = project.coders
    assert (coder.guid, coder.handle, coder.name) == (U1.lower(), "AL", "Ana Lopez")
    top, kid = project.codes
    assert (top.id, top.name, top.colour, top.description) == (
        C_TOP.lower(),
        "Feelings",
        "#FF0088",  # the short form, expanded
        "thoughts",
    )
    assert (kid.id, kid.parent, kid.codebook) == (
        C_KID.lower(),
        C_TOP.lower(),
        "refi-breakfast-study",
    )
    [doc] = project.documents
    assert doc.text == "Q: When did it start?\nA: In 2001.\n\n\nQ: And then?\nA: We copied them."
    assert doc.date == DateRange(date(2004, 3, 12), date(2004, 3, 12), Precision.DAY)
    assert doc.attributes == {"Role": "manager"}
    [coding] = project.codings
    assert doc.text[coding.start : coding.end] == "We copied them."
    assert (coding.guid, coding.coder, coding.origin, coding.memo) == (
        SEL.lower(),
        U1.lower(),
        "imported",
        "a comment",
    )
    assert coding.created is not None
    assert coding.created.isoformat() == "2018-03-27T19:29:27+00:00"
    [memo] = project.memos
    assert (memo.title, memo.body, memo.code, memo.coding, memo.document) == (
        "Plan",
        "About the plan\n\nDo it.",
        C_TOP.lower(),
        SEL.lower(),
        S1.lower(),
    )
    assert any('folders (isCodable="false")' in w for w in read.warnings)


def test_a_path_without_the_internal_prefix_is_read_with_a_warning():
    start, end = selection_of(WINDOWS_TEXT, "In 2001.")
    data = make_qdpx(
        qde(windows_source(start, end, path="interview.txt")),
        {"sources/interview.txt": WINDOWS_TEXT},
    )
    read = read_qdpx(data, label="qc.qdpx")
    assert read.project.documents[0].source_name == "interview.txt"
    assert any("lack the internal:// prefix" in w for w in read.warnings)


def test_inline_text_and_rich_text_only_sources():
    sources = f"""
    <TextSource guid="22222222-0000-0000-0000-000000000001" name="Inline">
      <PlainTextContent>Inline text here</PlainTextContent>
      <Coding guid="22222222-0000-0000-0000-000000000009"><CodeRef targetGUID="{C_KID}"/></Coding>
    </TextSource>
    <TextSource guid="22222222-0000-0000-0000-000000000002" name="Rich"
        richTextPath="internal://22222222-0000-0000-0000-000000000002.html">
      <PlainTextSelection guid="22222222-0000-0000-0000-000000000003"
          startPosition="0" endPosition="5">
        <Coding guid="22222222-0000-0000-0000-000000000004"><CodeRef targetGUID="{C_KID}"/></Coding>
      </PlainTextSelection>
    </TextSource>"""
    html = "<html><body><p>Hello rich world</p></body></html>"
    files = {"sources/22222222-0000-0000-0000-000000000002.html": html}
    read = read_qdpx(make_qdpx(qde(sources), files), label="r.qdpx", fallback_coder="me")
    inline, rich = read.project.documents
    assert (inline.text, rich.text) == ("Inline text here", "Hello rich world")
    whole, part = read.project.codings
    assert (whole.start, whole.end) == (0, len("Inline text here"))  # a coding of the whole source
    assert rich.text[part.start : part.end] == "Hello"
    assert {c.handle for c in read.project.coders} == {"AL", "me"}  # unattributed codings
    assert any("extracted by the workbench" in w for w in read.warnings)


def test_cases_give_documents_their_case_and_events_their_dates():
    start, end = selection_of(WINDOWS_TEXT, "In 2001.")
    cases = f"""<Cases>
      <Case guid="33333333-0000-0000-0000-000000000001" name="Northbridge">
        {value(V_ROLE, "Text", "council")}
        <SourceRef targetGUID="{S1}"/>
      </Case>
      <Case guid="33333333-0000-0000-0000-000000000002" name="when it started">
        {value(V_DATE, "Date", "2001-06-01")}
        <SelectionRef targetGUID="{SEL}"/>
      </Case></Cases>"""
    data = make_qdpx(
        qde(windows_source(start, end), cases=cases), {f"sources/{S1}.txt": WINDOWS_TEXT}
    )
    project = read_qdpx(data, label="c.qdpx").project
    [case] = project.cases
    assert (case.name, dict(case.attributes)) == ("Northbridge", {"Role": "council"})
    assert project.documents[0].case == "Northbridge"
    assert project.codings[0].event == DateRange(date(2001, 6, 1), date(2001, 6, 1), Precision.DAY)


def test_unsupported_elements_are_reported_as_warnings():
    extra = f"""
      <Links><Link guid="44444444-0000-0000-0000-000000000001" originGUID="{NOTE}"/></Links>
      <Sets><Set guid="44444444-0000-0000-0000-000000000002" name="Mabel"/></Sets>
      <Graphs><Graph guid="44444444-0000-0000-0000-000000000003"/></Graphs>"""
    sources = """<PictureSource guid="44444444-0000-0000-0000-000000000004" name="cornflakes.jpg"
        path="internal://44444444-0000-0000-0000-000000000004.jpg"/>"""
    read = read_qdpx(make_qdpx(qde(sources, extra=extra)), label="u.qdpx")
    joined = "\n".join(read.warnings)
    for expected in (
        "picture source 'cornflakes.jpg'",
        "1 link(s)",
        "1 graph(s)",
        "set(s) not imported",
    ):
        assert expected in joined


# -- what is refused ------------------------------------------------------------------


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The line of the ``nth`` line containing ``needle`` in ``text``."""
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[nth - 1]


def problems_of(data: bytes, *, strict: bool = False) -> list[str]:
    with pytest.raises(InputError) as info:
        read_qdpx(data, label="bad.qdpx", strict=strict)
    error = info.value
    problems = getattr(error, "problems", []) or [error]
    return [str(p) for p in problems]


def test_a_missing_source_file_is_named_with_its_line_under_strict():
    xml = qde(windows_source(0, 3))
    [problem] = problems_of(make_qdpx(xml), strict=True)
    assert problem == (
        f"bad.qdpx!project.qde:{line_of(xml, '<TextSource')}: source 'Interview 1' ({S1.lower()}): "
        f"internal://{S1}.TXT is not in the archive; nothing was imported"
    )


def test_a_partial_project_imports_what_is_there_and_names_what_is_missing():
    gone = "55555555-0000-0000-0000-000000000001"
    sources = windows_source(0, 3) + windows_source(0, 3).replace(
        f"internal://{S1}.TXT", "internal://gone.txt"
    ).replace(S1, gone).replace(SEL, "55555555-0000-0000-0000-000000000002").replace(
        "Interview 1", "Lost"
    )
    read = read_qdpx(make_qdpx(qde(sources), {f"sources/{S1}.txt": WINDOWS_TEXT}), label="p.qdpx")
    assert [d.title for d in read.project.documents] == ["Interview 1"]
    assert len(read.project.codings) == 1
    assert (
        f"source 'Lost' ({gone}): internal://gone.txt is not in the archive; not imported "
        "with its 1 coding(s)"
    ) in read.warnings


def test_selection_offsets_beyond_the_text_are_refused():
    xml = qde(windows_source(10, 900))
    [problem] = problems_of(make_qdpx(xml, {f"sources/{S1}.txt": WINDOWS_TEXT}))
    # 77 code points: the byte-order mark is not text.
    assert (
        f"selection {SEL.lower()} [10, 900) lies outside its text, which has 77 characters"
        in problem
    )
    assert problem.startswith(f"bad.qdpx!project.qde:{line_of(xml, '<PlainTextSelection')}:")


def test_a_coding_of_an_undefined_code_is_refused():
    source = windows_source(0, 3).replace(C_KID.lower(), "99999999-9999-9999-9999-999999999999")
    [problem] = problems_of(make_qdpx(qde(source), {f"sources/{S1}.txt": WINDOWS_TEXT}))
    assert (
        "refers to code 99999999-9999-9999-9999-999999999999, which the codebook does not define"
        in problem
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("relative:///interviews/one.txt", "is an external file (relative://)"),
        ("absolute:///etc/passwd", "is an external file (absolute://)"),
        ("internal://../../etc/passwd", "refused source path 'internal://../../etc/passwd'"),
    ],
)
def test_external_and_escaping_source_paths_are_never_read(path, message):
    [problem] = problems_of(make_qdpx(qde(windows_source(0, 3, path=path))))
    assert message in problem


def test_every_problem_of_a_file_is_reported_at_once():
    sources = windows_source(0, 900) + windows_source(0, 3).replace(
        S1, "55555555-0000-0000-0000-000000000001"
    ).replace(SEL, "55555555-0000-0000-0000-000000000002").replace(
        f"internal://{S1}.TXT", "internal://gone.txt"
    )
    xml = qde(sources)
    data = make_qdpx(xml, {f"sources/{S1}.txt": WINDOWS_TEXT})
    with pytest.raises(RefiImportError) as info:
        read_qdpx(data, label="bad.qdpx", strict=True)
    assert info.value.message == (
        "2 problems (1 source file(s) missing from the archive, which holds only project.qde, "
        f"sources/{S1}.txt); nothing was imported"
    )
    assert [p.line for p in info.value.problems] == [
        line_of(xml, "<PlainTextSelection"),
        line_of(xml, "<TextSource", 2),
    ]


def test_elements_without_their_guid_are_refused():
    codes = '<Code name="no guid" isCodable="true"/>'
    [problem] = problems_of(make_qdpx(qde(codes=codes)))
    assert "<Code> has no guid attribute" in problem


def test_two_codes_with_one_guid_are_refused():
    codes = (
        f'<Code guid="{C_KID}" name="a" isCodable="true"/>'
        f'<Code guid="{{{C_KID.lower()}}}" name="b" isCodable="true"/>'
    )
    [problem] = problems_of(make_qdpx(qde(codes=codes)))
    assert f"two codes have the GUID {C_KID.lower()}" in problem


def test_unsafe_or_malformed_xml_inside_the_archive_is_located():
    evil = (
        '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Project/>'
    )
    [problem] = problems_of(make_qdpx(evil))
    assert problem.startswith("bad.qdpx!project.qde:2:")
    assert "refused: the XML declares a DOCTYPE" in problem
    broken = qde().replace("</Users>", "</User>", 1)
    [problem] = problems_of(make_qdpx(broken))
    assert re.match(r"bad\.qdpx!project\.qde:3:\d+: not well-formed XML: mismatched tag", problem)
