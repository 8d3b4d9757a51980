"""Engines, pragmas and schema migrations.

SQLite is opened in WAL mode with foreign keys on and ``synchronous=FULL``: when a
service commits, the action is on disk, so a kill right after a "saved" message
loses nothing. Every open checks the schema revision: an older project is backed
up and upgraded, a newer one is refused rather than damaged.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from workbench.core.errors import InputError, ProjectError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin (pysqlite's
    # legacy behaviour would run DDL and reads outside them).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Retrieval reads rows scattered over a large table: the default 2 MB page cache
    # and read() per page make one code's 20,000 segments cost a quarter of a second.
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB
    cursor.execute("PRAGMA mmap_size=1073741824")  # map up to 1 GiB of the file
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A unit of work asks for IMMEDIATE (see ``session.UnitOfWork``): it takes the
    # write lock at BEGIN, waiting its turn within the busy timeout. A DEFERRED
    # transaction that has read cannot wait for the lock when it first writes: SQLite
    # fails it at once with "database is locked" while another writer holds it.
    conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get(BEGIN_OPTION, '')}".strip())


BEGIN_OPTION = "workbench_sqlite_begin"


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _refuse_nul(
    conn: Connection,
    cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    """No text with a NUL character, and no integer over 64 bits, reaches either backend.

    SQLite would store it and PostgreSQL refuses it, so a project that took one in
    could not move to a team server; refused here, whatever the entry point.
    """
    # A list of rows for executemany; one row (a tuple or dict) otherwise, and also for
    # SQLAlchemy's batched "insert many values", which flattens a batch into one row.
    rows = parameters if isinstance(parameters, list) else (parameters,)
    for row in rows:
        if not row or not isinstance(row, dict | tuple | list):
            continue
        pairs = row.items() if isinstance(row, dict) else enumerate(row)
        for key, value in pairs:
            nul = isinstance(value, str) and "\x00" in value
            huge = isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX
            if nul or huge:
                names = getattr(getattr(context, "compiled", None), "positiontup", None)
                if isinstance(key, int) and names and key < len(names):
                    key = names[key]
                field = str(key).rstrip("_0123456789") or ("text" if nul else "number")
                if nul:
                    raise InputError(f"{field}: text may not contain a NUL character (\\0)")
                # SQLite would raise OverflowError, PostgreSQL "out of range": no row has it
                field = {"pk": "id", "param": "number"}.get(field, field)
                raise InputError(f"{field} {str(value)[:30]}... is too large (over 64 bits)")


def make_engine(url: str) -> Engine:
    """An engine for a project database URL, with the SQLite pragmas applied."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        # Plain postgresql:// would mean psycopg2; the workbench ships with psycopg 3.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        # A server that stops answering must fail a call in seconds (the TUI then keeps
        # the action and retries), not after the operating system's two-minute timeout.
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def writer(engine: Engine) -> Engine:
    """``engine`` for transactions that write: on SQLite they begin IMMEDIATE."""
    if engine.url.get_backend_name() != "sqlite" or "mode=ro" in str(engine.url):
        return engine
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations shipped")
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def backup_sqlite(engine: Engine, revision: str) -> Path:
    """A consistent copy of the SQLite file (``VACUUM INTO`` is safe under WAL)."""
    db_path = Path(engine.url.database or "")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = db_path.with_name(f"{db_path.name}.{revision}.{stamp}.bak")
    raw = engine.raw_connection()  # outside SQLAlchemy's transaction: VACUUM needs that
    try:
        cursor = raw.cursor()
        cursor.execute("VACUUM INTO ?", (str(target),))
        cursor.close()
    finally:
        raw.close()
    return target


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with writer(engine).begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def prepare_schema(engine: Engine, *, allow_upgrade: bool = True) -> Path | None:
    """Create, check or upgrade the schema. Returns the backup made, if any.

    A database with tables but no revision was not made by the workbench and is
    refused; a revision this version does not know comes from a newer workbench.
    """
    current = current_revision(engine)
    if current is None:
        if _has_tables(engine):
            raise ProjectError(
                f"{engine.url.render_as_string(hide_password=True)}: "
                "database has tables but no workbench schema revision; refusing to touch it"
            )
        upgrade(engine)
        return None
    head = head_revision()
    if current == head:
        return None
    if current not in known_revisions():
        raise ProjectError(
            f"{engine.url.render_as_string(hide_password=True)}: "
            f"project database is at schema revision {current}, which this workbench "
            f"does not know (its newest is {head}): it was made by a newer version; "
            "upgrade workbench to open it"
        )
    if not allow_upgrade:
        raise ProjectError(
            f"project database is at schema revision {current}; run 'workbench upgrade' "
            f"to bring it to {head}"
        )
    backup = backup_sqlite(engine, current) if engine.url.get_backend_name() == "sqlite" else None
    try:
        upgrade(engine)
    except Exception as exc:
        # The upgrade is one transaction: rolled back, the database is as it was, and
        # the copy made for it is not needed (nor a trace to puzzle over).
        if backup is not None:
            backup.unlink(missing_ok=True)
        said = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise ProjectError(
            f"cannot upgrade the project database from schema revision {current} to {head} "
            f"({said[0] if said else type(exc).__name__}); it is unchanged. Its revision "
            "does not match its tables: restore it from a backup",
            path=engine.url.database if engine.url.get_backend_name() == "sqlite" else None,
        ) from None
    return backup
