"""Team mode on PostgreSQL: group roles, grants, row-level security and guard triggers.

The rules of a shared project are enforced by the server, not only by the
application, so a coder or a lead with a SQL prompt and their own login can do
no more than the workbench lets them:

- every team member reads the corpus, the codebook, phases and the audit log;
- a coder inserts, changes and deletes only their own codings and memos, and in
  blind mode reads only their own (and their own audit entries);
- leads also curate: the codebook, bracket schemes and phases, documents,
  indicators, settings and the consensus coder's codings (adjudication); of
  another coder's codings and memos a lead may only re-point the code (merging
  codes) and, in the transaction that revises the document, move the offsets;
  never their memo, event date or coder, and never delete them;
- a coding or memo keeps the coder who made it; a coder's handle and role are
  the administrator's (``team add-coder``), so nobody can rename themselves into
  someone else;
- a document's text changes only by a revision that keeps the old text;
- only leads write adjudication decisions into the audit log; nobody may UPDATE
  or DELETE it (no grant, plus the trigger of the first migration), and the
  server, not the client, writes who did it and when.

The helper functions name every table and operator with its schema, and the
trigger functions run with a fixed ``search_path``, so a session's own
``search_path`` or a temporary table called ``coders`` cannot change what they
read; team members may not create temporary tables at all.

Two group roles per database, ``<db>_coders`` and ``<db>_leads`` (a member of
the first), hold the grants; ``team add-coder`` makes login roles members of one
of them. Everything here is idempotent: ``team init`` may run again after an
upgrade to re-apply grants to new tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from workbench.core.errors import ProjectError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# What a lead may write besides what every coder may (the guard triggers narrow it).
LEAD_TABLES = (
    "codes",
    "bracket_schemes",
    "phases",
    "documents",
    "turns",
    "sentences",
    "date_mentions",
    "cases",
    "indicators",
    "coders",
    "settings",
)
LEAD_INSERT_ONLY = ("document_versions",)
"""Earlier texts of revised documents: added by a revision, never rewritten."""
CODER_TABLES = ("codings", "memos")
LOGIN_NOTE = "workbench team login"
"""The comment on every login role ``team add-coder`` creates: how it knows its own."""
SAFE_PATH = "SET search_path = pg_catalog, public, pg_temp"


@dataclass(frozen=True, slots=True)
class TeamRoles:
    coders: str
    leads: str


def team_roles(database: str) -> TeamRoles:
    return TeamRoles(coders=f"{database}_coders", leads=f"{database}_leads")


def quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def role_exists(conn: Connection, name: str) -> bool:
    return bool(
        conn.scalar(text("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = :n"), {"n": name})
    )


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _helpers(coders: str, leads: str) -> list[str]:
    """The policies' helper functions: SQL, schema-qualified to the last operator.

    They stay plain SQL without a ``SET`` clause so the planner can inline them into
    the policies (one look-up per query, not one per row); qualifying every name
    is what makes them immune to the caller's ``search_path``.
    """
    eq = "OPERATOR(pg_catalog.=)"
    return [
        "CREATE OR REPLACE FUNCTION public.wb_me() RETURNS integer LANGUAGE sql STABLE AS "
        f"$$ SELECT c.id FROM public.coders c WHERE c.handle {eq} CURRENT_USER $$",
        "CREATE OR REPLACE FUNCTION public.wb_is_lead() RETURNS boolean LANGUAGE sql STABLE AS "
        f"$$ SELECT pg_catalog.pg_has_role(CURRENT_USER, {_literal(leads)}, 'MEMBER') $$",
        # Superusers count as members of every role; the administrator is not a coder.
        "CREATE OR REPLACE FUNCTION public.wb_member() RETURNS boolean LANGUAGE sql STABLE AS "
        f"$$ SELECT pg_catalog.pg_has_role(CURRENT_USER, {_literal(coders)}, 'MEMBER') AND NOT "
        f"coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname {eq} "
        "CURRENT_USER), false) $$",
        "CREATE OR REPLACE FUNCTION public.wb_consensus() RETURNS integer LANGUAGE sql STABLE AS "
        f"$$ SELECT c.id FROM public.coders c WHERE c.handle {eq} 'consensus' $$",
        "CREATE OR REPLACE FUNCTION public.wb_blind() RETURNS boolean LANGUAGE sql STABLE AS "
        f"$$ SELECT coalesce((SELECT s.value {eq} 'on' FROM public.settings s "
        f"WHERE s.key {eq} 'blind'), false) $$",
        # Columns an UPDATE changed, to tell a code merge or a revision from an edit.
        "CREATE OR REPLACE FUNCTION public.wb_changed(old jsonb, new jsonb) RETURNS text[] "
        "LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(pg_catalog.array_agg(n.key), '{}') "
        "FROM pg_catalog.jsonb_each(new) n "
        "WHERE n.value IS DISTINCT FROM (old OPERATOR(pg_catalog.->) n.key) $$",
        # Whether this transaction revised the document: kept its earlier text as a
        # version and gave it a different text.
        "CREATE OR REPLACE FUNCTION public.wb_revised_now(doc integer) RETURNS boolean "
        "LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM public.document_versions v "
        f"JOIN public.documents d ON d.id {eq} v.document_id "
        f"WHERE v.document_id {eq} doc AND v.xmin {eq} pg_catalog.pg_current_xact_id()::xid "
        f"AND d.revision {eq} (v.revision OPERATOR(pg_catalog.+) 1) "
        "AND d.text OPERATOR(pg_catalog.<>) v.text) $$",
    ]


_REFUSE = "USING ERRCODE = 'insufficient_privilege'"
_PASS = "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"

# The server names the actor and time of every audit entry a team member writes,
# and only leads record adjudication decisions ("neither", their undo and redo).
AUDIT_TRIGGER = f"""
CREATE OR REPLACE FUNCTION public.audit_log_actor() RETURNS trigger LANGUAGE plpgsql
{SAFE_PATH} AS $$
BEGIN
  IF public.wb_member() THEN
    IF NEW.entity = 'adjudication' AND NOT public.wb_is_lead() THEN
      RAISE EXCEPTION 'permission denied: only leads adjudicate' {_REFUSE};
    END IF;
    NEW.actor := CURRENT_USER;
    NEW.at := now();
  END IF;
  RETURN NEW;
