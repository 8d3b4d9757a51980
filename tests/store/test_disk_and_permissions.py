"""A full disk, a read-only project folder and a missing database: a clear error, no damage.

The disk is filled for real, not mocked: SQLite's own page limit (``max_page_count``,
the limit SQLite reports as "database or disk is full") for the database, and
``/dev/full`` (every write fails with ENOSPC) for the copy of an imported file. A
read-only folder is a folder without write permission, used by a process that is
not root (root ignores permissions): the CLI runs as user ``nobody`` when the tests
run as root.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Engine

from tests.conftest import LEARNING
from workbench.store.models import Base

if TYPE_CHECKING:
    from collections.abc import Iterator

INTERVIEW = "Interviewer: When?\nR1: We copied the open day idea in 2001.\n"


def fingerprint(root: Path) -> tuple[dict[str, int], list[str]]:
    """Row counts of every table and the files kept under sources/."""
    from workbench.store.db import make_engine

    engine = make_engine(f"sqlite:///{root / 'workbench.db'}")
    try:
        with engine.connect() as conn:
            counts = {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables
            }
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        engine.dispose()
    sources = sorted(p.name for p in (root / "sources").iterdir())
    return counts, sources


def setup(cli, tmp_path: Path) -> Path:
    assert cli("init", "study", "--coder", "alice")[0] == 0
    assert cli("codebook", "load", str(LEARNING), "-p", "study")[0] == 0
    (tmp_path / "int.txt").write_text(INTERVIEW, encoding="utf-8")
    assert cli("import", "int.txt", "--title", "Int", "-p", "study")[0] == 0
    return tmp_path / "projects" / "study"


@contextmanager
def database_full(root: Path) -> Iterator[None]:
    """The project database may not grow past its present size: the disk is full."""
    from workbench.store.db import make_engine

    engine = make_engine(f"sqlite:///{root / 'workbench.db'}")
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    engine.dispose()

    def cap(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(Engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(Engine, "connect", cap)


def test_a_full_disk_refuses_an_import_and_keeps_the_project(cli, tmp_path):
    root = setup(cli, tmp_path)
    before = fingerprint(root)
    big = "\n".join(f"R1: paragraph {i} about the council's peer visits." for i in range(20_000))
    (tmp_path / "long.txt").write_text(big, encoding="utf-8")
    with database_full(root):
        code, _out, err = cli("import", "long.txt", "-p", "study")
    assert code != 0
    assert err.strip() == "error: the disk is full; nothing was saved by the failed action"
    assert fingerprint(root)[0] == before[0]


def test_a_full_disk_refuses_a_coding_and_keeps_every_coding_saved_before(cli, tmp_path):
    root = setup(cli, tmp_path)
    before = fingerprint(root)
    added = 0
    with database_full(root):
        for i in range(400):
            code, _, err = cli(
                "codings", "add", "-d", "Int", "--start", "0", "--end", str(5 + i % 30),
                "--code", "tacit", "--memo", "m" * 2000, "-p", "study",
            )  # fmt: skip
            if code != 0:
                break
            added += 1
    assert code != 0, "the database never filled up"
    assert err.strip() == "error: the disk is full; nothing was saved by the failed action"
    after = fingerprint(root)
    assert after[0]["codings"] == before[0]["codings"] + added
    assert after[0]["audit_log"] == before[0]["audit_log"] + added
    code, out, _ = cli("codings", "list", "--format", "csv", "-p", "study")
    assert code == 0
    assert len(out.splitlines()) == 1 + added


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_no_room_for_the_original_file_fails_that_file_only(cli, tmp_path):
    root = setup(cli, tmp_path)
    before = fingerprint(root)
    doomed = tmp_path / "doomed.txt"
    doomed.write_text("R1: This file cannot be kept.\n", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("R1: This one can.\n", encoding="utf-8")
    digest = hashlib.sha256(doomed.read_bytes()).hexdigest()
    # the copy is written to <digest>.txt.<pid>.part first: make that write hit a full device
    (root / "sources" / f"{digest}.txt.{os.getpid()}.part").symlink_to("/dev/full")
    code, out, _err = cli("import", "doomed.txt", "fine.txt", "-p", "study")
    assert code != 0
    failed = [line for line in out.splitlines() if line.startswith("failed")]
    assert len(failed) == 1
    assert "doomed.txt" in failed[0]
    assert "the disk is full" in failed[0]
    after = fingerprint(root)
    assert after[0]["documents"] == before[0]["documents"] + 1
    kept = {n for n in set(after[1]) - set(before[1]) if not n.endswith(".part")}
    assert kept == {hashlib.sha256((tmp_path / "fine.txt").read_bytes()).hexdigest() + ".txt"}


def test_a_missing_database_is_an_error_not_an_empty_project(cli, tmp_path):
    root = setup(cli, tmp_path)
    for suffix in ("", "-wal", "-shm"):
        (root / f"workbench.db{suffix}").unlink(missing_ok=True)
    code, _, err = cli("codings", "list", "-p", "study")
    assert code != 0
    assert err.count("\n") == 1
    assert "the project database workbench.db is missing" in err
    assert not (root / "workbench.db").exists()


# --------------------------------------------------------------- read-only project folder


def _workbench_read_only(root: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI with the project folder read-only, as a user would meet it.

    Not root: the folder and its files lose their write permission. Root ignores
    permissions, so there the folder is bind-mounted read-only in a private mount
    namespace of the child process (the error is then EROFS rather than EACCES).
    """
    env = {**os.environ, "WORKBENCH_VERBOSE": ""}
    command = [sys.executable, "-m", "workbench", *args]
    if os.geteuid() != 0:
        _chmod_tree(root, writable=False)
        try:
            return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        finally:
            _chmod_tree(root, writable=True)
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("running as root without unshare(1): cannot make a folder read-only")
    script = 'mount --bind -o ro "$0" "$0" || exit 99; exec "$@"'
    done = subprocess.run(
        [unshare, "-m", "sh", "-c", script, str(root), *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode == 99:
        pytest.skip(f"cannot bind-mount read-only here: {done.stderr.strip()}")
    return done


def _chmod_tree(root: Path, *, writable: bool) -> None:
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~stat.S_IWUSR)


def test_a_read_only_project_refuses_changes_clearly_and_stays_intact(cli, tmp_path):
    root = setup(cli, tmp_path)
    db = root / "workbench.db"
    # a change still in the write-ahead log cannot be read from a read-only folder
    pending = sqlite3.connect(db)
    pending.execute("PRAGMA wal_autocheckpoint=0")
    pending.execute("INSERT INTO settings (key, value) VALUES ('note', 'pending')")
    pending.commit()
    assert (root / "workbench.db-wal").stat().st_size > 0
    done = _workbench_read_only(root, "codings", "list", "-p", str(root), cwd=tmp_path)
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1
    assert "holds changes not yet merged" in done.stderr
    pending.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pending.close()

    before = fingerprint(root)
    assert before[0]["settings"] >= 1
    (tmp_path / "new.txt").write_text("R1: A new interview.\n", encoding="utf-8")
    reading = _workbench_read_only(
        root, "codings", "list", "--format", "csv", "-p", str(root), cwd=tmp_path
    )
    assert reading.returncode == 0, reading.stderr  # reading a read-only project works
    for args in (
        ("import", "new.txt", "-p", str(root)),
        ("codings", "add", "-d", "Int", "--start", "0", "--end", "5", "--code", "tacit",
         "--coder", "alice", "-p", str(root)),
        ("codes", "rename", "tacit", "Tacit know-how", "-p", str(root)),
    ):  # fmt: skip
        done = _workbench_read_only(root, *args, cwd=tmp_path)
        assert done.returncode != 0, done
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert "read-only" in lines[0], lines[0]
    assert fingerprint(root) == before
