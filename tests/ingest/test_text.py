"""Decoding and normalisation: the stored text must be stable and clean."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.errors import InputError
from workbench.ingest import text as text_module
from workbench.ingest.text import decode_bytes, normalise_text, paragraph_spans

SPECIALS = [
    "\r",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\xa0",
    "\u2028",
    "\u2029",
    "\u3000",
    "\ufeff",
    "\u0301",
    "\u0308",
    "e",
    "A",
    "\u1100",
    "\u1161",
    "\ud800",
]
messy_text = st.lists(st.one_of(st.sampled_from(SPECIALS), st.characters(), st.text())).map("".join)


class TestDecode:
    def test_utf8(self) -> None:
        assert decode_bytes("Café ☕".encode()) == ("Café ☕", "utf-8")

    def test_utf8_bom_is_dropped(self) -> None:
        assert decode_bytes(codecs.BOM_UTF8 + b"hi") == ("hi", "utf-8")

    @pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
    def test_utf16_and_utf32_with_bom(self, codec: str) -> None:
        bom = {
            "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE,
            "utf-32-le": codecs.BOM_UTF32_LE,
            "utf-32-be": codecs.BOM_UTF32_BE,
        }[codec]
        text, encoding = decode_bytes(bom + "Zoë said: héllo".encode(codec))
        assert text == "Zoë said: héllo"
        assert encoding == codec

    def test_legacy_encoding_is_detected(self) -> None:
        data = ("Le café était très agréable, à côté de la gare. " * 5).encode("cp1252")
        text, encoding = decode_bytes(data)
        assert text.startswith("Le café était très agréable")
        assert encoding != "utf-8"

    def test_declared_encoding_is_tried_before_guessing(self) -> None:
        data = "naïve".encode("cp1252")
        assert decode_bytes(data, declared="windows-1252") == ("naïve", "cp1252")

    def test_unknown_declared_encoding_is_ignored(self) -> None:
        data = ("Le café était très agréable. " * 5).encode("cp1252")
        text, _ = decode_bytes(data, declared="no-such-codec")
        assert "café" in text

    def test_nul_bytes_look_binary(self) -> None:
        with pytest.raises(InputError, match="looks binary") as err:
            decode_bytes(b"PK\x03\x04\x00\x00data", path="x.txt")
        assert str(err.value).startswith("x.txt: ")

    def test_many_control_bytes_look_binary(self) -> None:
        with pytest.raises(InputError, match="looks binary"):
            decode_bytes(bytes(range(1, 32)) * 10)

    def test_binary_behind_a_utf16_bom(self) -> None:
        with pytest.raises(InputError, match="looks binary"):
            decode_bytes(codecs.BOM_UTF16_LE + b"\x01\x00" * 20)

    def test_bad_utf16_after_bom(self) -> None:
        with pytest.raises(InputError, match="byte-order mark"):
            decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # lone high surrogate

    def test_undecodable(self) -> None:
        data = bytes(range(0x80, 0x100)) * 3
        with pytest.raises(InputError, match="cannot tell the text encoding") as err:
            decode_bytes(data, path="notes.txt")
        assert err.value.path == "notes.txt"


class TestNormalise:
    def test_newlines(self) -> None:
        assert normalise_text("a\r\nb\rc\x85d\u2028e\x0cf") == "a\nb\nc\nd\ne\nf"

    def test_paragraph_separator_is_a_blank_line(self) -> None:
        assert normalise_text("a\u2029b") == "a\n\nb"

    def test_controls_removed_but_tabs_kept(self) -> None:
        assert normalise_text("a\x00b\x07c\td\x7fe\x9ff\ufeffg") == "abc\tdefg"

    def test_nfc(self) -> None:
        assert normalise_text("Cafe\u0301") == "Café"

    def test_trailing_whitespace_stripped_leading_kept(self) -> None:
        assert normalise_text("  a  \t\nb\xa0\u3000\nc") == "  a\nb\nc"

    def test_blank_line_runs_collapse_to_two(self) -> None:
        assert normalise_text("a\n\nb\n\n\nc\n\n\n\n\n\nd") == "a\n\nb\n\n\nc\n\n\nd"

    def test_whitespace_only_lines_count_as_blank(self) -> None:
        assert normalise_text("a\n \n\t\n   \n  \nb") == "a\n\n\nb"

    def test_blank_lines_at_the_ends_dropped(self) -> None:
        assert normalise_text("\n\n  \n  a\nb\n\n \n") == "  a\nb"

    @given(messy_text)
    def test_idempotent(self, raw: str) -> None:
        once = normalise_text(raw)
        assert normalise_text(once) == once

    @given(messy_text)
    def test_output_is_clean(self, raw: str) -> None:
        out = normalise_text(raw)
        assert unicodedata.is_normalized("NFC", out)
        assert all(ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs") for ch in out)
        assert "\ufeff" not in out
        assert "\n\n\n\n" not in out
        assert not out.startswith("\n")
        assert not out.endswith("\n")
        assert all(line == line.rstrip() for line in out.split("\n"))
        out.encode("utf-8")  # storable


class TestParagraphs:
    def test_blank_line_separated_blocks(self) -> None:
        text = "First line\nsame para\n\n  Indented second\n\n\nThird"
        spans = paragraph_spans(text)
        assert [text[s:e] for s, e in spans] == [
            "First line\nsame para",
            "Indented second",
            "Third",
        ]

    def test_empty(self) -> None:
        assert paragraph_spans("") == ()

    @given(messy_text)
    def test_spans_are_ordered_trimmed_and_inside(self, raw: str) -> None:
        text = normalise_text(raw)
        spans = paragraph_spans(text)
        last = 0
        for start, end in spans:
            assert last <= start < end <= len(text)
            assert not text[start].isspace()
            assert not text[end - 1].isspace()
            assert "\n\n" not in text[start:end].replace(" ", "").replace("\t", "")
            last = end
        covered = "".join(text[s:e] for s, e in spans)
        assert "".join(covered.split()) == "".join(text.split())


def test_module_documents_the_rules() -> None:
    assert "more than two blank lines" in (text_module.__doc__ or "")
