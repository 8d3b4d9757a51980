"""Team mode: a shared PostgreSQL project, its roles, and moving a project onto it.

The administrator's URL (a role that may create roles, e.g. ``postgres``) sets
things up; coders then connect with their own login, and the server enforces who
may change what (see ``workbench.store.team``). Passwords never pass through
project files: they come from the environment, ``~/.pgpass`` or a prompt.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from workbench.core.errors import ConflictError, InputError, ProjectError
from workbench.services.adjudication import CONSENSUS
from workbench.store import team as team_store
from workbench.store.db import current_revision, head_revision, make_engine, prepare_schema
from workbench.store.models import Base, Coder, Setting
from workbench.store.project import (
    CONFIG_NAME,
    check_database_url,
    open_project,
    read_config,
)
from workbench.store.sqlitefile import check_workbench_db

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Table
    from sqlalchemy.engine import Connection, Engine

    from workbench.store.project import Project


LOGIN_RE = re.compile(r"[a-z_][a-z0-9_.-]{0,62}\Z")


@dataclass(frozen=True, slots=True)
class TeamInitResult:
    database: str
    created_database: bool
    revision: str
    coders_role: str
    leads_role: str


@dataclass(frozen=True, slots=True)
class CoderLogin:
    handle: str
    lead: bool
    created_login: bool
    created_coder: bool


@dataclass(frozen=True, slots=True)
class TableCheck:
    table: str
    rows: int
    digest: str


@dataclass(frozen=True, slots=True)
class MigrateResult:
    source: str
    target: str
    tables: tuple[TableCheck, ...]
    project_switched: Path | None
    nul_replaced: dict[str, int]
    """NUL characters stored as U+FFFD, by ``table.column`` (PostgreSQL refuses NUL)."""

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def _server_url(url: str) -> str:
    check_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise InputError(f"team mode needs a PostgreSQL URL (postgresql://...), not {url!r}")
    if not parsed.database:
        raise InputError(f"the URL {url!r} names no database (postgresql://user@host/DBNAME)")
    return url


def _database(url: str) -> str:
    return str(make_url(url).database)


def _ensure_database(url: str) -> bool:
    """Create the database on the server if it is missing; True when created."""
    import psycopg
    from psycopg import sql

    parsed = make_url(url)
    maintenance = parsed.set(drivername="postgresql", database="postgres")
    dsn = maintenance.render_as_string(hide_password=False)
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)
            ).fetchone()
            if exists:
                return False
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(parsed.database)))
            return True
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "connection failed"
        raise ProjectError(f"cannot reach the server for {_safe(url)}: {first}") from None
    except psycopg.errors.InsufficientPrivilege:
        raise ProjectError(
            f"{_safe(url)}: the database does not exist and this role may not create it"
        ) from None


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _reach(engine: Engine, url: str) -> None:
    """Connect once, so that a server that is down, a wrong password or an unknown
    database is said on one line instead of surfacing from the first statement."""
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        said = str(exc.orig or exc).strip().splitlines()
        first = said[0] if said else "connection failed"
        raise ProjectError(f"cannot reach the server for {_safe(url)}: {first}") from None


def _ensure_consensus(conn: Connection) -> None:
    """The consensus coder exists before any lead adjudicates (coders may not add coders)."""
    if conn.scalar(select(Coder.id).where(Coder.handle == CONSENSUS)) is None:
        conn.execute(
            Coder.__table__.insert().values(
                handle=CONSENSUS, name="Consensus (adjudicated)", role="lead"
            )
        )


def init_team(url: str) -> TeamInitResult:
    """Create (or bring up to date) a team database: schema, roles, grants, policies."""
    url = _server_url(url)
    created = _ensure_database(url)
    engine = make_engine(url)
    try:
        prepare_schema(engine)
        with engine.begin() as conn:
            _ensure_consensus(conn)
            can = conn.scalar(
                text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
            )
            if not can:
                raise ProjectError(
                    f"{_safe(url)}: team init needs a role that may create roles "
                    "(the server's administrator, e.g. postgres)"
                )
            roles = team_store.install(conn, _database(url))
        return TeamInitResult(
            _database(url), created, current_revision(engine) or "", roles.coders, roles.leads
        )
    finally:
        engine.dispose()


def add_team_coder(
    url: str,
    handle: str,
    *,
    lead: bool = False,
    password: str | None = None,
    name: str | None = None,
    existing_role: bool = False,
) -> CoderLogin:
    """A login role for a coder (or lead) and the coder row it acts as.

    A role of that name the workbench did not create is used only with
    ``existing_role`` (see ``store.team.create_login``).
    """
    url = _server_url(url)
    if not LOGIN_RE.match(handle) or handle == CONSENSUS:
        raise InputError(
            f"{handle!r} cannot be a team login: use lower-case letters, digits, '_', '.' "
            "or '-', starting with a letter (and not 'consensus')"
        )
    engine = make_engine(url)
    _reach(engine, url)
    try:
        with engine.begin() as conn:
            if not team_store.is_installed(conn, _database(url)):
                raise ProjectError(
                    f"{_safe(url)} is not a team database yet: run 'workbench team init --db URL'"
                )
            created_login = team_store.create_login(
                conn,
                _database(url),
                handle,
                lead=lead,
                password=password,
                existing_role=existing_role,
            )
            existing = conn.execute(select(Coder.id).where(Coder.handle == handle)).first()
            role = "lead" if lead else "coder"
            if existing is None:
                conn.execute(Coder.__table__.insert().values(handle=handle, name=name, role=role))
            else:
                conn.execute(
                    Coder.__table__.update().where(Coder.handle == handle).values(role=role)
                )
        return CoderLogin(handle, lead, created_login, existing is None)
    finally:
        engine.dispose()


def set_blind(project: Project, on: bool) -> None:
    """Blind mode for the whole project: each coder sees only their own codings."""
    with project.uow() as uow:
        s = uow.session
        row = s.get(Setting, "blind")
        value = "on" if on else "off"
        if row is None:
            s.add(Setting(key="blind", value=value))
        else:
            row.value = value


def is_blind(project: Project) -> bool:
    with project.uow() as uow:
        row = uow.session.get(Setting, "blind")
        return row is not None and row.value == "on"


# ---------------------------------------------------------------------- migration


NUL, NUL_STAND_IN = "\x00", "\ufffd"
"""PostgreSQL cannot store NUL characters; an older SQLite project may hold some."""


def _plain(value: Any) -> Any:
    """A value as both backends hand it back, in a form that hashes the same."""
    if isinstance(value, str):
        return value.replace(NUL, NUL_STAND_IN)
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


def table_digest(conn: Connection, table: Table) -> TableCheck:
    """Row count and SHA-256 of every row in primary-key order, backend-independent."""
    keys = list(table.primary_key.columns)
    digest = hashlib.sha256()
    rows = 0
    for row in conn.execute(select(table).order_by(*keys)).yield_per(5000):
        record = {k: _plain(v) for k, v in row._mapping.items()}
        digest.update(json.dumps(record, sort_keys=True, default=str).encode())
        digest.update(b"\n")
        rows += 1
    return TableCheck(table.name, rows, digest.hexdigest())


def _source_engine(source: Path) -> tuple[Engine, Path | None]:
    """The SQLite database of a project folder (or a ``.db`` file), schema brought to head."""
    source = source.expanduser().resolve()
    if source.is_dir() or source.name == CONFIG_NAME:
        root = source if source.is_dir() else source.parent
        config = read_config(root / CONFIG_NAME)
        if make_url(config.database).get_backend_name() != "sqlite":
            raise InputError(
                f"the project at {root} already uses {config.database}", path=root / CONFIG_NAME
            )
        project = open_project(root)
        return project.engine, root
    if not source.is_file():
        raise InputError("no such project folder or SQLite file", path=source)
    check_workbench_db(source)
    engine = make_engine(f"sqlite:///{source}")
    prepare_schema(engine)
    return engine, None


def migrate_project(source: Path, url: str, *, switch: bool = True) -> MigrateResult:
    """Copy a SQLite project to an empty team database, then verify every table.

    Rows keep their ids (codings, undo history and exports refer to them), so the
    target must be empty apart from what ``team init`` puts there. Each table's
    row count and content hash must match on both sides before the project file
    is pointed at the server; on a mismatch nothing is switched.
    """
    url = _server_url(url)
    src, root = _source_engine(source)
    dst = make_engine(url)
    try:
        _reach(dst, url)
    except ProjectError:
        src.dispose()
        raise
    try:
        if current_revision(dst) != head_revision():
            raise ProjectError(
                f"{_safe(url)} is not a team database at this version: run 'workbench team init'"
            )
        tables = list(Base.metadata.sorted_tables)
        with src.connect() as sconn, dst.begin() as dconn:
            for table in tables:
                if table.name == "coders":
                    continue
                if dconn.scalar(select(func.count()).select_from(table)):
                    raise ConflictError(
                        f"{_safe(url)} already holds {table.name}: migrate only into a "
                        "fresh team database"
                    )
            others = dconn.scalar(
                select(func.count()).select_from(Coder).where(Coder.handle != CONSENSUS)
            )
            if others:
                raise ConflictError(
                    f"{_safe(url)} already has coders: migrate first, then add their logins "
                    "with 'workbench team add-coder'"
                )
            dconn.execute(Coder.__table__.delete())
            replaced: dict[str, int] = {}
            for table in tables:
                _copy_table(sconn, dconn, table, replaced)
        checks = []
        with src.connect() as sconn, dst.connect() as dconn:
            for table in tables:
                before, after = table_digest(sconn, table), table_digest(dconn, table)
                if before != after:
                    raise ConflictError(
                        f"migration check failed for {table.name}: {before.rows} rows "
                        f"({before.digest[:12]}) in the project, {after.rows} "
                        f"({after.digest[:12]}) on the server"
                    )
                checks.append(before)
        with dst.begin() as dconn:
            _ensure_consensus(dconn)
        switched = None
        if switch and root is not None:
            config_path = root / CONFIG_NAME
            config = read_config(config_path)
            config.database = make_url(url).render_as_string(hide_password=True)
            tmp = config_path.with_suffix(".yaml.tmp")
            tmp.write_text(config.to_yaml(), encoding="utf-8")
            tmp.replace(config_path)
            switched = root
        return MigrateResult(str(source), _safe(url), tuple(checks), switched, replaced)
    finally:
        src.dispose()
        dst.dispose()


def _copy_table(
    sconn: Connection, dconn: Connection, table: Table, replaced: dict[str, int]
) -> None:
    """Rows with their ids; self-references (code parents, merges) set once all exist.

    A NUL character (which SQLite kept from older versions) becomes U+FFFD, counted in
    ``replaced``; the check after the copy compares both sides that way.
    """
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    later: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    for row in sconn.execute(select(table).order_by(*table.primary_key.columns)).yield_per(5000):
        record = dict(row._mapping)
        for key, value in record.items():
            if isinstance(value, str) and NUL in value:
                record[key] = value.replace(NUL, NUL_STAND_IN)
                where = f"{table.name}.{key}"
                replaced[where] = replaced.get(where, 0) + value.count(NUL)
        if self_refs and any(record[c] is not None for c in self_refs):
            later.append({"id": record["id"], **{c: record[c] for c in self_refs}})
            record = {**record, **dict.fromkeys(self_refs)}
        batch.append(record)
        if len(batch) >= 5000:
            dconn.execute(table.insert(), batch)
            batch.clear()
    if batch:
        dconn.execute(table.insert(), batch)
    for fix in later:
        dconn.execute(
            table.update().where(table.c.id == fix["id"]).values({c: fix[c] for c in self_refs})
        )
    if "id" in table.c and table.c.id.autoincrement in (True, "auto"):
        dconn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )
