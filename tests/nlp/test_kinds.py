"""Kinds of date mention: citations, reference lists and page furniture are not event dates."""

from __future__ import annotations

import pytest

from workbench.core.dates import MentionKind
from workbench.nlp.kinds import furniture_lines, reference_sections
from workbench.nlp.mentions import find_date_mentions

K = MentionKind


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.text, str(m.kind)) for m in find_date_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peer learning grew (Rashman and Hartley, 2002).", [("2002", K.CITATION)]),
        (
            "(Hartley, 2005; Downe et al., 2004) say so.",
            [("2005", K.CITATION), ("2004", K.CITATION)],
        ),
        ("Behn (2008) called it diffusion.", [("2008", K.CITATION)]),
        ("As Rashman et al. (2009: 465) put it.", [("2009", K.CITATION)]),
        ("Hartley and Rashman (2007, p. 58) weighted them.", [("2007", K.CITATION)]),
        ("(see also Nutley, Walter and Davies, 2007)", [("2007", K.CITATION)]),
        ("(e.g. van der Berg 2011)", [("2011", K.CITATION)]),
        ("A review [6] published in 2011 asked for more.", [("2011", K.CITATION)]),
        ("A Dutch group reported in 2009 [9] the same.", [("2009", K.CITATION)]),
        # events, even in parentheses or beside citations
        ("Phase 1 (1999-2001) was imitation.", [("1999-2001", K.EVENT)]),
        ("The guidance (No. 3, 2001) asked for it.", [("2001", K.EVENT)]),
        ("The board met (in March 2004) twice.", [("March 2004", K.EVENT)]),
        ("Networks spread after 2000 [1, 2].", [("2000", K.EVENT)]),
        ("The council reported in 2009 that costs rose.", [("2009", K.EVENT)]),
        ("In 2004 (Hartley, 2005) councils merged.", [("2004", K.EVENT), ("2005", K.CITATION)]),
    ],
)
def test_citations_and_events(text, expected):
    assert kinds(text) == [(t, str(k)) for t, k in expected]


PAPER = """Learning travelled in 2003 (Hartley, 2005).

References

Behn, R.D. (2008) The adoption of innovation. In: Borins, S. (ed.) Innovations.
Hartley, J. (2005) Innovation in governance. Public Money and Management, 25(1), 27-34.

Appendix A

The survey ran in 2006."""


def test_reference_section_runs_from_its_heading_to_an_appendix():
    assert kinds(PAPER) == [
        ("2003", "event"),
        ("2005", "citation"),
        ("2008", "reference"),
        ("2005", "reference"),
        ("2006", "event"),
    ]


def test_reference_entries_without_a_heading_need_two_in_a_row():
    numbered = (
        "1. Smith A, Jones B. Learning networks. BMJ. 2003;326:1-5.\n"
        "2. Patel R. Spreading improvement. Health Policy. 2005;72(2):101-9."
    )
    assert [k for _, k in kinds(numbered)] == ["reference", "reference"]
    one = "Smith, J. (2003) came to the council and stayed until 2005."
    assert reference_sections(one) == []


def test_a_line_repeated_on_every_page_is_furniture():
    header = "07/03/2023, 14:02   Project export\n"
    pages = [
        f"{header}The site changed in {y} and again in {y + 3}.\n\n" for y in (2001, 2002, 2003)
    ]
    found = find_date_mentions("".join(pages))
    assert [str(m.kind) for m in found][:3] == ["furniture", "event", "event"]
    assert len(furniture_lines("".join(pages))) == 3
    # twice is not a running header
    assert all(m.kind is K.EVENT for m in find_date_mentions("".join(pages[:2])))


def test_relative_dates_anchor_only_on_event_mentions_in_the_paragraph():
    text = "Costs were studied (Hartley, 2005). Two years later nothing had changed."
    assert kinds(text) == [("2005", "citation")]
    text = "We opened in 2003.\n\nTwo years later it closed."
    assert kinds(text) == [("2003", "event")]
    text = "We opened in 2003 (Hartley, 2005), and two years later it closed."
    found = find_date_mentions(text)
    assert [(m.text, m.range.start.year) for m in found] == [
        ("2003", 2003),
        ("2005", 2005),
        ("two years later", 2005),
    ]
    assert found[2].kind is K.EVENT
