"""Direct-SQL attacks on a team server, with a coder's and a lead's own logins.

Each attack runs as someone would from ``psql``: their login, their own
statements, in one transaction. Every one must be refused by the server (SQLSTATE
42501, insufficient privilege) and leave every table's rows exactly as they were
(checked by the administrator with a digest of each table). Controls beside them
show the same logins doing the work they may do, so that a refusal is the rule's
and not a broken set-up's.

One team database is built for the module; attacks that got through would show
in the next digest, so they cannot hide behind each other.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tests.conftest import LEARNING, _pg_admin_url
from tests.store.test_team import TEXT, _drop_roles

pytestmark = pytest.mark.postgres


@dataclass
class Server:
    url: str
    lead: str
    ana: str
    ben: str
    outsider: str

    def url_as(self, login: str) -> str:
        return make_url(self.url).set(username=login).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A team database: a lead, coders ana and ben with a coding and a memo each."""
    import psycopg

    from workbench.services.codebook import load_codebook_file
    from workbench.services.coders import add_coder
    from workbench.services.codings import add_coding
    from workbench.services.documents import import_file
    from workbench.services.project import init_project
    from workbench.services.team import add_team_coder, init_team, migrate_project
    from workbench.store.team import team_roles

    admin = _pg_admin_url()
    if admin is None:
        pytest.skip("no PostgreSQL server: set WORKBENCH_TEST_PG or start one on localhost")
    name = f"wbattack_{uuid.uuid4().hex[:12]}"
    dsn = admin.replace("+psycopg", "")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    sfx = uuid.uuid4().hex[:8]
    lead, ana, ben, outsider = f"lee_{sfx}", f"ana_{sfx}", f"ben_{sfx}", f"eve_{sfx}"
    base = tmp_path_factory.mktemp("attacks")
    project = init_project("study", base=base, coder=lead)
    load_codebook_file(project.uow(), path=LEARNING, actor=lead)
    add_coder(project.uow(), handle=ana)
    add_coder(project.uow(), handle=ben)
    source = base / "interview-01.txt"
    source.write_text(TEXT, encoding="utf-8")
    import_file(project, path=source, title="Interview 01", kind="interview", date="2006-05")
    for who, quote in ((ana, "copied what they did"), (ben, "went to an open day")):
        add_coding(
            project.uow(),
            document="Interview 01",
            code="imitation",
            coder=who,
            quote=quote,
            memo=f"{who}'s note",
            event_date="2000",
        )
    root = project.root
    project.close()
    init_team(url)
    migrate_project(root, url)
    add_team_coder(url, lead, lead=True)
    add_team_coder(url, ana)
    add_team_coder(url, ben)
    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(False)) as c:
        c.execute(f'CREATE ROLE "{outsider}" LOGIN')  # a login that is not in the team
        for who in (ana, ben):
            c.execute(
                "INSERT INTO memos (guid, coder_id, body, created_at, updated_at) "
                "SELECT gen_random_uuid()::text, id, %s, now(), now() FROM coders "
                "WHERE handle = %s",
                (f"{who}'s memo", who),
            )
    try:
        yield Server(url, lead, ana, ben, outsider)
    finally:
        groups = team_roles(name)
        _drop_roles(url, [lead, ana, ben, outsider, groups.leads, groups.coders])
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


TABLES = (
    "coders",
    "codes",
    "documents",
    "document_versions",
    "codings",
    "memos",
    "settings",
    "audit_log",
    "bracket_schemes",
    "phases",
    "cases",
    "indicators",
)


def digests(url: str) -> dict[str, tuple[int, str]]:
    """Row count and MD5 of every row of every table, read by the administrator."""
    from workbench.store.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t: tuple(
                    conn.execute(
                        text(
                            f"SELECT count(*), coalesce(md5(string_agg(x::text, ',' "
                            f"ORDER BY x::text)), '') FROM public.{t} x"
                        )
                    ).one()
                )
                for t in TABLES
            }
    finally:
        engine.dispose()


def run_as(server: Server, login: str, statements: list[str]) -> None:
    """Run ``statements`` in one transaction as ``login``; committed if none fails."""
    from workbench.store.db import make_engine

    engine = make_engine(server.url_as(login))
    names = {"ana": server.ana, "ben": server.ben, "lead": server.lead}
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement.format(**names))
    finally:
        engine.dispose()


