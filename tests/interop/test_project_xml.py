"""Writing a project: valid against the REFI-QDA schema, and read back to the same values."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.dates import parse_date
from workbench.ingest.text import normalise_text
from workbench.interop.refi import (
    ExchangeCase,
    ExchangeCode,
    ExchangeCoder,
    ExchangeCoding,
    ExchangeDocument,
    ExchangeMemo,
    ExchangePhase,
    ExchangeProject,
    ExchangeScheme,
    code_guid,
    coder_guid,
    read_qdpx,
    write_qdpx,
)

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
TEXT = "Interviewer: When?\nR1: In spring 2002 we copied them \U0001f600 at Café Nord.\n\tThen?"
DOC = "0b0c0d0e-0000-4000-8000-000000000001"
DOC2 = "0b0c0d0e-0000-4000-8000-000000000002"
ALICE, BOB = coder_guid("alice"), coder_guid("bob")
PUSH, EVENTS = code_guid("push"), code_guid("push.events")


def span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def sample_project() -> ExchangeProject:
    copied = span("we copied them \U0001f600")
    return ExchangeProject(
        name="study",
        coders=(
            ExchangeCoder(ALICE, "alice", "Alice Ames", "lead"),
            ExchangeCoder(BOB, "bob", None, "coder"),
        ),
        codes=(
            ExchangeCode(
                PUSH,
                "push",
                "Dissemination push",
                "learning",
                description="Broadcasting.",
                inclusion="In.",
                exclusion="Out.",
                examples=("e1", "e2"),
                colour="#1f77b4",
                shortcut="1",
                keywords=("k",),
                synonyms=("s",),
                phase_markers=("imitation",),
                ordinal=0,
            ),
            ExchangeCode(
                EVENTS, "push.events", "Events", "learning", parent=PUSH, status="retired"
            ),
        ),
        cases=(
            ExchangeCase(code_guid("x"), "Northbridge", {"region": "north", "Kind": "unitary"}),
        ),
        documents=(
            ExchangeDocument(
                DOC,
                "Interview 01",
                TEXT,
                kind="interview",
                date=parse_date("2006-05"),
                case="Northbridge",
                attributes={"encoding": "utf-8", "Date": "not the date"},
                created=WHEN,
            ),
            ExchangeDocument(DOC2, "Note", "A field note.", kind="fieldnote", created=WHEN),
        ),
        codings=(
            ExchangeCoding(
                "c0000000-0000-4000-8000-000000000001",
                DOC,
                *copied,
                code=PUSH,
                coder=ALICE,
                origin="adjudicated",
                memo="a -- memo\r\nkept\texactly",
                event=parse_date("spring 2002"),
                created=WHEN,
                updated=WHEN,
            ),
            ExchangeCoding(
                "c0000000-0000-4000-8000-000000000002",
                DOC,
                *copied,
                code=PUSH,
                coder=BOB,
                created=WHEN,
                updated=WHEN,
            ),
            ExchangeCoding(
                "c0000000-0000-4000-8000-000000000003",
                DOC2,
                0,
                7,
                code=EVENTS,
                coder=BOB,
                origin="suggested",
                created=WHEN,
                updated=WHEN,
            ),
        ),
        memos=(
            ExchangeMemo(
                "a0000000-0000-4000-8000-000000000001",
                "on a coding",
                "T1",
                ALICE,
                document=DOC,
                coding="c0000000-0000-4000-8000-000000000001",
                created=WHEN,
                updated=WHEN,
            ),
            ExchangeMemo(
                "a0000000-0000-4000-8000-000000000002",
                "on a code and document",
                None,
                BOB,
                document=DOC2,
                code=PUSH,
                created=WHEN,
                updated=WHEN,
            ),
            ExchangeMemo(
                "a0000000-0000-4000-8000-000000000003",
                "free",
                "Free",
                BOB,
                created=WHEN,
                updated=WHEN,
            ),
        ),
        schemes=(
            ExchangeScheme(
                'the "study"',
                (
                    ExchangePhase("imitation", date(1999, 1, 1), date(2001, 6, 30), "why\nso"),
                    ExchangePhase("adaptation", date(2001, 7, 1), date(2004, 12, 31)),
                ),
                "Three phases.",
            ),
        ),
    )


def qde_of(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("project.qde")


def test_an_export_is_valid_against_the_project_schema(project_schema):
    data = write_qdpx(sample_project(), now=WHEN)
    project_schema.validate(qde_of(data).decode("utf-8"))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    memos = [f"sources/a0000000-0000-4000-8000-00000000000{i}.txt" for i in (1, 2, 3)]
    assert names == ["project.qde", f"sources/{DOC}.txt", f"sources/{DOC2}.txt", *memos]
    assert zipfile.ZipFile(io.BytesIO(data)).read(f"sources/{DOC}.txt") == TEXT.encode("utf-8")


def test_the_qde_carries_dates_events_and_phases_in_standard_form():
    text = qde_of(write_qdpx(sample_project(), now=WHEN)).decode("utf-8")
    assert '<Variable guid="' in text
    assert 'name="Date" typeOfVariable="Date"' in text
    assert "<DateValue>2006-05-01</DateValue>" in text
    assert "<DateValue>2006-05-31</DateValue>" in text
    assert "<TextValue>month</TextValue>" in text
    assert 'name="Event ' not in text  # no case is invented for an event
    assert "kept\texactly\n\nEvent date: spring 2002</Description>" in text
    assert (
        'Phase 1 "imitation" of bracket scheme "the \\"study\\"": 1999-01-01 to 2001-06-30.' in text
    )
    assert 'startPosition="38" endPosition="54"' in text  # code points, not UTF-16 units


def test_an_export_reads_back_to_the_same_project():
    original = sample_project()
    read = read_qdpx(write_qdpx(original, now=WHEN), label="study.qdpx")
    back = read.project
    assert read.warnings == ()
    assert back.coders == original.coders
    assert back.codes == original.codes
    assert back.cases == original.cases
    strip = {"raw": None, "source_name": None}
    assert [replace(d, **strip) for d in back.documents] == list(original.documents)
    assert back.codings == original.codings
    assert back.memos == original.memos
    assert back.schemes == original.schemes


TEXTS = st.lists(
    st.sampled_from([*"abc é\t\n", "\U0001f600", "&", "<", "]]>", "\u2028", "\r\n", "--"]),
    min_size=1,
    max_size=60,
).map(lambda parts: normalise_text("".join(parts)))


@settings(max_examples=60, deadline=None)
@given(TEXTS.filter(bool), st.data())
def test_any_stored_text_and_spans_survive_the_round_trip(text, data):
    """Stored texts are normalised; whatever they hold, offsets and text come back."""
    n = len(text)
    spans = data.draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(1, n)).filter(lambda p: p[0] < p[1]),
            max_size=5,
            unique=True,
        )
    )
    codings = tuple(
        ExchangeCoding(
            f"c0000000-0000-4000-8000-{i:012d}", DOC, a, b, code=PUSH, coder=ALICE, memo=text
        )
        for i, (a, b) in enumerate(spans)
    )
    project = ExchangeProject(
        name="p",
        coders=(ExchangeCoder(ALICE, "alice"),),
        codes=(ExchangeCode(PUSH, "push", "Push", "learning"),),
        documents=(ExchangeDocument(DOC, "T", text),),
        codings=codings,
    )
    back = read_qdpx(write_qdpx(project, now=WHEN), label="p.qdpx").project
    assert back.documents[0].text == text
    assert sorted(back.codings, key=lambda c: c.guid) == list(codings)  # written in text order
