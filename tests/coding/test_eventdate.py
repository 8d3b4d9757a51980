"""The event-date rule: own date, then mentions in span, sentence, turn, then the document."""

from __future__ import annotations

from workbench.coding.eventdate import (
    DatedMention,
    DateSource,
    EventDateResolver,
    MentionScope,
    gap,
    resolve_event_date,
)
from workbench.core.dates import parse_date

TEXT = (
    "R1: In 2000 we went to an open day. We copied what they did.\n"
    "R2: Later we adapted it. That was hard.\n"
    "R3: Nothing dated here.\n"
)


def mention(surface: str) -> DatedMention:
    start = TEXT.index(surface)
    return DatedMention(start, start + len(surface), surface, parse_date(surface))


def span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


M2000 = mention("2000")
SENTENCES = [span("In 2000 we went to an open day."), span("We copied what they did.")]
SENTENCES += [span("Later we adapted it."), span("That was hard."), span("Nothing dated here.")]
TURNS = [(0, TEXT.index("\nR2")), (TEXT.index("R2"), TEXT.index("\nR3"))]
TURNS += [(TEXT.index("R3"), len(TEXT) - 1)]
DOC = parse_date("2006-05")


def resolver(**kw) -> EventDateResolver:
    args = {"mentions": [M2000], "sentences": SENTENCES, "turns": TURNS, "document": DOC}
    return EventDateResolver(**(args | kw))


def test_own_date_wins():
    got = resolver().resolve(*span("2000 we went"), own=parse_date("1999"))
    assert got.source is DateSource.OWN
    assert str(got.range) == "1999"


def test_mention_inside_the_span():
    got = resolver().resolve(*span("In 2000 we went"))
    assert (got.source, got.scope, got.mention) == (DateSource.MENTION, MentionScope.SPAN, M2000)


def test_mention_overlapping_the_span_counts_as_inside():
    start, _ = span("2000")
    got = resolver().resolve(start + 2, start + 10)
    assert got.scope is MentionScope.SPAN


def test_mention_in_the_sentence():
    got = resolver().resolve(*span("open day"))
    assert (got.source, got.scope) == (DateSource.MENTION, MentionScope.SENTENCE)
    assert str(got.range) == "2000"


def test_mention_in_the_turn():
    got = resolver().resolve(*span("copied what they did"))
    assert (got.source, got.scope) == (DateSource.MENTION, MentionScope.TURN)


def test_other_turn_falls_back_to_the_document_date():
    got = resolver().resolve(*span("adapted it"))
    assert got.source is DateSource.DOCUMENT
    assert got.range == DOC


def test_no_date_at_all():
    got = resolver(document=None).resolve(*span("Nothing dated"))
    assert got.source is DateSource.NONE
    assert got.range is None


def test_nearest_mention_wins_and_earlier_on_ties():
    text = "In 2001 and 2002 and 2003 it happened."
    ms = [
        DatedMention(text.index(y), text.index(y) + 4, y, parse_date(y))
        for y in ("2001", "2002", "2003")
    ]
    whole = [(0, len(text))]
    near_2003 = text.index("it happened")
    got = resolve_event_date(near_2003, near_2003 + 2, mentions=ms, sentences=whole)
    assert got.mention == ms[2]
    # Between 2001 and 2002, equally far from both: the earlier one.
    a = text.index(" and 2002")
    got = resolve_event_date(a + 1, a + 4, mentions=ms, sentences=whole)
    assert got.mention == ms[0]
    # Two mentions inside the span: the first one.
    got = resolve_event_date(0, len(text), mentions=ms)
    assert got.mention == ms[0]


def test_span_over_several_sentences_uses_all_of_them():
    start, _ = span("open day")
    _, end = span("We copied")
    got = resolver(turns=[]).resolve(start, end)
    assert got.scope is MentionScope.SENTENCE


def test_gap():
    assert gap(10, 20, 0, 5) == 5
    assert gap(10, 20, 25, 30) == 5
    assert gap(10, 20, 15, 30) == 0


def test_nearby_lists_mentions_nearest_first():
    start, end = span("Later")
    later = DatedMention(start, end, "Later", parse_date("2002"))
    near = resolver(mentions=[M2000, later]).nearby(*span("adapted"))
    assert near[0] == later
    assert M2000 in near


def test_overlapping_regions_take_the_slow_path_and_agree():
    text = "a 2001 b c d e"
    m = DatedMention(2, 6, "2001", parse_date("2001"))
    disjoint = resolve_event_date(8, 9, mentions=[m], sentences=[(0, 7), (7, 14)])
    overlapping = resolve_event_date(8, 9, mentions=[m], sentences=[(0, 10), (5, 14)])
    assert disjoint.scope is None or disjoint.source is DateSource.NONE
    assert (overlapping.scope, overlapping.mention) == (MentionScope.SENTENCE, m)
    assert text[m.start : m.end] == "2001"


def test_citations_never_date_an_event_but_are_offered_apart():
    text = "We compared the 2004 and 2006 surveys (Rashman and Hartley, 2002) in 2007."
    cite = text.index("2002")
    event = text.index("2007")
    mentions = [
        DatedMention(cite, cite + 4, "2002", parse_date("2002"), "citation"),
        DatedMention(event, event + 4, "2007", parse_date("2007"), "event"),
    ]
    r = EventDateResolver(mentions=mentions, sentences=[(0, len(text))], document=DOC)
    # the span is the citation's clause: the citation inside it does not date it
    got = r.resolve(text.index("(Rashman"), text.index(")") + 1)
    assert got.range == parse_date("2007")
    assert got.mention is not None
    assert got.mention.kind == "event"
    assert [m.text for m in r.nearby(0, 10)] == ["2007"]
    assert [(m.text, m.kind) for m in r.nearby(0, 10, events_only=False)] == [
        ("2007", "event"),
        ("2002", "citation"),
    ]
    only_citation = EventDateResolver(mentions=mentions[:1], document=DOC)
    assert only_citation.resolve(cite, cite + 4).source is DateSource.DOCUMENT
