"""WebVTT and SubRip captions written by hand."""

from __future__ import annotations

import pytest

from tests.ingest.helpers import WriteFile, paragraph_texts, turn_texts
from workbench.core.errors import InputError
from workbench.ingest import read_document
from workbench.ingest.text import normalise_text

VTT = """WEBVTT - Focus group 2

NOTE recorded on Zoom,
two lines of note

STYLE
::cue { color: red }

1
00:00:01.000 --> 00:00:04.000
<v Jane Doe>Hello everyone,
welcome.</v>

2
00:00:04.500 --> 00:00:06.000 position:10%
<v Jane Doe>Let's <i>start</i>.

00:06.000 --> 00:09.250
<v.loud Sam Lee>Thanks &amp; hi!

00:01:00.000 --> 00:01:02.000
no voice here, so Sam continues

00:01:02.000 --> 00:01:03.000
<v Jane Doe><00:01:02.500>Right.
"""


def test_vtt(write: WriteFile) -> None:
    doc = read_document(write("fg.vtt", VTT))
    assert doc.text == (
        "Jane Doe: Hello everyone, welcome. Let's start.\n\n"
        "Sam Lee: Thanks & hi! no voice here, so Sam continues\n\n"
        "Jane Doe: Right."
    )
    assert [(t.speaker, t.start_ms, t.end_ms) for t in doc.turns] == [
        ("Jane Doe", 1000, 6000),
        ("Sam Lee", 6000, 62_000),
        ("Jane Doe", 62_000, 63_000),
    ]
    first = doc.turns[0]
    assert doc.text[first.speech_start : first.end] == "Hello everyone, welcome. Let's start."
    assert paragraph_texts(doc) == [doc.text[t.start : t.end] for t in doc.turns]
    assert doc.title == "Focus group 2"
    assert doc.metadata == {"format": "webvtt", "encoding": "utf-8", "cues": "5"}
    assert normalise_text(doc.text) == doc.text


def test_vtt_speaker_prefixes(write: WriteFile) -> None:
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJane: Hi.\n\n"
        "00:00:02.000 --> 00:00:03.000\nBob: Hello.\n\n"
        "00:00:03.000 --> 00:00:04.000\nJane: Bye.\n"
    )
    doc = read_document(write("z.vtt", vtt))
    assert turn_texts(doc) == [
        ("Jane", "Jane: Hi."),
        ("Bob", "Bob: Hello."),
        ("Jane", "Jane: Bye."),
    ]


def test_vtt_one_off_colon_is_not_a_speaker(write: WriteFile) -> None:
    vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\nWait: what?\n\n00:02.000 --> 00:03.000\nok then\n"
    doc = read_document(write("z.vtt", vtt))
    # captions that name no speaker are running text, not turns; cue times are kept
    assert doc.text == "Wait: what? ok then"
    assert doc.turns == ()
    assert doc.metadata["cue_times"] == "0=1000,12=2000"


def test_captions_without_speakers_become_paragraphs_at_pauses(write: WriteFile) -> None:
    cues = ["WEBVTT", ""]
    words = ["so today we look", "at how councils learn.", "First the scheme", "itself."]
    times = [(0, 2000), (2000, 4000), (9000, 11000), (11000, 12000)]
    for (a, b), w in zip(times, words, strict=True):
        cues += [f"00:00:{a // 1000:02d}.000 --> 00:00:{b // 1000:02d}.000", w, ""]
    doc = read_document(write("lecture.vtt", "\n".join(cues)))
    assert paragraph_texts(doc) == [
        "so today we look at how councils learn.",
        "First the scheme itself.",
    ]
    assert doc.turns == ()
    starts = [int(x.split("=")[0]) for x in doc.metadata["cue_times"].split(",")]
    assert [doc.text[s : s + 5] for s in starts] == ["so to", "at ho", "First", "itsel"]


SRT = """1
00:00:01,000 --> 00:00:02,500
{\\an8}<i>Interviewer:</i> How long
have you lived here?

2
00:00:03,000 --> 00:00:05,000
R1: Ten years.

3
00:00:05,000 --> 00:00:06,000
R1: Maybe eleven.


A stray line kept with cue 3

4
00:00:07,000 --> 00:00:08,000
<font color="red">Interviewer:</font> Thanks.
"""


def test_srt(write: WriteFile) -> None:
    doc = read_document(write("i.srt", SRT.replace("\n", "\r\n")))
    assert turn_texts(doc) == [
        ("Interviewer", "Interviewer: How long have you lived here?"),
        ("R1", "R1: Ten years. Maybe eleven. A stray line kept with cue 3"),
        ("Interviewer", "Interviewer: Thanks."),
    ]
    assert [(t.start_ms, t.end_ms) for t in doc.turns] == [(1000, 2500), (3000, 6000), (7000, 8000)]
    assert doc.metadata["format"] == "srt"
    assert doc.title is None


def test_srt_without_speakers_keeps_cue_times(write: WriteFile) -> None:
    srt = "1\n00:00:01,000 --> 00:00:02,000\nhello\n\n2\n00:00:02,000 --> 00:00:03,000\nthere\n"
    doc = read_document(write("a.srt", srt))
    assert doc.text == "hello there"
    assert doc.turns == ()
    assert doc.metadata["cue_times"] == "0=1000,6=2000"


@pytest.mark.parametrize(
    ("name", "content", "message", "line"),
    [
        ("a.vtt", "00:00:01.000 --> 00:00:02.000\nhi\n", "not a WebVTT file", 1),
        ("b.vtt", "WEBVTT\n\n1\n00:00:01.000 --> soon\nhi\n", "bad cue timing", 4),
        ("c.srt", "1\n00:00:05,000 --> 00:00:02,000\nhi\n", "ends before it starts", 2),
        ("d.srt", "hello there\n\n1\n00:00:01,000 --> 00:00:02,000\nhi\n", "timing line", 1),
    ],
)
def test_caption_errors(write: WriteFile, name: str, content: str, message: str, line: int) -> None:
    with pytest.raises(InputError, match=message) as err:
        read_document(write(name, content))
    assert err.value.line == line
    assert f"{name}:{line}: " in str(err.value)


def test_captions_without_text(write: WriteFile) -> None:
    with pytest.raises(InputError, match="no cues with text"):
        read_document(write("e.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Jane></v>\n"))
