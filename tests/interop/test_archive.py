"""Hostile archives: every one is refused with a reason, before anything inflates."""

from __future__ import annotations

import io
import stat
import struct
import zipfile

import pytest

from tests.interop.conftest import make_qdpx
from workbench.core.errors import InputError
from workbench.interop.refi import read_qdpx
from workbench.interop.refi.archive import ArchiveLimits, SafeArchive

QDE = '<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>'


def patch_central(data: bytes, member: str, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite a field of ``member``'s central directory entry (a forged header)."""
    name = member.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name:
            break
        at += 4
    out = bytearray(data)
    struct.pack_into(fmt, out, at + offset, value)
    return bytes(out)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../evil.txt", "climbs out of the archive"),
        ("sources/../../evil.txt", "climbs out of the archive"),
        ("/etc/cron.d/evil", "is an absolute path"),
        ("..\\evil.txt", "uses backslashes"),
        ("C:/Windows/evil.txt", "names a drive"),
    ],
)
def test_a_member_that_escapes_the_archive_refuses_the_file(name, why):
    data = make_qdpx(QDE, {name: "x"})
    with pytest.raises(InputError, match=why) as info:
        read_qdpx(data, label="evil.qdpx")
    assert f"archive member {name!r}" in info.value.message
    assert "it would escape the archive" in info.value.message
    assert info.value.path == "evil.qdpx"


def test_a_symbolic_link_member_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("project.qde", QDE)
        link = zipfile.ZipInfo("sources/link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(InputError, match="is a symbolic link"):
        read_qdpx(buffer.getvalue(), label="l.qdpx")


def test_too_many_members_is_refused_before_reading_any():
    files = {f"sources/{i}.txt": "" for i in range(6)}
    with pytest.raises(InputError, match="has 7 members, more than the 5 an import reads"):
        read_qdpx(make_qdpx(QDE, files), label="many.qdpx", limits=ArchiveLimits(max_members=5))
    assert ArchiveLimits().max_members >= 10_000


def test_a_member_claiming_a_huge_size_is_refused_before_it_inflates():
    forged = patch_central(make_qdpx(QDE), "project.qde", 24, "<I", 0xFFFF_FFF0)
    with pytest.raises(InputError, match=r"unpacks to 4294967280 bytes, more than the") as info:
        read_qdpx(forged, label="bomb.qdpx")
    assert info.value.path == "bomb.qdpx!project.qde"


def test_a_real_zip_bomb_is_refused_by_the_member_limit():
    bomb = make_qdpx(QDE.replace("/>", ">" + " " * (2 << 20) + "</Project>"))
    assert len(bomb) < 10_000
    with pytest.raises(InputError, match="zip bomb"):
        read_qdpx(bomb, label="bomb.qdpx", limits=ArchiveLimits(max_member_bytes=1 << 20))


def test_members_read_are_capped_in_total():
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
        '<TextSource guid="11111111-1111-1111-1111-111111111111" plainTextPath="internal://a.txt"/>'
        '<TextSource guid="22222222-2222-2222-2222-222222222222" plainTextPath="internal://b.txt"/>'
        "</Sources></Project>"
    )
    files = {"sources/a.txt": "a" * 600_000, "sources/b.txt": "b" * 600_000}
    with pytest.raises(InputError, match="unpack to more than 1000000 bytes"):
        read_qdpx(
            make_qdpx(qde, files), label="t.qdpx", limits=ArchiveLimits(max_total_bytes=10**6)
        )


def test_a_member_that_inflates_beyond_its_header_is_an_error_not_a_blow_up():
    lying = patch_central(make_qdpx(QDE + " " * 5000), "project.qde", 24, "<I", 40)
    with pytest.raises(InputError, match="cannot read the member"):
        read_qdpx(lying, label="liar.qdpx")


def test_encrypted_members_are_refused():
    data = patch_central(make_qdpx(QDE), "project.qde", 8, "<H", 0x1)
    with pytest.raises(InputError, match="encrypted"):
        read_qdpx(data, label="locked.qdpx")


def test_names_that_differ_only_in_case_are_ambiguous():
    data = make_qdpx(QDE, {"sources/a.txt": "x", "Sources/A.TXT": "y"})
    with pytest.raises(InputError, match="differ only in case"):
        read_qdpx(data, label="twins.qdpx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "not a .qdpx file (not a valid zip"),
        (make_qdpx(None, {"notes.txt": "x"}), "no project.qde in the archive (it holds notes.txt)"),
    ],
    ids=["not-a-zip", "no-project-qde"],  # the zip bytes hold a timestamp: ids must not
)
def test_what_is_not_a_qdpx_says_so(data, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_qdpx(data, label="x.qdpx")


def test_lookups_ignore_case_as_atlas_ti_writes_project_qde_and_sources(tmp_path):
    data = make_qdpx(None, {"Project.qde": QDE, "Sources/ABC.TXT": "hi"})
    path = tmp_path / "a.qdpx"
    path.write_bytes(data)
    with SafeArchive.open(path, label="a.qdpx") as archive:
        assert archive.find("project.qde") == "Project.qde"
        assert archive.read("sources/abc.txt") == b"hi"
    assert read_qdpx(path, label="a.qdpx").project.name == "p"