BEN = "(SELECT id FROM public.coders WHERE handle = '{ben}')"
ANA = "(SELECT id FROM public.coders WHERE handle = '{ana}')"
LEAD = "(SELECT id FROM public.coders WHERE handle = '{lead}')"
CONSENSUS = "(SELECT id FROM public.coders WHERE handle = 'consensus')"
SWAP = [
    "CREATE TEMP TABLE coders AS SELECT id, handle FROM public.coders",
    "UPDATE pg_temp.coders SET handle = CASE WHEN handle = '{ana}' THEN '{ben}' "
    "ELSE '{ana}' END WHERE handle IN ('{ana}', '{ben}')",
]

CODER_ATTACKS: dict[str, list[str]] = {
    # the temporary-object family of the issue, and its cousins
    "temp coders: delete another's coding": [*SWAP, f"DELETE FROM codings WHERE coder_id = {BEN}"],
    "temp coders: change another's coding": [
        *SWAP,
        f'UPDATE codings SET "end" = "end" + 1 WHERE coder_id = {BEN}',
    ],
    "temp coders: insert as another": [
        *SWAP,
        'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, origin, '
        f"created_at, updated_at) SELECT 'g1', document_id, 0, 5, code_id, {BEN}, 'manual', "
        "now(), now() FROM codings LIMIT 1",
    ],
    "temp settings: read in blind mode": [
        "CREATE TEMP TABLE settings (key text, value text)",
        "SELECT * FROM codings",
    ],
    "temp pg_roles: forge the audit actor": [
        "CREATE TEMP TABLE pg_roles AS SELECT * FROM pg_catalog.pg_roles WHERE false",
        "SET search_path = pg_temp, public",
        "INSERT INTO audit_log (at, actor, action, entity) VALUES ('2001-01-01', 'mallory', "
        "'coding.add', 'coding')",
    ],
    "temp view": ["CREATE TEMP VIEW v AS SELECT 1"],
    "temp function shadowing a helper": [
        "CREATE FUNCTION pg_temp.wb_me() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$"
    ],
    "table in public": ["CREATE TABLE public.coders2 (id int)"],
    "own schema": ["CREATE SCHEMA mine"],
    "replace a helper function": [
        "CREATE OR REPLACE FUNCTION public.wb_me() RETURNS integer LANGUAGE sql STABLE "
        "AS $$ SELECT 1 $$"
    ],
    "search path first, then delete": [
        "SET search_path = pg_temp, public, pg_catalog",
        f"DELETE FROM codings WHERE coder_id = {BEN}",
    ],
    # other coders' rows
    "delete another's coding": [f"DELETE FROM codings WHERE coder_id = {BEN}"],
    "delete every coding": ["DELETE FROM codings"],
    "change another's offsets": [f'UPDATE codings SET "end" = "end" + 1 WHERE coder_id = {BEN}'],
    "change another's memo": [f"UPDATE codings SET memo = 'x' WHERE coder_id = {BEN}"],
    "re-code another's coding": [
        f"UPDATE codings SET code_id = (SELECT min(id) FROM codes) WHERE coder_id = {BEN}"
    ],
    "take another's coding": [f"UPDATE codings SET coder_id = {ANA} WHERE coder_id = {BEN}"],
    "hand one's coding to another": [f"UPDATE codings SET coder_id = {BEN} WHERE coder_id = {ANA}"],
    "turn one's coding into consensus": [
        f"UPDATE codings SET coder_id = {CONSENSUS} WHERE coder_id = {ANA}"
    ],
    "insert a coding as another": [
        'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, origin, '
        f"created_at, updated_at) SELECT 'g2', document_id, 0, 5, code_id, {BEN}, 'manual', "
        "now(), now() FROM codings LIMIT 1"
    ],
    "insert a consensus coding": [
        'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, origin, '
        f"created_at, updated_at) SELECT 'g3', document_id, 0, 5, code_id, {CONSENSUS}, "
        "'adjudicated', now(), now() FROM codings LIMIT 1"
    ],
    "upsert over another's coding": [
        'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, origin, '
        f"created_at, updated_at) SELECT guid, document_id, 0, 5, code_id, {ANA}, 'manual', "
        f"now(), now() FROM codings WHERE coder_id = {BEN} "
        "ON CONFLICT (guid) DO UPDATE SET memo = 'mine now'"
    ],
    "delete inside a DO block": [
        f"DO $$ BEGIN DELETE FROM public.codings WHERE coder_id = {BEN}; END $$"
    ],
    "delete in a CTE": [
        f"WITH d AS (DELETE FROM codings WHERE coder_id = {BEN} RETURNING id) SELECT * FROM d"
    ],
    "change another's memo row": [f"UPDATE memos SET body = 'x' WHERE coder_id = {BEN}"],
    "delete another's memo row": [f"DELETE FROM memos WHERE coder_id = {BEN}"],
    "insert a memo as another": [
        "INSERT INTO memos (guid, coder_id, body, created_at, updated_at) "
        f"VALUES ('m1', {BEN}, 'x', now(), now())"
    ],
    # adjudication is a lead's
    "adjudicate neither in the audit log": [
        "INSERT INTO audit_log (at, action, entity, entity_id, after) VALUES (now(), "
        "'adjudication.neither', 'adjudication', 'k1', "
        '\'{{"document_id": 1, "start": 0, "end": 5, "codes": []}}\')'
    ],
    "undo a lead's adjudication": [
        "INSERT INTO audit_log (at, action, entity, entity_id) VALUES (now(), "
        "'adjudication.undo', 'adjudication', 'k1')"
    ],
    # what only leads or nobody may write
    "rename a code": ["UPDATE codes SET name = 'x'"],
    "delete phases": ["DELETE FROM phases"],
    "add a scheme": [
        "INSERT INTO bracket_schemes (name, created_at, version) VALUES ('mine', now(), 1)"
    ],
    "blind mode off": ["UPDATE settings SET value = 'off'"],
    "add a coder": ["INSERT INTO coders (handle, role, created_at) VALUES ('m', 'lead', now())"],
    "rename oneself": ["UPDATE coders SET handle = '{ben}x' WHERE handle = '{ana}'"],
    "change a document's text": ["UPDATE documents SET text = 'x'"],
    "add a document version": [
        "INSERT INTO document_versions (document_id, revision, text, sha256, length, "
        "imported_at, replaced_at) VALUES (1, 9, 'x', 'x', 1, now(), now())"
    ],
    "rewrite the audit log": ["UPDATE audit_log SET actor = 'x'"],
    "delete the audit log": ["DELETE FROM audit_log"],
    "truncate codings": ["TRUNCATE codings"],
    "lock the audit log": ["LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE"],
    # the server's own objects and roles
    "switch off row-level security": ["ALTER TABLE codings DISABLE ROW LEVEL SECURITY"],
    "drop the guard": ["DROP TRIGGER team_guard ON codings"],
    "disable the guard": ["ALTER TABLE codings DISABLE TRIGGER team_guard"],
    "drop a policy": ["DROP POLICY team_read ON codings"],
    "become a lead": ["SET ROLE {lead}"],
    "become another coder": ["SET SESSION AUTHORIZATION {ben}"],
    "join the leads": ["GRANT {lead} TO {ana}"],
    "make oneself superuser": ["ALTER ROLE {ana} SUPERUSER"],
    "may create roles": ["ALTER ROLE {ana} CREATEROLE"],
    "create a role": ["CREATE ROLE mallory LOGIN"],
    "reset a sequence": ["SELECT setval(pg_get_serial_sequence('codings', 'id'), 1)"],
    "read a server file": ["SELECT pg_read_file('/etc/passwd')"],
    "copy from a server file": ["COPY codings FROM '/etc/passwd'"],
    "create an extension": ["CREATE EXTENSION IF NOT EXISTS dblink"],
    "row security off": ["SET row_security = off", "SELECT * FROM codings"],
}

