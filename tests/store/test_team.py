"""Team mode against a real PostgreSQL server: the server, not the client, enforces the rules.

Every refusal is checked with the coder's own login, through the services and with
raw SQL, and the database is checked unchanged afterwards.
"""

from __future__ import annotations

import multiprocessing
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tests.conftest import LEARNING
from workbench.core.errors import ConflictError, RefusedError

pytestmark = pytest.mark.postgres

TEXT = (
    "Interviewer: When did you first hear of the scheme?\n"
    "R1: In 2000. We went to an open day and copied what they did.\n"
    "Interviewer: And later?\n"
    "R1: By 2003 we were adapting ideas to our own context with a peer council.\n"
)


@dataclass
class Team:
    url: str
    root: Path
    sqlite: Path
    lead: str
    ana: str
    ben: str

    def url_as(self, login: str) -> str:
        return make_url(self.url).set(username=login).render_as_string(hide_password=False)

    def open_as(self, login: str):
        from workbench.store.db import make_engine
        from workbench.store.project import Project, read_config

        return Project(
            self.root, read_config(self.root / "workbench.yaml"), make_engine(self.url_as(login))
        )


def _drop_roles(url: str, roles: list[str]) -> None:
    import psycopg

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for role in roles:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(f'DROP OWNED BY "{role}"')
                conn.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def team(pg_url, tmp_path):
    """A coded SQLite project moved to a team database, with a lead and two coders."""
    from workbench.services.codebook import load_codebook_file
    from workbench.services.coders import add_coder
    from workbench.services.codings import add_coding
    from workbench.services.documents import import_file
    from workbench.services.project import init_project
    from workbench.services.team import add_team_coder, init_team, migrate_project
    from workbench.store.team import team_roles

    sfx = uuid.uuid4().hex[:8]
    lead, ana, ben = f"lee_{sfx}", f"ana_{sfx}", f"ben_{sfx}"
    project = init_project("study", base=tmp_path, coder=lead)
    load_codebook_file(project.uow(), path=LEARNING, actor=lead)
    add_coder(project.uow(), handle=ana)
    add_coder(project.uow(), handle=ben)
    source = tmp_path / "interview-01.txt"
    source.write_text(TEXT, encoding="utf-8")
    import_file(project, path=source, title="Interview 01", kind="interview", date="2006-05")
    for who, quote in ((ana, "copied what they did"), (ben, "went to an open day")):
        add_coding(
            project.uow(),
            document="Interview 01",
            code="imitation",
            coder=who,
            quote=quote,
        )
    root = project.root
    sqlite = Path(str(project.engine.url.database))
    project.close()

    init_team(pg_url)
    migrate_project(root, pg_url)
    add_team_coder(pg_url, lead, lead=True)
    add_team_coder(pg_url, ana)
    add_team_coder(pg_url, ben)
    yield Team(pg_url, root, sqlite, lead, ana, ben)
    groups = team_roles(str(make_url(pg_url).database))
    _drop_roles(pg_url, [lead, ana, ben, groups.leads, groups.coders])


def _codings(project, coder: str | None = None):
    from workbench.services.codings import list_codings

    return list_codings(project.uow(), coder=coder)


def test_migration_round_trips_every_table_exactly(team):
    from workbench.services.team import table_digest
    from workbench.store.db import make_engine
    from workbench.store.models import Base

    src, dst = make_engine(f"sqlite:///{team.sqlite}"), make_engine(team.url)
    try:
        with src.connect() as a, dst.connect() as b:
            for table in Base.metadata.sorted_tables:
                if table.name == "coders":
                    continue  # logins were added after the move
                assert table_digest(a, table) == table_digest(b, table), table.name
            rows = b.execute(select(text("handle")).select_from(text("coders"))).scalars()
            assert {team.lead, team.ana, team.ben, "consensus"} <= set(rows)
    finally:
        src.dispose()
        dst.dispose()
    config = (team.root / "workbench.yaml").read_text(encoding="utf-8")
    assert "postgresql://" in config
    assert "sqlite" not in config