END $$"""

# Rows a member may not change are refused loudly (row-level security alone would
# skip them silently and report "0 rows", which reads like success).
OWNED_TRIGGER = f"""
CREATE OR REPLACE FUNCTION public.team_guard() RETURNS trigger LANGUAGE plpgsql
{SAFE_PATH} AS $$
DECLARE
  changed text[];
BEGIN
  IF NOT public.wb_member() THEN {_PASS} END IF;
  IF TG_OP = 'UPDATE' AND NEW.coder_id IS DISTINCT FROM OLD.coder_id THEN
    RAISE EXCEPTION 'permission denied: % #% keeps the coder who made it', TG_TABLE_NAME,
      OLD.id {_REFUSE};
  END IF;
  IF OLD.coder_id IS NOT DISTINCT FROM public.wb_me() THEN {_PASS} END IF;
  IF public.wb_is_lead() THEN
    IF OLD.coder_id = public.wb_consensus() THEN {_PASS} END IF;
    IF TG_OP = 'UPDATE' THEN
      changed := public.wb_changed(to_jsonb(OLD), to_jsonb(NEW));
      IF changed <@ ARRAY['code_id'] THEN RETURN NEW; END IF;  -- merging codes
      IF TG_TABLE_NAME = 'codings' AND changed <@ ARRAY['start', 'end', 'updated_at']
         AND public.wb_revised_now(OLD.document_id) THEN
        RETURN NEW;  -- carried over to the document's revised text
      END IF;
    END IF;
  END IF;
  RAISE EXCEPTION 'permission denied: % #% belongs to another coder', TG_TABLE_NAME, OLD.id
    {_REFUSE};
END $$"""

# Identities are the administrator's: a lead may add coders (importing codings made
# elsewhere) and correct a name, never rename a handle, change a role or delete one.
CODERS_TRIGGER = f"""
CREATE OR REPLACE FUNCTION public.coders_guard() RETURNS trigger LANGUAGE plpgsql
{SAFE_PATH} AS $$
BEGIN
  IF NOT public.wb_member() THEN {_PASS} END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.role <> 'coder' THEN
      RAISE EXCEPTION 'permission denied: leads are made by the administrator' {_REFUSE};
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND public.wb_changed(to_jsonb(OLD), to_jsonb(NEW)) <@ ARRAY['name'] THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'permission denied: coder % (its handle and role) is the administrator''s',
    OLD.handle {_REFUSE};