LEAD_ATTACKS: dict[str, list[str]] = {
    "re-point another's coding to oneself, then delete": [
        f"UPDATE codings SET coder_id = {LEAD} WHERE coder_id = {ANA}",
        f"DELETE FROM codings WHERE coder_id = {LEAD}",
    ],
    "re-point another's coding to consensus, then delete": [
        f"UPDATE codings SET coder_id = {CONSENSUS} WHERE coder_id = {ANA}",
        f"DELETE FROM codings WHERE coder_id = {CONSENSUS}",
    ],
    "delete another's coding": [f"DELETE FROM codings WHERE coder_id = {ANA}"],
    "change another's offsets": [
        f'UPDATE codings SET start = start + 1, "end" = "end" + 1 WHERE coder_id = {ANA}'
    ],
    "change another's memo": [f"UPDATE codings SET memo = 'x' WHERE coder_id = {ANA}"],
    "change another's event date": [
        f"UPDATE codings SET event_start = '1990-01-01' WHERE coder_id = {ANA}"
    ],
    "change another's origin": [
        f"UPDATE codings SET origin = 'adjudicated' WHERE coder_id = {ANA}"
    ],
    "move another's coding to another document": [
        "INSERT INTO documents (guid, title, kind, text, sha256, length, attributes, "
        "imported_at, revision) VALUES ('d2', 'Other', 'document', 'abcdefghijklmnopqrstuvwxyz "
        "abcdefghijklmnopqrstuvwxyz', 'x', 53, '{{}}', now(), 1)",
        "UPDATE codings SET document_id = (SELECT id FROM documents WHERE guid = 'd2') "
        f"WHERE coder_id = {ANA}",
    ],
    "offsets with a sham revision (same text)": [
        "INSERT INTO document_versions (document_id, revision, text, sha256, length, "
        "imported_at, replaced_at) SELECT id, revision, text, sha256, length, imported_at, "
        "now() FROM documents",
        "UPDATE documents SET revision = revision + 1",
        f'UPDATE codings SET "end" = "end" - 1 WHERE coder_id = {ANA}',
    ],
    "change another's memo row": [f"UPDATE memos SET body = 'x' WHERE coder_id = {ANA}"],
    "delete another's memo row": [f"DELETE FROM memos WHERE coder_id = {ANA}"],
    "rename a coder's handle to act as them": [
        "UPDATE coders SET handle = 'gone' WHERE handle = '{ana}'",
        "UPDATE coders SET handle = '{ana}' WHERE handle = '{lead}'",
    ],
    "rename oneself": ["UPDATE coders SET handle = 'lee2' WHERE handle = '{lead}'"],
    "make a coder a lead": ["UPDATE coders SET role = 'lead' WHERE handle = '{ana}'"],
    "delete a coder": ["DELETE FROM coders WHERE handle = '{ben}'"],
    "add a lead": [
        "INSERT INTO coders (handle, role, created_at) VALUES ('mallory', 'lead', now())"
    ],
    "change a document's text in place": ["UPDATE documents SET text = upper(text)"],
    "rewrite an earlier version": ["UPDATE document_versions SET text = 'x'"],
    "delete the audit log": ["DELETE FROM audit_log"],
    "rewrite the audit log": ["UPDATE audit_log SET actor = 'x'"],
    "temp coders: swap handles": [*SWAP, f"DELETE FROM codings WHERE coder_id = {ANA}"],
    "temp pg_roles": ["CREATE TEMP TABLE pg_roles (rolname name, rolsuper bool)"],
    "give a coder the leads' rights": ["GRANT {lead} TO {ana}"],
    "drop the guard": ["DROP TRIGGER team_guard ON codings"],
    "replace the guard's function": [
        "CREATE OR REPLACE FUNCTION public.team_guard() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RETURN NEW; END $$"
    ],
    "insert a coding as another": [
        'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, origin, '
        f"created_at, updated_at) SELECT 'g4', document_id, 0, 5, code_id, {ANA}, 'manual', "
        "now(), now() FROM codings LIMIT 1"
    ],
}


