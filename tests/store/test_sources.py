"""Kept source files: what a killed import left is swept, never what a living one needs."""

from __future__ import annotations

import os
import subprocess
import sys

from workbench.store.sources import WRITING, _now, _take_away, keep_file, sweep


def _dead_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def _note_as(sources, pid: int, *names: str) -> None:
    folder = sources / WRITING
    folder.mkdir(parents=True, exist_ok=True)
    (folder / str(pid)).write_text("".join(n + "\n" for n in names), encoding="utf-8")


def test_a_dead_importers_unreferenced_files_go_and_the_rest_stay(tmp_path):
    sources = tmp_path / "sources"
    keep_file(sources, "kept.txt", b"a document's original")
    sources.joinpath("orphan.txt").write_bytes(b"written, never committed")
    sources.joinpath("orphan.txt.123.part").write_bytes(b"cut short")
    sources.joinpath("old-orphan.docx").write_bytes(b"from before notes existed")
    for name in ("orphan.txt", "orphan.txt.123.part", "old-orphan.docx"):
        os.utime(sources / name, (1_000_000_000, 1_000_000_000))  # written before the sweep
    dead = _dead_pid()
    _note_as(sources, dead, "orphan.txt", "kept.txt")
    removed = sweep(sources, lambda: {"kept.txt"})
    assert sorted(removed) == ["old-orphan.docx", "orphan.txt", "orphan.txt.123.part"]
    assert sorted(p.name for p in sources.iterdir() if p.is_file()) == ["kept.txt"]
    assert not (sources / WRITING / str(dead)).exists()
    assert (sources / WRITING / str(os.getpid())).exists()  # this process is alive


def test_nothing_is_swept_while_no_importer_has_died(tmp_path):
    sources = tmp_path / "sources"
    keep_file(sources, "a.txt", b"x")
    sources.joinpath("not-yet-committed.txt").write_bytes(b"y")
    assert sweep(sources, set) == []
    assert (sources / "not-yet-committed.txt").exists()


def test_a_living_importers_noted_files_stay(tmp_path):
    sources = tmp_path / "sources"
    keep_file(sources, "mine.txt", b"being imported by this process")
    _note_as(sources, _dead_pid(), "theirs.txt")
    sources.joinpath("theirs.txt").write_bytes(b"left by the dead one")
    os.utime(sources / "theirs.txt", (1_000_000_000, 1_000_000_000))  # before the sweep
    assert sweep(sources, set) == ["theirs.txt"]
    assert (sources / "mine.txt").exists()


def test_a_file_touched_after_the_sweep_began_is_put_back(tmp_path):
    sources = tmp_path / "sources"
    (sources / WRITING).mkdir(parents=True)
    orphan = sources / "shared.txt"
    orphan.write_bytes(b"same content, two imports")
    os.utime(orphan, (1_000_000_000, 1_000_000_000))
    started = _now(sources / WRITING)
    os.utime(orphan)  # another importer's keep_file, noted after the notes were read
    assert _take_away(orphan, started) is False
    assert orphan.read_bytes() == b"same content, two imports"
    os.utime(orphan, (1_000_000_000, 1_000_000_000))
    assert _take_away(orphan, started) is True
    assert not orphan.exists()


def test_keeping_a_file_a_sweep_took_away_writes_it_again(tmp_path):
    sources = tmp_path / "sources"
    path = keep_file(sources, "x.txt", b"content")
    path.unlink()  # a sweep took it between the importer's check and its use
    assert keep_file(sources, "x.txt", b"content").read_bytes() == b"content"


def test_a_file_put_back_leaves_the_dead_notes_for_the_next_open(tmp_path):
    sources = tmp_path / "sources"
    dead = _dead_pid()
    _note_as(sources, dead, "fresh.txt")
    sources.joinpath("fresh.txt").write_bytes(b"written in the sweep's own clock tick")
    os.utime(sources / "fresh.txt", (4_000_000_000, 4_000_000_000))  # "after" it began
    assert sweep(sources, set) == []
    assert (sources / WRITING / str(dead)).exists()
    os.utime(sources / "fresh.txt", (1_000_000_000, 1_000_000_000))
    assert sweep(sources, set) == ["fresh.txt"]
    assert not (sources / WRITING / str(dead)).exists()
