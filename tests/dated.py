"""A small study with dated codings and a phase scheme, for the timeline's tests.

Three interviews, one coding per interview per quarter from 2000 to 2005: imitation
before 2002, adaptation in 2002-2003, innovation from 2004, peer exchange every other
quarter throughout, and one tacit-knowledge coding dated only to the year 2003 (so it
counts a quarter in each quarter of 2003). Scheme "study" has the three phases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

CASES = ("Alpha", "Beta", "Gamma")
YEARS = range(2000, 2006)
PHASES = (
    ("early", "2000-01", "2001-12"),
    ("middle", "2002-01", "2003-12"),
    ("late", "2004-01", "2005-12"),
)


def theme_of(year: int) -> str:
    return "imitation" if year < 2002 else "adaptation" if year < 2004 else "innovation"


@dataclass(frozen=True)
class Event:
    coding_id: int
    document_id: int
    start: int
    end: int
    code: str
    year: int
    quarter: int | None  # None: dated to the whole year
    text: str


def build(project, tmp_path: Path) -> list[Event]:
    """Import the interviews, their codings (one CSV, one transaction) and the scheme."""
    import csv

    from workbench.services.codings import import_codings, list_codings
    from workbench.services.documents import import_file
    from workbench.services.phases import add_phase

    planned: list[tuple[str, str, str, int, int | None]] = []
    docs: dict[str, int] = {}
    for case in CASES:
        paragraphs = []
        for year in YEARS:
            for q in range(1, 5):
                text = f"In Q{q} {year} the {case} council tried {theme_of(year)} work."
                paragraphs.append(text)
                planned.append((case, text, theme_of(year), year, q))
                if q % 2:
                    text = f"In Q{q} {year} {case} met its peers again."
                    paragraphs.append(text)
                    planned.append((case, text, "peer", year, q))
        if case == "Alpha":
            text = "Some time in 2003 we learned it by watching them."
            paragraphs.append(text)
            planned.append((case, text, "tacit", 2003, None))
        f = tmp_path / f"{case.lower()}.txt"
        f.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        doc = import_file(
            project, path=f, title=f"Interview {case}", kind="interview", case=case, date="2006"
        )
        docs[case] = doc.id
    sheet = tmp_path / "codings.csv"
    with sheet.open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["document", "quote", "code", "coder", "event_date", "memo"])
        for case, text, code, year, q in planned:
            w.writerow(
                [f"Interview {case}", text, code, "alice", f"Q{q} {year}" if q else year, ""]
            )
    import_codings(project.uow(), path=sheet, actor="alice")
    stored = {(c.document_id, c.quote): c for c in list_codings(project.uow(), coder="alice")}
    events = []
    for case, text, code, year, q in planned:
        c = stored[(docs[case], text)]
        events.append(Event(c.id, c.document_id, c.start, c.end, code, year, q, text))
    for label, start, end in PHASES:
        add_phase(project, scheme="study", label=label, start=start, end=end, actor="alice")
    return events
