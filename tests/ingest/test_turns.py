"""Speaker-turn detection on normalised text."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.ingest.extracted import TurnSpan
from workbench.ingest.text import normalise_text
from workbench.ingest.turns import (
    STOP_LABELS,
    detect_turns,
    timestamp_ms,
)


def spoken(text: str) -> list[tuple[str, str]]:
    """(speaker, turn text) pairs, for readable assertions."""
    return [(t.speaker, text[t.start : t.end]) for t in detect_turns(text)]


class TestLabels:
    @pytest.mark.parametrize(
        "label",
        [
            "Interviewer",
            "I",
            "R1",
            "R",
            "Respondent 2",
            "Cllr Smith",
            "SPEAKER 1",
            "Dr Jane Okafor",
            "Dr. Jane Okafor",
            "Jane (Interviewer)",
            "Mary-Anne O'Brien",
            "Ludwig van Beethoven",
            "Zoë",
            "INT",
            "P12",
        ],
    )
    def test_label_forms(self, label: str) -> None:
        text = f"{label}: first words.\nOther: reply.\n{label}: again."
        turns = detect_turns(text)
        assert [t.speaker for t in turns] == [label, "Other", label]

    def test_q_and_a(self) -> None:
        text = "Q: What happened?\nA: We moved.\nQ: When?\nA: In 2003."
        assert [s for s, _ in spoken(text)] == ["Q", "A", "Q", "A"]

    def test_turn_covers_label_and_speech_across_lines(self) -> None:
        text = "Interview 3, May 2023\n\nInterviewer: So tell me.\n\nR1: Well,\nI was born here.\n"
        text = normalise_text(text)
        turns = detect_turns(text)
        assert spoken(text) == [
            ("Interviewer", "Interviewer: So tell me."),
            ("R1", "R1: Well,\nI was born here."),
        ]
        assert text[turns[1].speech_start : turns[1].end] == "Well,\nI was born here."

    def test_bracketed_timestamp(self) -> None:
        text = "[00:12:31] Speaker 2: Yes.\n[00:12:35.5] Speaker 1: No.\n(1:02:03) Speaker 2: Ok."
        turns = detect_turns(text)
        assert [(t.speaker, t.start_ms, t.end_ms) for t in turns] == [
            ("Speaker 2", 751_000, None),
            ("Speaker 1", 755_500, None),
            ("Speaker 2", 3_723_000, None),
        ]
        assert text[turns[0].start : turns[0].speech_start] == "[00:12:31] Speaker 2: "

    def test_bare_timestamp_before_name(self) -> None:
        text = "00:12:31 Speaker 2: Yes.\n00:12:40 - Speaker 1: No."
        assert [(t.speaker, t.start_ms) for t in detect_turns(text)] == [
            ("Speaker 2", 751_000),
            ("Speaker 1", 760_000),
        ]

    def test_timestamp_after_name(self) -> None:
        text = "Speaker 1  0:03\nHello there.\n\nSpeaker 2  0:09\nHi.\n\nSpeaker 1  1:10\nBye."
        turns = detect_turns(text)
        assert [(t.speaker, t.start_ms) for t in turns] == [
            ("Speaker 1", 3000),
            ("Speaker 2", 9000),
            ("Speaker 1", 70_000),
        ]
        assert text[turns[0].speech_start : turns[0].end] == "Hello there."
        text2 = "Jane [00:01:02]: yes\nBob (00:01:05): no"
        assert [(t.speaker, t.start_ms) for t in detect_turns(text2)] == [
            ("Jane", 62_000),
            ("Bob", 65_000),
        ]

    def test_markdown_bold_labels(self) -> None:
        text = "**Interviewer:** Hello.\n\n**Jane**: Hi.\n\n__Interviewer:__ Bye."
        assert [s for s, _ in spoken(text)] == ["Interviewer", "Jane", "Interviewer"]

    def test_label_alone_on_its_line(self) -> None:
        text = "Interviewer:\nWhat now?\nR1:\nNothing."
        turns = detect_turns(text)
        assert [text[t.speech_start : t.end] for t in turns] == ["What now?", "Nothing."]

    def test_label_without_speech(self) -> None:
        text = "Interviewer: Hello?\nR1:\nInterviewer: Anyone?"
        turns = detect_turns(text)
        assert turns[1] == TurnSpan(20, 23, "R1", speech_start=23)

    def test_indented_labels(self) -> None:
        text = "  Interviewer: a\n  R1: b"
        assert [text[t.start : t.end] for t in detect_turns(text)] == ["Interviewer: a", "R1: b"]

    def test_hints_accept_unusual_labels(self) -> None:
        text = "jane smith: hello\nbob: hi\njane smith: bye"
        assert detect_turns(text) == ()
        turns = detect_turns(text, hints=["Jane Smith", "bob"])
        assert [t.speaker for t in turns] == ["jane smith", "bob", "jane smith"]

    def test_hints_do_not_override_the_stop_list(self) -> None:
        text = "Note: one\nSummary: two"
        assert detect_turns(text, hints=["Note", "Summary"]) == ()

    def test_timestamp_ms(self) -> None:
        assert timestamp_ms("[00:12:31]") == 751_000
        assert timestamp_ms("12:31") == 751_000
        assert timestamp_ms("1:02:03,25") == 3_723_250


class TestFalsePositives:
    def test_prose_with_colons(self) -> None:
        text = (
            "Note: the meeting started late.\n"
            "Example: a pupil asked twice.\n"
            "Source: field notes.\n"
            "Date: 12 May\n"
            "Re: scheduling\n"
            "The Committee: agreed.\n"
            "Step 1: open the file.\n"
            "Step 2: save it.\n"
            "In 2019: we moved.\n"
            "I think: maybe.\n"
            "See https://example.org for more.\n"
            "Meeting at 10:30: discussed plans.\n"
        )
        assert detect_turns(text) == ()

    def test_two_one_off_headings_are_not_a_transcript(self) -> None:
        assert detect_turns("Key Findings: many.\n\nNext Steps: few.") == ()

    def test_single_label_is_not_a_transcript(self) -> None:
        assert detect_turns("Interviewer: just one line of text.") == ()

    def test_agenda_times_are_not_labels(self) -> None:
        assert detect_turns("Lunch 12:30\nsandwiches\nCoffee 15:00\ncake") == ()

    def test_colon_needs_a_space_after_it(self) -> None:
        assert detect_turns("Re:Subject\nHTTP://x\nR1:x\nR1:y") == ()

    def test_stop_words_inside_a_transcript_stay_in_the_turn(self) -> None:
        text = "Interviewer: Go on.\nNote: this is part of the answer.\nR1: Ok."
        assert [s for s, _ in spoken(text)] == ["Interviewer", "R1"]

    def test_lowercase_lines_are_never_labels(self) -> None:
        assert detect_turns("well: yes\nwell: no") == ()

    def test_long_names_are_not_labels(self) -> None:
        text = "The Very Long Name Of A Person: x\nThe Very Long Name Of A Person: y"
        assert detect_turns(text) == ()


# --- properties --------------------------------------------------------------

WORD = st.from_regex(r"[A-Z][a-z]{2,7}", fullmatch=True)
NAME = st.one_of(
    st.sampled_from(["Interviewer", "I", "R1", "Q", "A", "Respondent 2", "Dr Jane Okafor"]),
    st.builds(
        lambda words, number: " ".join(words) + (f" {number}" if number is not None else ""),
        st.lists(WORD, min_size=1, max_size=3),
        st.none() | st.integers(1, 99),
    ),
).filter(
    lambda n: (
        n.casefold() not in STOP_LABELS
        and not (" " in n and n.split()[0].casefold() in {"the", "a", "an", "step", "part"})
        and n.split()[0].casefold() not in {"note", "example", "see", "re", "subject", "dear"}
    )
)
SPEECH_LINE = st.from_regex(r"[a-z][a-z ,.'?!]{0,30}", fullmatch=True).map(str.rstrip)
STYLE = st.sampled_from(["plain", "newline", "bold", "bracket_ts", "bare_ts", "otter"])


@dataclass(frozen=True)
class Generated:
    text: str
    turns: tuple[TurnSpan, ...]


@st.composite
def transcripts(draw: st.DrawFn) -> Generated:
    speakers = draw(st.lists(NAME, min_size=1, max_size=8))
    speakers.append(speakers[0])  # a repeated label makes it a transcript
    parts: list[str] = []
    turns: list[TurnSpan] = []
    pos = 0
    if draw(st.booleans()):
        preamble = draw(SPEECH_LINE)
        parts.append(preamble + "\n\n")
        pos = len(preamble) + 2
    for i, speaker in enumerate(speakers):
        style = draw(STYLE)
        ms = draw(st.integers(0, 5 * 3600 - 1)) * 1000
        h, rest = divmod(ms // 1000, 3600)
        m, s = divmod(rest, 60)
        stamp = f"{h:02d}:{m:02d}:{s:02d}"
        label, start_ms = {
            "plain": (f"{speaker}:", None),
            "newline": (f"{speaker}:", None),
            "bold": (f"**{speaker}:**", None),
            "bracket_ts": (f"[{stamp}] {speaker}:", ms),
            "bare_ts": (f"{stamp} {speaker}:", ms),
            "otter": (f"{speaker}  {stamp}", ms),
        }[style]
        lines = draw(st.lists(SPEECH_LINE, max_size=3))
        if style == "otter" and not lines:
            lines = ["hello"]
        speech = draw(st.sampled_from(["\n", "\n\n"])).join(lines)
        sep = "\n" if style in ("newline", "otter") else " "
        body = label + (sep + speech if speech else "")
        start = pos
        speech_start = start + len(label) + len(sep) if speech else start + len(label)
        end = start + len(body)
        turns.append(TurnSpan(start, end, speaker, start_ms, None, speech_start))
        parts.append(body)
        pos = end
        if i < len(speakers) - 1:
            gap = draw(st.sampled_from(["\n", "\n\n", "\n\n\n"]))
            parts.append(gap)
            pos += len(gap)
    return Generated("".join(parts), tuple(turns))


@given(transcripts())
def test_generated_transcripts_are_recovered_exactly(generated: Generated) -> None:
    assert normalise_text(generated.text) == generated.text
    assert detect_turns(generated.text) == generated.turns


LINEISH = st.one_of(
    SPEECH_LINE,
    NAME.map(lambda n: f"{n}: words"),
    NAME.map(lambda n: f"[00:01:02] {n}:"),
    NAME.map(lambda n: f"**{n}**: x"),
    st.sampled_from(["", "  ", "Note: x", "Step 2: y", ":", "A:", "  R1:  ", "\t"]),
    st.text(max_size=20),
)


@given(st.lists(LINEISH, max_size=15).map("\n".join))
def test_turns_are_ordered_disjoint_and_trimmed(raw: str) -> None:
    for text in (raw, normalise_text(raw)):
        turns = detect_turns(text)
        last_end = 0
        for turn in turns:
            assert last_end <= turn.start < turn.end <= len(text)
            assert turn.speech_start is not None
            assert turn.start <= turn.speech_start <= turn.end
            assert not text[turn.start].isspace()
            assert not text[turn.end - 1].isspace()
            assert turn.speaker
            last_end = turn.end


def test_discourse_words_inside_a_turn_are_not_labels() -> None:
    text = "Interviewer: And then?\nR1: It went fine.\nOverall: a success.\nYes: really.\nR1: Done."
    assert [s for s, _ in spoken(text)] == ["Interviewer", "R1", "R1"]


class TestOnlyTranscriptsHaveTurns:
    def test_a_title_page_is_metadata_not_turns(self) -> None:
        text = (
            "Title: The Peer Review Handbook\nAuthor(s): Local Improvement Board\nYear: 2004\n"
            "Translator: none\nRelease Date: March 2004\n\nChapter 1: Why\n\nPeer review began."
        )
        assert detect_turns(text) == ()

    def test_title_page_words_are_not_speakers(self) -> None:
        assert detect_turns("Year: 2004\nTranslator: none\n\nSome prose here.") == ()
        assert detect_turns("Topics: leadership, finance\n\nProse.") == ()
        assert detect_turns("Author(s): the board\nEditor: J. Hale\n\nProse.") == ()

    def test_a_header_block_before_a_real_transcript_leaves_the_turns(self) -> None:
        text = (
            "Location: Hull\nDuration: 40 min\nRecorder: Jo\n\n"
            "Interviewer: Hello.\nR1: Hi.\nInterviewer: Bye.\nR1: Bye."
        )
        assert [t.speaker for t in detect_turns(text)] == ["Interviewer", "R1"] * 2

    def test_names_on_their_own_line(self) -> None:
        text = (
            "Jane Hale\nHello there.\n\nTom Brown\nHi.\nStill me.\n\n"
            "Jane Hale\nBye.\n\nTom Brown\nBye."
        )
        assert spoken(text) == [
            ("Jane Hale", "Jane Hale\nHello there."),
            ("Tom Brown", "Tom Brown\nHi.\nStill me."),
            ("Jane Hale", "Jane Hale\nBye."),
            ("Tom Brown", "Tom Brown\nBye."),
        ]

    def test_headings_on_their_own_line_are_not_names(self) -> None:
        text = (
            "Background\nSome text.\n\nMethods\nMore text.\n\n"
            "Results\nFindings.\n\nDiscussion\nEnd."
        )
        assert detect_turns(text) == ()

    def test_bold_names_above_the_speech_in_word(self, tmp_path) -> None:
        import docx

        from workbench.ingest import read_document

        document = docx.Document()
        for name, said in [("Jane", "Hello."), ("Tom", "Hi."), ("Jane", "Bye."), ("Tom", "Bye.")]:
            document.add_paragraph().add_run(name).bold = True
            document.add_paragraph(said)
        path = tmp_path / "t.docx"
        document.save(str(path))
        doc = read_document(path)
        assert [(t.speaker, doc.text[t.speech_start : t.end]) for t in doc.turns] == [
            ("Jane", "Hello."),
            ("Tom", "Hi."),
            ("Jane", "Bye."),
            ("Tom", "Bye."),
        ]

    def test_speaker_elements_in_html(self, tmp_path) -> None:
        from workbench.ingest import read_document

        page = (
            '<div><span class="speaker-name">Jane Hale</span> <span>Hello.</span></div>'
            '<div><span class="speaker-name">Tom</span><span>Hi.</span></div>'
        )
        path = tmp_path / "t.html"
        path.write_text(page)
        doc = read_document(path)
        assert doc.text == "Jane Hale: Hello.\n\nTom: Hi."
        assert [t.speaker for t in doc.turns] == ["Jane Hale", "Tom"]
