"""Data integrity on both backends: one coding per coder, span and code; no NUL text;
writers that wait their turn on SQLite."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, func, select, text

from tests.conftest import LEARNING
from workbench.core.errors import ConflictError, InputError
from workbench.services.codings import add_coding, list_codings
from workbench.store.models import AuditEvent, Coding


def _count(project, model=Coding) -> int:
    with project.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model))


# -- a NUL character never reaches the database ----------------------------------------


def test_a_nul_in_a_memo_is_refused_on_sqlite(coded_project):
    before = _count(coded_project)
    with pytest.raises(InputError, match=r"memo: text may not contain a NUL character"):
        add_coding(
            coded_project.uow(),
            document="Interview 01",
            code="tacit",
            coder="alice",
            quote="open day",
            memo="a\x00b",
        )
    assert _count(coded_project) == before


@pytest.mark.postgres
def test_a_nul_in_a_memo_is_refused_on_postgresql(pg_url, tmp_path):
    from workbench.services.codebook import load_codebook_file
    from workbench.services.documents import import_file
    from workbench.services.project import init_project

    project = init_project("team", base=tmp_path, database=pg_url, coder="alice")
    try:
        load_codebook_file(project.uow(), path=LEARNING, actor="alice")
        doc = tmp_path / "d.txt"
        doc.write_text("We adapted the idea to our own context in 2003.\n")
        import_file(project, path=doc, title="D")
        with pytest.raises(InputError, match="NUL"):
            add_coding(
                project.uow(), document="D", code="tacit", coder="alice", quote="idea", memo="\x00"
            )
        assert list_codings(project.uow()) == []
    finally:
        project.close()


@pytest.mark.postgres
def test_team_migrate_carries_an_old_nul_as_a_replacement_character(coded_project, pg_url, cli):
    """A project from before the refusal may hold NULs: migrated, said, and checked."""
    add_coding(
        coded_project.uow(), document="Interview 01", code="tacit", coder="bob", quote="open day"
    )
    db = coded_project.engine.url.database
    coded_project.close()
    raw = create_engine(f"sqlite:///{db}")  # the store's guard would refuse this
    with raw.begin() as conn:
        conn.execute(text("UPDATE codings SET memo = :m"), {"m": "one\x00two\x00"})
    raw.dispose()
    from workbench.services.team import init_team

    init_team(pg_url)
    code, out, err = cli("team", "migrate", str(coded_project.root), "--db", pg_url)
    assert code == 0, err
    assert "note: 2 NUL character(s) in codings.memo stored as U+FFFD" in out
    assert "counts and hashes match" in out
    from workbench.store.db import make_engine

    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT memo FROM codings")) == "one\ufffdtwo\ufffd"
    finally:
        engine.dispose()
    from sqlalchemy.engine import make_url

    from tests.store.test_team import _drop_roles
    from workbench.store.team import team_roles

    groups = team_roles(str(make_url(pg_url).database))
    _drop_roles(pg_url, [groups.leads, groups.coders])


# -- one coding per coder, span and code --------------------------------------------------


def test_the_database_refuses_a_duplicate_coding(coded_project):
    first = add_coding(
        coded_project.uow(), document="Interview 01", code="tacit", coder="bob", quote="open day"
    )
    with (
        pytest.raises(Exception, match="UNIQUE constraint failed"),
        coded_project.engine.begin() as c,
    ):
        c.execute(
            text(
                'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, '
                "origin, created_at, updated_at) SELECT 'x', document_id, start, \"end\", "
                "code_id, coder_id, origin, created_at, updated_at FROM codings "
                f"WHERE id = {first.id}"
            )
        )
    assert _count(coded_project) == 1


def test_upgrading_folds_duplicates_already_stored(project):
    """A project at 0006 with duplicates: one row kept, memos and dates folded, audited."""
    from workbench.store.db import make_engine, upgrade
    from workbench.store.project import open_project

    db = project.root / "workbench.db"
    project.close()
    for suffix in ("", "-wal", "-shm"):
        (db.parent / (db.name + suffix)).unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine, "0006")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO coders (id, handle, role, created_at) "
                "VALUES (1, 'ana', 'coder', '2020-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO codes (id, guid, codebook, name, examples, keywords, synonyms, "
                "phase_markers, status, ordinal, version, updated_at) VALUES (1, 'tacit', 'b', "
                "'Tacit', '[]', '[]', '[]', '[]', 'active', 0, 1, '2020-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO documents (id, guid, title, kind, text, sha256, length, attributes, "
                "imported_at, revision) VALUES (1, 'd', 'D', 'document', 'abcdefghij', 'x', 10, "
                "'{}', '2020-01-01 00:00:00', 1)"
            )
        )
        for i, (memo, event) in enumerate([(None, None), ("first", None), ("second", "2003")]):
            conn.execute(
                text(
                    'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, '
                    "origin, memo, event_start, event_end, event_precision, created_at, "
                    "updated_at) VALUES (:g, 1, 2, 5, 1, 1, 'manual', :m, :s, :e, :p, "
                    "'2020-01-01 00:00:00', '2020-01-01 00:00:00')"
                ),
                {
                    "g": f"g{i}",
                    "m": memo,
                    "s": f"{event}-01-01" if event else None,
                    "e": f"{event}-12-31" if event else None,
                    "p": "year" if event else None,
                },
            )
        conn.execute(
            text(
                "INSERT INTO memos (guid, coder_id, body, coding_id, created_at, updated_at) "
                "VALUES ('m', 1, 'about g2', 3, '2020-01-01 00:00:00', '2020-01-01 00:00:00')"
            )
        )
    engine.dispose()
    upgraded = open_project(project.root)
    try:
        [kept] = list_codings(upgraded.uow())
        assert kept.guid == "g0"
        assert kept.memo == "first\n\nsecond"
        assert kept.event_date == "2003"
        with upgraded.engine.connect() as conn:
            assert conn.scalar(text("SELECT coding_id FROM memos")) == kept.id
            folded = conn.execute(
                select(AuditEvent.entity_id).where(AuditEvent.action == "coding.fold")
            ).scalars()
            assert sorted(folded) == ["g1", "g2"]
    finally:
        upgraded.close()


@pytest.mark.postgres
def test_four_sessions_of_one_coder_adding_the_same_codings_leave_one_each(pg_url, tmp_path):
    """The issue's race: the check before the insert let duplicates through."""
    from workbench.services.codebook import load_codebook_file
    from workbench.services.documents import import_file
    from workbench.services.project import init_project
    from workbench.store.db import make_engine
    from workbench.store.session import UnitOfWork

    project = init_project("team", base=tmp_path, database=pg_url, coder="alice")
    try:
        load_codebook_file(project.uow(), path=LEARNING, actor="alice")
        doc = tmp_path / "d.txt"
        doc.write_text("We adapted the idea to our own context in 2003. " * 20 + "\n")
        import_file(project, path=doc, title="D")
    finally:
        project.close()
    spans = [(i % 90, i % 90 + 3 + i // 90) for i in range(120)]
    start = threading.Barrier(4)
    errors: list[BaseException] = []
    conflicts = [0] * 4

    def session(n: int) -> None:
        engine = make_engine(pg_url)
        try:
            start.wait()
            for a, b in spans:
                try:
                    add_coding(
                        UnitOfWork(engine),
                        document="D",
                        code="tacit",
                        coder="alice",
                        start=a,
                        end=b,
                    )
                except ConflictError:
                    conflicts[n] += 1
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=session, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM codings")) == len(spans)
            adds = conn.scalar(text("SELECT count(*) FROM audit_log WHERE action = 'coding.add'"))
            assert adds == len(spans)
    finally:
        engine.dispose()
    assert sum(conflicts) == 3 * len(spans)


def test_a_request_sent_again_after_it_was_saved_does_nothing(coded_project):
    from workbench.services.requests import AlreadySavedError, action_request, new_request_id

    rid = new_request_id()
    with action_request(rid):
        add_coding(
            coded_project.uow(), document="Interview 01", code="tacit", coder="bob", quote="open"
        )
    before = (_count(coded_project), _count(coded_project, AuditEvent))
    with action_request(rid), pytest.raises(AlreadySavedError, match="already saved"):
        add_coding(
            coded_project.uow(), document="Interview 01", code="tacit", coder="bob", quote="day"
        )
    assert (_count(coded_project), _count(coded_project, AuditEvent)) == before


# -- two writers on one SQLite project ---------------------------------------------------

RUNS = 20


def test_a_second_writer_waits_its_turn_instead_of_failing_busy(coded_project):
    """While one action holds the write lock, another that reads first then writes waits.

    A deferred transaction that has read cannot wait for the lock: SQLite refuses it at
    once with "database is locked", whatever the busy timeout. 20 runs, no refusal.
    """
    from workbench.services.codebook import list_codes
    from workbench.store.project import open_project

    other = open_project(coded_project.root)
    held, go = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def long_writer(i: int) -> None:
        with coded_project.uow() as uow:
            uow.session.execute(text("UPDATE settings SET value = value WHERE 0"))
            uow.session.add(AuditEvent(actor="alice", action="hold", entity="test", entity_id=i))
            uow.session.flush()
            held.set()
            go.wait(5)
            time.sleep(0.3)

    try:
        for i in range(RUNS):
            held.clear()
            go.clear()
            writer = threading.Thread(target=long_writer, args=(i,))
            writer.start()
            assert held.wait(5)
            go.set()
            try:
                list_codes(other.uow())  # a reader is not held up for long either
                add_coding(
                    other.uow(),
                    document="Interview 01",
                    code="tacit",
                    coder="bob",
                    start=i,
                    end=i + 10,
                )
            except BaseException as exc:  # counted: the target is none
                failures.append(exc)
            writer.join()
    finally:
        other.close()
    assert failures == []
    assert _count(coded_project) == RUNS


@pytest.mark.slow
def test_codings_added_and_imported_during_an_import_in_another_process_all_succeed(
    coded_project, tmp_path, cli
):
    """The issue's case: another process imports a folder (committing every half second)
    while this one adds 20 codings and imports a codings file, 20 times over. None may
    fail with "busy": each waits its turn within the busy timeout. Each command here
    opens the project again in this process: that once dropped the first connection's
    locks (see the test below), and under load 2 of 14 runs, then 5 of 7 on a busier
    machine, failed with "disk I/O error"."""
    import random
    import subprocess
    import sys

    from tests.conftest import REPO

    rng = random.Random(7)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    words = [
        "the",
        "scheme",
        "the",
        "council",
        "copied",
        "adapted",
        "in",
        "2002",
        "we",
        "learned",
        "peer",
        "visits",
    ]
    for i in range(60):
        turns = [
            f"{'Interviewer' if t % 2 == 0 else 'R1'}: " + " ".join(rng.choices(words, k=60))
            for t in range(40)
        ]
        (corpus / f"interview-{i:03d}.txt").write_text("\n\n".join(turns) + "\n")
    root = coded_project.root
    coded_project.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.kill_worker", str(root), "--import", str(corpus)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    failures: list[str] = []
    overlapped = 0
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        for i in range(RUNS):
            overlapped += proc.poll() is None
            code, _, err = cli(
                "codings", "add", "-p", str(root), "-d", "Interview 01", "-c", "tacit",
                "--coder", "bob", "--start", str(i), "--end", str(i + 5),
            )  # fmt: skip
            if code != 0:
                failures.append(err.strip())
            rows = tmp_path / f"rows-{i}.csv"
            rows.write_text(
                f"document,start,end,code,coder\nInterview 01,{i},{i + 7},push,bob\n",
                encoding="utf-8",
            )
            code, _, err = cli("codings", "import", str(rows), "-p", str(root))
            if code != 0:
                failures.append(err.strip())
    finally:
        proc.wait(timeout=600)
    assert failures == []
    assert overlapped >= RUNS // 2, "the import was running during most of the actions"
    from workbench.store.project import open_project

    project = open_project(root)
    try:
        assert _count(project) == 2 * RUNS
    finally:
        project.close()


def test_opening_a_project_again_keeps_the_locks_another_process_relies_on(coded_project):
    """A process that opens its project a second time (the TUI, a test, a long-lived
    script) must not drop the file locks its first connection holds.

    POSIX drops all of a process's locks on a file when any descriptor of it closes; a
    look at the database's header with ``open()`` did that, so another process, closing
    its last connection, found itself alone, checkpointed and deleted the write-ahead log
    and its index under the first connection, whose next commit then went to the deleted
    log (unseen by others) or failed with "disk I/O error".
    """
    import subprocess
    import sys

    from tests.conftest import REPO
    from workbench.store.project import open_project

    def other_process(action: str) -> str:
        script = (
            "import sys\n"
            "from pathlib import Path\n"
            "from workbench.services.codings import add_coding\n"
            "from workbench.services.project import project_status\n"
            "from workbench.store.project import open_project\n"
            "p = open_project(Path(sys.argv[1]))\n"
            "if sys.argv[2] == 'add':\n"
            "    add_coding(p.uow(), document='Interview 01', code='tacit', coder='bob',"
            " start=0, end=4)\n"
            "print(project_status(p).codings)\n"
            "p.close()\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(root), action],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    root = coded_project.root
    before = _count(coded_project)  # a connection now holds the database open
    again = open_project(root)
    try:
        assert other_process("add") == str(before + 1)
        add_coding(again.uow(), document="Interview 01", code="push", coder="bob", start=0, end=4)
        assert other_process("count") == str(before + 2), "a commit another process missed"
        assert _count(coded_project) == _count(again) == before + 2
    finally:
        again.close()