def test_migration_refuses_a_database_that_is_not_fresh(team, tmp_path):
    from workbench.services.team import migrate_project

    with pytest.raises(ConflictError, match="already"):
        migrate_project(team.sqlite, team.url, switch=False)


def test_a_coder_changes_only_their_own_codings(team):
    from workbench.services.codings import add_coding, remove_coding

    ana = team.open_as(team.ana)
    try:
        bens = [c for c in _codings(ana) if c.coder == team.ben]
        assert bens, "ana reads ben's codings outside blind mode"
        before = len(_codings(ana))
        with pytest.raises(RefusedError, match="belongs to another coder"):
            remove_coding(ana.uow(), coding_id=bens[0].id, actor=team.ana)
        assert len(_codings(ana)) == before
        mine = add_coding(
            ana.uow(),
            document="Interview 01",
            code="adaptation",
            coder=team.ana,
            quote="adapting ideas",
        )
        remove_coding(ana.uow(), coding_id=mine.id, actor=team.ana)
        with pytest.raises(RefusedError, match="row-level security"):
            add_coding(
                ana.uow(),
                document="Interview 01",
                code="adaptation",
                coder=team.ben,
                quote="adapting ideas",
            )
        with ana.engine.begin() as conn:
            row = conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor, action, entity) "
                    "VALUES ('2001-01-01', 'mallory', 'forged', 'coding') RETURNING actor, at"
                )
            ).one()
        assert row.actor == team.ana, "the server names the actor, not the client"
        assert row.at.year > 2001
    finally:
        ana.close()


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM codings WHERE coder_id = (SELECT id FROM coders WHERE handle = '{ben}')",
        'UPDATE codings SET "end" = "end" + 1 '
        "WHERE coder_id = (SELECT id FROM coders WHERE handle = '{ben}')",
        "UPDATE codes SET name = 'x'",
        "DELETE FROM phases",
        "INSERT INTO bracket_schemes (name, created_at, version) VALUES ('mine', now(), 1)",
        "UPDATE audit_log SET actor = 'x'",
        "DELETE FROM audit_log",
        "UPDATE settings SET value = 'off'",
        "INSERT INTO coders (handle, role, created_at) VALUES ('mallory', 'lead', now())",
    ],
    ids=[
        "delete-other-coding",
        "alter-other-coding",
        "alter-codebook",
        "delete-phases",
        "add-scheme",
        "alter-audit",
        "delete-audit",
        "change-settings",
        "add-coder",
    ],
)
def test_the_server_refuses_a_coder_with_their_own_login(team, statement):
    from workbench.store.db import make_engine

    admin = make_engine(team.url)
    coder = make_engine(team.url_as(team.ana))

    def snapshot() -> tuple:
        with admin.connect() as conn:
            return tuple(
                conn.execute(
                    text(f"SELECT count(*), md5(string_agg({t}::text, ',')) FROM {t}")
                ).one()
                for t in ("codings", "codes", "audit_log", "coders")
            )

    try:
        before = snapshot()
        with coder.begin() as conn, pytest.raises(DBAPIError) as caught:
            conn.execute(text(statement.format(ben=team.ben)))
        assert getattr(caught.value.orig, "sqlstate", None) == "42501"
        assert snapshot() == before
    finally:
        admin.dispose()
        coder.dispose()