END $$"""

# Stored text never changes under codings: only a revision, which keeps the old text
# in document_versions in the same transaction, replaces it. Checked at commit (a
# deferred constraint trigger), since the ORM may write the document before its version.
DOCUMENTS_TRIGGER = f"""
CREATE OR REPLACE FUNCTION public.documents_guard() RETURNS trigger LANGUAGE plpgsql
{SAFE_PATH} AS $$
BEGIN
  IF public.wb_member() AND NEW.text IS DISTINCT FROM OLD.text AND NOT EXISTS (
      SELECT 1 FROM public.document_versions v WHERE v.document_id = OLD.id
      AND v.revision = OLD.revision AND v.text = OLD.text
      AND v.xmin = pg_current_xact_id()::xid) THEN
    RAISE EXCEPTION 'permission denied: the text of document #% changes only by a revision',
      OLD.id {_REFUSE};
  END IF;
  RETURN NEW;
END $$"""


def _trigger(conn: Connection, name: str, table: str, when: str) -> None:
    conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON public.{table}"))
    conn.execute(
        text(
            f"CREATE TRIGGER {name} {when} ON public.{table} "
            f"FOR EACH ROW EXECUTE FUNCTION public.{name}()"
        )
    )


def install(conn: Connection, database: str) -> TeamRoles:
    """Create the group roles and (re)apply grants, functions, triggers and policies."""
    roles = team_roles(database)
    q = lambda name: quote(conn, name)  # noqa: E731
    coders, leads, db = q(roles.coders), q(roles.leads), q(database)
    for role in (roles.coders, roles.leads):
        if not role_exists(conn, role):
            conn.execute(text(f"CREATE ROLE {q(role)} NOLOGIN"))
    conn.execute(text(f"GRANT {coders} TO {leads}"))
    conn.execute(text(f"GRANT CONNECT ON DATABASE {db} TO {coders}"))
    # No temporary objects (a temporary table shadows a table of the same name) and no
    # objects of their own in the schema the policies read.
    conn.execute(text(f"REVOKE TEMPORARY ON DATABASE {db} FROM PUBLIC, {coders}, {leads}"))
    conn.execute(text(f"REVOKE CREATE ON DATABASE {db} FROM PUBLIC, {coders}, {leads}"))
    conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {coders}"))
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {coders}, {leads}"))
    conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {coders}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {coders}"))
    for table in CODER_TABLES:
        conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON public.{table} TO {coders}"))
    conn.execute(text(f"GRANT INSERT ON public.audit_log TO {coders}"))
    for table in LEAD_TABLES:
        conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON public.{table} TO {leads}"))
    for table in LEAD_INSERT_ONLY:
        conn.execute(text(f"GRANT INSERT ON public.{table} TO {leads}"))

    for statement in _helpers(roles.coders, roles.leads):
        conn.execute(text(statement))
    for statement in (AUDIT_TRIGGER, OWNED_TRIGGER, CODERS_TRIGGER, DOCUMENTS_TRIGGER):
        conn.execute(text(statement))
    _trigger(conn, "audit_log_actor", "audit_log", "BEFORE INSERT")
    for table in CODER_TABLES:
        _trigger(conn, "team_guard", table, "BEFORE UPDATE OR DELETE")
    _trigger(conn, "coders_guard", "coders", "BEFORE INSERT OR UPDATE OR DELETE")
    conn.execute(text("DROP TRIGGER IF EXISTS documents_guard ON public.documents"))
    conn.execute(
        text(
            "CREATE CONSTRAINT TRIGGER documents_guard AFTER UPDATE ON public.documents "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.documents_guard()"
        )
    )

    mine = "coder_id = public.wb_me()"
    consensus = "(public.wb_is_lead() AND coder_id = public.wb_consensus())"
    visible = f"(NOT public.wb_blind() OR {mine} OR public.wb_is_lead())"
    owned = {
        "read": ("SELECT", visible, None),
        "add": ("INSERT", None, f"{mine} OR {consensus}"),
        "change": ("UPDATE", visible, f"{mine} OR public.wb_is_lead()"),
        "remove": ("DELETE", visible, None),
    }
    policies = {
        "codings": owned,
        "memos": owned,
        "audit_log": {
            "read": (
                "SELECT",
                "NOT public.wb_blind() OR actor = CURRENT_USER OR public.wb_is_lead()",
                None,
            ),
            "add": ("INSERT", None, "true"),
        },
    }
    for table, rules in policies.items():
        conn.execute(text(f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY"))
        for name, (command, using, check) in rules.items():
            policy = f"team_{name}"
            conn.execute(text(f"DROP POLICY IF EXISTS {policy} ON public.{table}"))
            clause = f"CREATE POLICY {policy} ON public.{table} FOR {command} TO {coders}"
            if using:
                clause += f" USING ({using})"
            if check:
                clause += f" WITH CHECK ({check})"
            conn.execute(text(clause))
    return roles


@dataclass(frozen=True, slots=True)
class LoginRole:
    """What the server says of a role that already has the name of a new login."""

    superuser: bool
    powerful: bool  # may create roles, bypass row-level security or replicate
    ours: bool  # made by ``team add-coder``


def existing_login(conn: Connection, name: str) -> LoginRole | None:
    row = conn.execute(
        text(
            "SELECT rolsuper, rolcreaterole OR rolbypassrls OR rolreplication AS powerful, "
            "pg_catalog.shobj_description(oid, 'pg_authid') AS note "
            "FROM pg_catalog.pg_roles WHERE rolname = :n"
        ),
        {"n": name},
    ).first()
    if row is None:
        return None
    return LoginRole(bool(row.rolsuper), bool(row.powerful), row.note == LOGIN_NOTE)


def scram_verifier(conn: Connection, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password``, computed here by libpq.

    The server stores only this, and a statement that carries it never carries the
    password: a failed ``CREATE ROLE`` that the server logs, or a traceback, shows a
    salted hash, not the secret.
    """
    raw = conn.connection.driver_connection
    pgconn = getattr(raw, "pgconn", None)
    if pgconn is None:  # pragma: no cover - the workbench ships with psycopg 3
        raise ProjectError("setting a password needs the psycopg driver")
    verifier: bytes = pgconn.encrypt_password(
        password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256"
    )
    return verifier.decode("ascii")


