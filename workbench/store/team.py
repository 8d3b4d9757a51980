"""Team mode on PostgreSQL: group roles, grants and row-level security.

The rules of a shared project are enforced by the server, not only by the
application, so a coder with a SQL prompt and their own login can do no more
than the workbench lets them:

- every team member reads the corpus, the codebook, phases and the audit log;
- a coder inserts, changes and deletes only their own codings and memos, and in
  blind mode reads only their own (and their own audit entries);
- leads also curate: the codebook, bracket schemes and phases, documents,
  indicators, coders, settings and the consensus coder's codings; a lead may
  re-point anyone's codings when merging codes, but not delete them;
- nobody may UPDATE or DELETE the audit log (no grant, plus the trigger of the
  first migration), and the server, not the client, writes who did it.

Two group roles per database, ``<db>_coders`` and ``<db>_leads`` (a member of
the first), hold the grants; ``team add-coder`` makes login roles members of one
of them. Everything here is idempotent: ``team init`` may run again after an
upgrade to re-apply grants to new tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# What a lead may write besides what every coder may.
LEAD_TABLES = (
    "codes",
    "bracket_schemes",
    "phases",
    "documents",
    "document_versions",
    "turns",
    "sentences",
    "date_mentions",
    "cases",
    "indicators",
    "coders",
    "settings",
)
CODER_TABLES = ("codings", "memos")


@dataclass(frozen=True, slots=True)
class TeamRoles:
    coders: str
    leads: str


def team_roles(database: str) -> TeamRoles:
    return TeamRoles(coders=f"{database}_coders", leads=f"{database}_leads")


def quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def role_exists(conn: Connection, name: str) -> bool:
    return bool(conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}))


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def install(conn: Connection, database: str) -> TeamRoles:
    """Create the group roles and (re)apply grants, functions, triggers and policies."""
    roles = team_roles(database)
    q = lambda name: quote(conn, name)  # noqa: E731
    coders, leads = q(roles.coders), q(roles.leads)
    for role in (roles.coders, roles.leads):
        if not role_exists(conn, role):
            conn.execute(text(f"CREATE ROLE {q(role)} NOLOGIN"))
    conn.execute(text(f"GRANT {coders} TO {leads}"))
    conn.execute(text(f"GRANT CONNECT ON DATABASE {q(database)} TO {coders}"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {coders}"))
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {coders}, {leads}"))
    conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {coders}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {coders}"))
    for table in CODER_TABLES:
        conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {coders}"))
    conn.execute(text(f"GRANT INSERT ON audit_log TO {coders}"))
    for table in LEAD_TABLES:
        conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {leads}"))

    lead_literal = _literal(roles.leads)
    coder_literal = _literal(roles.coders)
    conn.execute(
        text(
            "CREATE OR REPLACE FUNCTION wb_me() RETURNS integer LANGUAGE sql STABLE AS "
            "$$ SELECT id FROM coders WHERE handle = current_user $$"
        )
    )
    conn.execute(
        text(
            "CREATE OR REPLACE FUNCTION wb_is_lead() RETURNS boolean LANGUAGE sql STABLE AS "
            f"$$ SELECT pg_has_role(current_user, {lead_literal}, 'MEMBER') $$"
        )
    )
    # Superusers count as members of every role; the administrator is not a coder.
    conn.execute(
        text(
            "CREATE OR REPLACE FUNCTION wb_member() RETURNS boolean LANGUAGE sql STABLE AS "
            f"$$ SELECT pg_has_role(current_user, {coder_literal}, 'MEMBER') AND NOT "
            "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) $$"
        )
    )
    conn.execute(
        text(
            "CREATE OR REPLACE FUNCTION wb_consensus() RETURNS integer LANGUAGE sql STABLE AS "
            "$$ SELECT id FROM coders WHERE handle = 'consensus' $$"
        )
    )
    conn.execute(
        text(
            "CREATE OR REPLACE FUNCTION wb_blind() RETURNS boolean LANGUAGE sql STABLE AS "
            "$$ SELECT coalesce((SELECT value = 'on' FROM settings WHERE key = 'blind'), false) $$"
        )
    )
    # The server names the actor of every audit entry a team member writes.
    conn.execute(
        text(
            "CREATE OR REPLACE FUNCTION audit_log_actor() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN IF wb_member() THEN NEW.actor := current_user; NEW.at := now(); "
            "END IF; RETURN NEW; END $$"
        )
    )
    conn.execute(text("DROP TRIGGER IF EXISTS audit_log_actor ON audit_log"))
    conn.execute(
        text(
            "CREATE TRIGGER audit_log_actor BEFORE INSERT ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_actor()"
        )
    )

    # Rows a coder may not change are refused loudly by a trigger (row-level security
    # alone would skip them silently and report "0 rows", which reads like success).
    conn.execute(
        text(
            "CREATE OR REPLACE FUNCTION team_guard() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN IF wb_member() THEN "
            "IF OLD.coder_id IS DISTINCT FROM wb_me() AND NOT (wb_is_lead() AND "
            "(TG_OP = 'UPDATE' OR OLD.coder_id = wb_consensus())) THEN "
            "RAISE EXCEPTION 'permission denied: % #% belongs to another coder', "
            "TG_TABLE_NAME, OLD.id USING ERRCODE = 'insufficient_privilege'; "
            "END IF; END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$"
        )
    )
    mine = "coder_id = wb_me()"
    consensus = "(wb_is_lead() AND coder_id = wb_consensus())"
    visible = f"(NOT wb_blind() OR {mine} OR wb_is_lead())"
    owned = {
        "read": ("SELECT", visible, None),
        "add": ("INSERT", None, f"{mine} OR {consensus}"),
        "change": ("UPDATE", visible, f"{mine} OR wb_is_lead()"),
        "remove": ("DELETE", visible, None),
    }
    policies = {
        "codings": owned,
        "memos": owned,
        "audit_log": {
            "read": ("SELECT", "NOT wb_blind() OR actor = current_user OR wb_is_lead()", None),
            "add": ("INSERT", None, "true"),
        },
    }
    for table, rules in policies.items():
        conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        for name, (command, using, check) in rules.items():
            policy = f"team_{name}"
            conn.execute(text(f"DROP POLICY IF EXISTS {policy} ON {table}"))
            clause = f"CREATE POLICY {policy} ON {table} FOR {command} TO {coders}"
            if using:
                clause += f" USING ({using})"
            if check:
                clause += f" WITH CHECK ({check})"
            conn.execute(text(clause))
    for table in CODER_TABLES:
        conn.execute(text(f"DROP TRIGGER IF EXISTS team_guard ON {table}"))
        conn.execute(
            text(
                f"CREATE TRIGGER team_guard BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION team_guard()"
            )
        )
    return roles


def create_login(
    conn: Connection, database: str, name: str, *, lead: bool, password: str | None
) -> bool:
    """Create (or re-group) a login role; True when it was created."""
    roles = team_roles(database)
    q = lambda n: quote(conn, n)  # noqa: E731
    created = not role_exists(conn, name)
    secret = f" PASSWORD {_literal(password)}" if password else ""
    if created:
        conn.execute(text(f"CREATE ROLE {q(name)} LOGIN{secret}"))
    elif secret:
        conn.execute(text(f"ALTER ROLE {q(name)}{secret}"))
    conn.execute(text(f"GRANT {q(roles.coders)} TO {q(name)}"))
    if lead:
        conn.execute(text(f"GRANT {q(roles.leads)} TO {q(name)}"))
    else:
        conn.execute(text(f"REVOKE {q(roles.leads)} FROM {q(name)}"))
    return created


def is_installed(conn: Connection, database: str) -> bool:
    return role_exists(conn, team_roles(database).coders)