def test_only_leads_change_codebook_phases_and_consensus(team):
    from workbench.services.adjudication import take_coding
    from workbench.services.codebook import rename_code
    from workbench.services.phases import add_phase

    ana, lead = team.open_as(team.ana), team.open_as(team.lead)
    try:
        with pytest.raises(RefusedError):
            rename_code(ana.uow(), code="imitation", new_name="Copying", actor=team.ana)
        with pytest.raises(RefusedError):
            add_phase(ana, scheme="study", label="one", start="1999", end="2001", actor=team.ana)
        bens = [c for c in _codings(ana) if c.coder == team.ben]
        with pytest.raises(RefusedError):
            take_coding(ana, coding_id=bens[0].id, actor=team.ana)

        rename_code(lead.uow(), code="imitation", new_name="Copying", actor=team.lead)
        add_phase(lead, scheme="study", label="one", start="1999", end="2001", actor=team.lead)
        taken = take_coding(lead, coding_id=bens[0].id, actor=team.lead)
        assert taken.coder == "consensus"
        assert [c.code_path for c in _codings(ana, "consensus")] == [taken.code_path]
    finally:
        ana.close()
        lead.close()


def test_blind_mode_hides_other_coders_from_coders_not_leads(team):
    from workbench.services.team import is_blind, set_blind

    ana, lead = team.open_as(team.ana), team.open_as(team.lead)
    try:
        with pytest.raises(RefusedError):
            set_blind(ana, True)
        set_blind(lead, True)
        assert is_blind(ana)
        assert {c.coder for c in _codings(ana)} == {team.ana}
        assert {c.coder for c in _codings(lead)} == {team.ana, team.ben}
        with ana.engine.connect() as conn:
            actors = set(conn.execute(text("SELECT DISTINCT actor FROM audit_log")).scalars())
        assert team.ben not in actors
        set_blind(lead, False)
        assert {c.coder for c in _codings(ana)} == {team.ana, team.ben}
    finally:
        ana.close()
        lead.close()


def test_a_stale_codebook_or_phase_edit_names_who_changed_it(team):
    from workbench.services.codebook import list_codes, rename_code
    from workbench.services.phases import add_phase, edit_phase, remove_phase

    lead = team.open_as(team.lead)
    try:
        code = next(c for c in list_codes(lead.uow()) if c.name == "Imitation of best practice")
        rename_code(
            lead.uow(),
            code=code.guid,
            new_name="Copying",
            actor=team.lead,
            expected_version=code.version,
        )
        with pytest.raises(ConflictError, match=f"changed by {team.lead} at .* reload"):
            rename_code(
                lead.uow(),
                code=code.guid,
                new_name="Mimicry",
                actor=team.lead,
                expected_version=code.version,
            )
        phase = add_phase(lead, scheme="s", label="one", start="1999", end="2001", actor=team.lead)
        edit_phase(lead, scheme="s", label="one", end="2002", expected_version=phase.version)
        with pytest.raises(ConflictError, match="reload"):
            edit_phase(lead, scheme="s", label="one", end="2003", expected_version=phase.version)
        with pytest.raises(ConflictError, match="reload"):
            remove_phase(lead, scheme="s", label="one", actor=None, expected_version=phase.version)
        remove_phase(lead, scheme="s", label="one", actor=None, expected_version=phase.version + 1)
    finally:
        lead.close()


def test_concurrent_edits_of_one_phase_cannot_both_win(team):
    """Two leads read version 1 at once; the server's version check lets only one write."""
    from sqlalchemy.orm import Session

    from workbench.services.phases import add_phase
    from workbench.store.models import Phase

    lead = team.open_as(team.lead)
    try:
        add_phase(lead, scheme="s", label="one", start="1999", end="2001", actor=team.lead)
        with Session(lead.engine) as first, Session(lead.engine) as second:
            a = first.scalars(select(Phase)).one()
            b = second.scalars(select(Phase)).one()
            a.justification, a.version = "first", a.version + 1
            b.justification, b.version = "second", b.version + 1
            first.commit()
            from sqlalchemy.orm.exc import StaleDataError

            with pytest.raises(StaleDataError):
                second.commit()
        with Session(lead.engine) as check:
            assert check.scalars(select(Phase.justification)).one() == "first"
    finally:
        lead.close()