def _attack(server: Server, login: str, statements: list[str]) -> None:
    before = digests(server.url)
    with pytest.raises(DBAPIError) as caught:
        run_as(server, login, statements)
    state = getattr(caught.value.orig, "sqlstate", None)
    assert state == "42501", f"{state}: {caught.value.orig}"
    assert digests(server.url) == before


@pytest.mark.parametrize("name", sorted(CODER_ATTACKS))
def test_a_coder_with_psql_is_refused(server, name):
    _attack(server, server.ana, CODER_ATTACKS[name])


@pytest.mark.parametrize("name", sorted(LEAD_ATTACKS))
def test_a_lead_with_psql_is_refused(server, name):
    _attack(server, server.lead, LEAD_ATTACKS[name])


@pytest.mark.parametrize(
    "statement", ["SELECT * FROM codings", "CREATE TEMP TABLE t (a int)", "SET ROLE {ana}"]
)
def test_a_login_outside_the_team_gets_nothing(server, statement):
    _attack(server, server.outsider, [statement])


def test_in_blind_mode_a_coder_reads_only_their_own_whatever_the_search_path(server):
    from workbench.store.db import make_engine

    run_as(server, server.lead, ["UPDATE settings SET value = 'on' WHERE key = 'blind'"])
    if not digests(server.url)["settings"][0]:
        run_as(server, server.lead, ["INSERT INTO settings (key, value) VALUES ('blind', 'on')"])
    engine = make_engine(server.url_as(server.ana))
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET search_path = pg_temp, public, pg_catalog")
            coders = set(
                conn.exec_driver_sql(
                    "SELECT DISTINCT c.handle FROM codings g JOIN coders c ON c.id = g.coder_id"
                ).scalars()
            )
            actors = set(conn.exec_driver_sql("SELECT DISTINCT actor FROM audit_log").scalars())
            memos = set(conn.exec_driver_sql("SELECT body FROM memos").scalars())
        assert coders == {server.ana}
        assert server.ben not in actors
        assert memos == {f"{server.ana}'s memo"}
    finally:
        engine.dispose()
        run_as(server, server.lead, ["UPDATE settings SET value = 'off' WHERE key = 'blind'"])