def create_login(
    conn: Connection,
    database: str,
    name: str,
    *,
    lead: bool,
    password: str | None,
    existing_role: bool = False,
) -> bool:
    """Create (or re-group) a login role; True when it was created.

    A role of that name that ``team add-coder`` did not make is refused unless
    ``existing_role`` says to use it (its password is then changed only when one is
    given); a superuser or a role that may create roles is refused always.
    """
    roles = team_roles(database)
    q = lambda n: quote(conn, n)  # noqa: E731
    found = existing_login(conn, name)
    if found is not None and (found.superuser or found.powerful):
        raise ProjectError(
            f"the server already has a role {name!r} with administrator rights "
            "(superuser, create roles, bypass row-level security or replication); "
            "a coder's login must be an ordinary role: choose another handle"
        )
    if found is not None and not found.ours and not existing_role:
        raise ProjectError(
            f"the server already has a role {name!r} that 'team add-coder' did not create; "
            "to make that login a coder, pass --existing-role (its password is left as it is)"
        )
    try:
        secret = f" PASSWORD {_literal(scram_verifier(conn, name, password))}" if password else ""
        # Driver SQL: the verifier's colons are not bind parameters.
        if found is None:
            conn.exec_driver_sql(f"CREATE ROLE {q(name)} LOGIN{secret}")
            conn.exec_driver_sql(f"COMMENT ON ROLE {q(name)} IS {_literal(LOGIN_NOTE)}")
        elif secret:
            conn.exec_driver_sql(f"ALTER ROLE {q(name)}{secret}")
        conn.execute(text(f"REVOKE TEMPORARY ON DATABASE {q(database)} FROM {q(name)}"))
        conn.execute(text(f"GRANT {q(roles.coders)} TO {q(name)}"))
        if lead:
            conn.execute(text(f"GRANT {q(roles.leads)} TO {q(name)}"))
        else:
            conn.execute(text(f"REVOKE {q(roles.leads)} FROM {q(name)}"))
    except DBAPIError as exc:
        # Never the statement: it may carry the verifier.
        detail = str(exc.orig or "").strip().splitlines()
        said = detail[0] if detail else type(exc.orig).__name__
        raise ProjectError(f"the server refused to set up login {name!r}: {said}") from None
    return found is None


def is_installed(conn: Connection, database: str) -> bool:
    return role_exists(conn, team_roles(database).coders)