def _apply_many(url: str, handle: str, count: int, queue) -> None:
    """One coder process: ``count`` codings on the shared document, as fast as it can."""
    import time

    from workbench.services.codings import add_coding
    from workbench.store.db import make_engine
    from workbench.store.session import UnitOfWork

    engine = make_engine(url)
    times = []
    try:
        for i in range(count):
            start = (i * 7) % 200
            t0 = time.perf_counter()
            add_coding(
                UnitOfWork(engine),
                document="Interview 01",
                code="imitation" if i % 2 else "adaptation",
                coder=handle,
                start=start,
                end=start + 5 + i % 11,
            )
            times.append(time.perf_counter() - t0)
        queue.put((handle, len(times), None))
    except Exception as exc:  # reported to the parent, which fails the test
        queue.put((handle, len(times), repr(exc)))
    finally:
        engine.dispose()


def test_eight_coders_at_once_lose_nothing(team):
    from workbench.services.team import add_team_coder
    from workbench.store.db import make_engine

    sfx = team.ana.split("_")[1]
    handles = [f"c{i}_{sfx}" for i in range(8)]
    for handle in handles:
        add_team_coder(team.url, handle)
    admin = make_engine(team.url)
    try:
        with admin.connect() as conn:
            audit_before = conn.scalar(text("SELECT count(*) FROM audit_log"))
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        workers = [
            ctx.Process(target=_apply_many, args=(team.url_as(h), h, 500, queue)) for h in handles
        ]
        for w in workers:
            w.start()
        results = [queue.get(timeout=600) for _ in workers]
        for w in workers:
            w.join(timeout=60)
        assert all(error is None for _, _, error in results), results
        with admin.connect() as conn:
            per_coder = dict(
                conn.execute(
                    text(
                        "SELECT c.handle, count(*) FROM codings g JOIN coders c "
                        "ON c.id = g.coder_id GROUP BY c.handle"
                    )
                ).all()
            )
            assert all(per_coder.get(h) == 500 for h in handles), per_coder
            guids = conn.scalar(text("SELECT count(DISTINCT guid) FROM codings"))
            total = conn.scalar(text("SELECT count(*) FROM codings"))
            assert guids == total
            added = dict(
                conn.execute(
                    text(
                        "SELECT actor, count(*) FROM audit_log "
                        "WHERE action = 'coding.add' GROUP BY actor"
                    )
                ).all()
            )
            assert all(added.get(h) == 500 for h in handles), added
            assert conn.scalar(text("SELECT count(*) FROM audit_log")) == audit_before + 4000
    finally:
        admin.dispose()
        _drop_roles(team.url, handles)


def test_a_lead_revises_a_document_and_every_coders_codings_follow(team, tmp_path):
    """Coders may not revise; a lead may, moving others' codings, but not deleting them."""
    from workbench.services.revisions import revise_document

    revised = tmp_path / "interview-01-v2.txt"
    revised.write_text("Interviewer: First, your name?\nR1: Kim.\n" + TEXT, encoding="utf-8")
    ana, lead = team.open_as(team.ana), team.open_as(team.lead)
    try:
        before = {(c.coder, c.start, c.end) for c in _codings(lead)}
        with pytest.raises(RefusedError):
            revise_document(ana, document="Interview 01", path=revised, actor=team.ana)
        assert {(c.coder, c.start, c.end) for c in _codings(lead)} == before

        report = revise_document(lead, document="Interview 01", path=revised, actor=team.lead)
        assert report.counts["moved"] == 2
        after = {c.coder: c.quote for c in _codings(ana)}
        assert after == {team.ana: "copied what they did", team.ben: "went to an open day"}

        # dropping another coder's lost coding is theirs to do, not the lead's
        cut = tmp_path / "interview-01-v3.txt"
        cut.write_text(revised.read_text().replace("We went to an open day and ", ""), "utf-8")
        with pytest.raises(RefusedError):
            revise_document(
                lead, document="Interview 01", path=cut, actor=team.lead, drop_lost=True
            )
        assert {c.coder: c.quote for c in _codings(ana)} == after
    finally:
        ana.close()
        lead.close()