def test_controls_each_login_does_what_it_may(server):
    """The rules refuse the attacks above, not everything: the same logins' own work."""
    # a coder changes their own coding and memo
    run_as(
        server,
        server.ana,
        [
            f"UPDATE codings SET memo = 'revised' WHERE coder_id = {ANA}",
            f"UPDATE memos SET body = body || '.' WHERE coder_id = {ANA}",
        ],
    )
    # a lead re-points another coder's coding and memo (merging codes) ...
    run_as(
        server,
        server.lead,
        [
            f"UPDATE codings SET code_id = code_id WHERE coder_id = {ANA}",
            "UPDATE codings SET code_id = (SELECT id FROM codes WHERE guid = 'adaptation') "
            f"WHERE coder_id = {ANA}",
            "UPDATE memos SET code_id = (SELECT id FROM codes WHERE guid = 'adaptation') "
            f"WHERE coder_id = {ANA}",
            "UPDATE coders SET name = 'Ana A.' WHERE handle = '{ana}'",
        ],
    )
    # ... and writes adjudication decisions, in their own name whatever they claim
    run_as(
        server,
        server.lead,
        [
            "INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES "
            "('2001-01-01', 'mallory', 'adjudication.undo', 'adjudication', 'k0')"
        ],
    )
    from workbench.store.db import make_engine

    engine = make_engine(server.url)
    try:
        with engine.connect() as conn:
            row = conn.execute(text("SELECT actor, at FROM audit_log WHERE entity_id = 'k0'")).one()
        assert row.actor == server.lead
        assert row.at.year > 2001
    finally:
        engine.dispose()


def test_a_coder_deleting_their_coding_detaches_another_coders_memo(server):
    """Foreign-key actions run as the table's owner: the guard lets them through."""
    # ana codes a passage, ben writes a memo about it; ana then removes her coding
    run_as(
        server,
        server.ana,
        [
            'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, origin, '
            f"created_at, updated_at) SELECT 'temp', document_id, 1, 4, code_id, {ANA}, "
            f"'manual', now(), now() FROM codings WHERE coder_id = {ANA} LIMIT 1",
        ],
    )
    run_as(
        server,
        server.ben,
        ["UPDATE memos SET coding_id = (SELECT id FROM codings WHERE guid = 'temp')"
         f" WHERE coder_id = {BEN}"],
    )  # fmt: skip
    run_as(server, server.ana, ["DELETE FROM codings WHERE guid = 'temp'"])
    from workbench.store.db import make_engine

    engine = make_engine(server.url)
    try:
        with engine.connect() as conn:
            memo = conn.execute(
                text(
                    f"SELECT body, coding_id FROM memos WHERE coder_id = {BEN}".format(
                        ben=server.ben
                    )
                )
            ).one()
        assert memo == (f"{server.ben}'s memo", None)
    finally:
        engine.dispose()
