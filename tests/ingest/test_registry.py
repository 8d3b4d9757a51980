"""Dispatch and the errors every format shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from workbench.core.errors import InputError
from workbench.ingest import SUPPORTED_EXTENSIONS, SURVEY_EXTENSIONS, read_document

if TYPE_CHECKING:
    from pathlib import Path

    from tests.ingest.helpers import WriteFile


def test_supported_extensions() -> None:
    assert {".txt", ".md", ".html", ".htm", ".docx", ".odt", ".rtf", ".pdf", ".vtt", ".srt"} <= (
        SUPPORTED_EXTENSIONS
    )
    assert not SUPPORTED_EXTENSIONS & SURVEY_EXTENSIONS
    assert all(ext == ext.lower() and ext.startswith(".") for ext in SUPPORTED_EXTENSIONS)


def test_extension_is_case_insensitive(write: WriteFile) -> None:
    assert read_document(write("NOTES.TXT", "hello")).text == "hello"


def test_path_as_string(write: WriteFile) -> None:
    path = write("a.txt", "hi")
    assert read_document(str(path)).text == "hi"  # type: ignore[arg-type]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError) as err:
        read_document(path)
    assert str(err.value) == f"{path}: no such file"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_document(folder)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("data.xyz", r"unsupported file type '\.xyz' \(supported: \.docx, "),
        ("README", "no file extension"),
        ("old.doc", r"save it as \.docx"),
        ("sheet.xlsx", r"export the sheet as \.csv"),
        ("answers.csv", "survey table"),
    ],
)
def test_unsupported(write: WriteFile, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        read_document(write(name, "some words"))
    assert err.value.path is not None
    assert err.value.path.endswith(name)
    assert "\n" not in str(err.value)


def test_too_big(write: WriteFile) -> None:
    path = write("big.txt", "x" * 2048)
    with pytest.raises(InputError, match=r"file is 2\.0 KiB, over the import limit of 1\.0 KiB"):
        read_document(path, max_bytes=1024)
    assert read_document(path, max_bytes=2048).text == "x" * 2048


@pytest.mark.parametrize("name", ["e.txt", "e.md", "e.html", "e.vtt", "e.docx", "e.pdf"])
def test_empty_file(write: WriteFile, name: str) -> None:
    with pytest.raises(InputError, match="empty"):
        read_document(write(name, b""))


@pytest.mark.parametrize("content", ["   \n\n\t \r\n", "\ufeff", "<html><script>x</script></html>"])
def test_whitespace_only(write: WriteFile, content: str) -> None:
    with pytest.raises(InputError, match="empty"):
        read_document(write("w.html" if "<" in content else "w.txt", content))


@pytest.mark.parametrize("name", ["photo.txt", "photo.md", "photo.srt", "photo.htm"])
def test_binary_with_a_text_extension(write: WriteFile, name: str) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
    with pytest.raises(InputError, match="looks binary") as err:
        read_document(write(name, png))
    assert str(err.value).endswith("looks binary, not text")


def test_undecodable(write: WriteFile) -> None:
    with pytest.raises(InputError, match="cannot tell the text encoding"):
        read_document(write("x.txt", bytes(range(0x80, 0x100)) * 4))


def test_errors_are_one_line_with_the_path(write: WriteFile) -> None:
    path = write("fake.odt", b"PK\x03\x04 not really a zip\nsecond line")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert str(err.value).startswith(f"{path}: ")
    assert "\n" not in str(err.value)
