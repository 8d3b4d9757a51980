"""A project on disk: ``workbench.yaml``, the database, ``sources/`` and ``exports/``.

The database URL in the project file may be relative (SQLite, resolved against
the project folder) or a server URL; a password is never accepted there, it
comes from the environment or ``~/.pgpass``.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from workbench.core.errors import InputError, ProjectError
from workbench.core.yamlsafe import read_yaml_file
from workbench.store.db import make_engine, prepare_schema
from workbench.store.session import UnitOfWork
from workbench.store.sqlitefile import check_workbench_db

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

CONFIG_NAME = "workbench.yaml"
DEFAULT_DB = "sqlite:///workbench.db"
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
MAX_CONFIG_BYTES = 1024 * 1024
CONFIG_KEYS = {"name", "database", "codebooks", "nlp", "default_coder", "speakers", "import"}


MAX_FILE_MB_LIMIT = 1_000_000
"""The import limit is at most about a terabyte: a file is read whole into memory, and a
larger number overflows the sizes it is compared with."""


@dataclass
class ProjectConfig:
    name: str
    database: str = DEFAULT_DB
    codebooks: list[str] = field(default_factory=list)
    nlp: dict[str, Any] = field(default_factory=lambda: {"model": None, "day_first": True})
    default_coder: str | None = None
    speakers: dict[str, str] = field(default_factory=dict)
    import_: dict[str, Any] = field(default_factory=lambda: {"max_file_mb": 50})

    def to_yaml(self) -> str:
        data = {
            "name": self.name,
            "database": self.database,
            "codebooks": list(self.codebooks),
            "nlp": dict(self.nlp),
            "default_coder": self.default_coder,
            "speakers": dict(self.speakers),
            "import": dict(self.import_),
        }
        header = (
            "# Workbench project file. The database password, for a server URL, comes from\n"
            "# the environment (PGPASSWORD) or ~/.pgpass, never from this file.\n"
        )
        return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _config_error(path: Path, node: yaml.Node | None, message: str) -> InputError:
    if node is None:
        return InputError(message, path=path)
    mark = node.start_mark
    return InputError(message, path=path, line=mark.line + 1, column=mark.column + 1)


def read_config(path: Path) -> ProjectConfig:
    """The project file, every setting checked (a bad one is refused with its line)."""
    if not path.is_file():
        raise ProjectError(f"no {CONFIG_NAME} here", path=path.parent)
    data, root = read_yaml_file(path, what="project file", max_bytes=MAX_CONFIG_BYTES)
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        raise InputError("project file must be a mapping of settings", path=path)
    nodes = {k.value: (k, v) for k, v in root.value}
    for key, (knode, _) in nodes.items():
        if key not in CONFIG_KEYS:
            raise _config_error(path, knode, f"unknown setting {key!r}")
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise _config_error(path, root, "missing setting 'name'")

    def typed(key: str, kind: type, default: Any) -> Any:
        value = data.get(key)
        if value is None:
            return default
        if not isinstance(value, kind):
            raise _config_error(path, nodes[key][1], f"{key!r} must be a {kind.__name__}")
        return value

    database = typed("database", str, DEFAULT_DB)
    check_database_url(database, path)
    codebooks = typed("codebooks", list, [])
    speakers = typed("speakers", dict, {})
    nlp = {"model": None, "day_first": True} | typed("nlp", dict, {})
    imports = {"max_file_mb": 50} | typed("import", dict, {})
    where = lambda key: nodes[key][1] if key in nodes else root  # noqa: E731
    if not all(isinstance(c, str) for c in codebooks):
        raise _config_error(path, where("codebooks"), "'codebooks' must be a list of file names")
    if not all(isinstance(v, str | int | float) for v in speakers.values()):
        raise _config_error(path, where("speakers"), "'speakers' maps a label to a role (text)")
    if nlp["model"] is not None and not isinstance(nlp["model"], str):
        raise _config_error(path, where("nlp"), "'nlp: model' must be a pipeline name")
    if not isinstance(nlp["day_first"], bool):
        raise _config_error(path, where("nlp"), "'nlp: day_first' must be true or false")
    limit = imports["max_file_mb"]
    if (
        isinstance(limit, bool)
        or not isinstance(limit, int | float)
        or not math.isfinite(limit)
        or limit <= 0
        or limit > MAX_FILE_MB_LIMIT
    ):
        raise _config_error(
            path,
            where("import"),
            f"'import: max_file_mb' must be a positive number up to {MAX_FILE_MB_LIMIT}, "
            f"not {str(limit)[:40]!r}",
        )
    if not isinstance(data.get("default_coder"), str | None):
        raise _config_error(path, where("default_coder"), "'default_coder' must be a handle")
    return ProjectConfig(
        name=data["name"],
        database=database,
        codebooks=list(codebooks),
        nlp=nlp,
        default_coder=data.get("default_coder"),
        speakers={str(k): str(v) for k, v in speakers.items()},
        import_=imports,
    )


def check_database_url(url: str, where: Path | None = None) -> None:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(f"not a database URL: {url!r}", path=where) from None
    if parsed.password:
        raise InputError(
            "the database URL holds a password; remove it and set PGPASSWORD or ~/.pgpass",
            path=where,
        )
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(f"unsupported database {parsed.get_backend_name()!r}", path=where)


class Project:
    """An open project: its folder, settings and database engine."""

    def __init__(self, root: Path, config: ProjectConfig, engine: Engine) -> None:
        self.root = root
        self.config = config
        self.engine = engine
        self.backup: Path | None = None

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def database_files(self) -> frozenset[Path]:
        """The SQLite file and its log, index and journal, resolved (none on a server).

        Nothing may read these with ``open()`` while the project is open: closing that
        descriptor would drop SQLite's locks (``store.sqlitefile``).
        """
        url = self.engine.url
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return frozenset()
        db = Path(url.database or "").resolve()
        return frozenset(db.with_name(db.name + end) for end in ("", "-wal", "-shm", "-journal"))

    @property
    def server(self) -> str | None:
        """``host:port/database`` of a team project's server (None for a SQLite file)."""
        url = self.engine.url
        if url.get_backend_name() != "postgresql":
            return None
        host = url.host or os.environ.get("PGHOST") or "localhost"
        port = url.port or os.environ.get("PGPORT") or 5432
        return f"{host}:{port}/{url.database or ''}"

    @property
    def login(self) -> str | None:
        """The server login a team project connects as (its coders act as themselves)."""
        url = self.engine.url
        if url.get_backend_name() != "postgresql":
            return None
        import getpass

        return url.username or os.environ.get("PGUSER") or getpass.getuser()

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    def reader(self) -> UnitOfWork:
        """A unit of work for an action that only reads (see ``UnitOfWork``)."""
        return UnitOfWork(self.engine, write=False)

    def save_config(self) -> None:
        tmp = self.config_path.with_suffix(".yaml.tmp")
        tmp.write_text(self.config.to_yaml(), encoding="utf-8")
        tmp.replace(self.config_path)

    def close(self) -> None:
        self.engine.dispose()


def resolve_url(root: Path, url: str) -> str:
    env = os.environ.get("WORKBENCH_DATABASE_URL")
    if env:
        url = env
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        db = Path(parsed.database or "")
        if not db.is_absolute():
            return str(parsed.set(database=str((root / db).resolve())))
    return url


def locate(spec: str | None, cwd: Path | None = None) -> Path:
    """The project folder named by ``--project`` (a path or a name under ``projects/``)."""
    here = cwd or Path.cwd()
    spec = spec or os.environ.get("WORKBENCH_PROJECT")
    if spec:
        p = Path(spec).expanduser()
        if not p.is_absolute():
            p = here / p
        if p.is_file() and p.name == CONFIG_NAME:
            return p.parent
        if (p / CONFIG_NAME).is_file():
            return p
        by_name = here / "projects" / spec
        if (by_name / CONFIG_NAME).is_file():
            return by_name
        raise ProjectError(f"no project at {spec!r} (no {CONFIG_NAME} there or in projects/{spec})")
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    projects = here / "projects"
    found = sorted(p.parent for p in projects.glob(f"*/{CONFIG_NAME}")) if projects.is_dir() else []
    if len(found) == 1:
        return found[0]
    hint = f" (found: {', '.join(p.name for p in found)})" if found else ""
    raise ProjectError(
        f"no project here: pass --project NAME or run 'workbench init NAME' first{hint}"
    )


def open_project(root: Path, *, allow_upgrade: bool = True) -> Project:
    config = read_config(root / CONFIG_NAME)
    url = resolve_url(root, config.database)
    _require_database_file(url, root)
    _require_workbench_database(url)
    engine = make_engine(_read_only_if_unwritable(url))
    try:
        backup = prepare_schema(engine, allow_upgrade=allow_upgrade)
    except OperationalError as exc:
        engine.dispose()
        if engine.url.get_backend_name() != "postgresql":
            raise
        raise _unreachable(url, exc) from None
    except Exception:
        engine.dispose()
        raise
    project = Project(root, config, engine)
    project.backup = backup
    _sweep_sources(project)
    return project


def _sweep_sources(project: Project) -> None:
    """Remove source files left by an import killed before its commit (``store.sources``)."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from workbench.store.models import Document, DocumentVersion
    from workbench.store.sources import sweep

    def referenced() -> set[str]:
        with project.engine.connect() as conn:
            paths = conn.scalars(
                select(Document.source_path).union(select(DocumentVersion.source_path))
            )
            return {Path(p).name for p in paths if p}

    if not os.access(project.sources_dir, os.W_OK):
        return
    with contextlib.suppress(OSError, SQLAlchemyError):  # a sweep never stops an open
        sweep(project.sources_dir, referenced)


def _unreachable(url: str, exc: OperationalError) -> ProjectError:
    """A server that refuses the login or cannot be reached, in one line (never the password)."""
    said = str(exc.orig or exc).strip().splitlines()
    detail = said[0] if said else "connection failed"
    safe = make_url(url).render_as_string(hide_password=True)
    return ProjectError(f"cannot connect to {safe}: {detail}")


def _require_database_file(url: str, root: Path) -> None:
    """Refuse to open a project whose SQLite file is gone.

    SQLite would quietly create an empty database in its place, and the project would
    open with no documents and no codings, as if they had been deleted.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    db = Path(parsed.database or "")
    if not db.exists():
        raise ProjectError(
            f"the project database {db.name} is missing from {db.parent}: restore it from a "
            f"backup, or point 'database' in {CONFIG_NAME} at it",
            path=root / CONFIG_NAME,
        )


def _require_workbench_database(url: str) -> None:
    """A SQLite file is looked at read-only before anything writes to it (WAL mode, schema)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        check_workbench_db(Path(parsed.database or ""))


def _read_only_if_unwritable(url: str) -> str:
    """Open a project on a read-only disk or folder for reading; writes then fail clearly.

    SQLite in WAL mode cannot even read without creating its index file next to the
    database, so a read-only project is opened immutable: exact as long as no
    changes wait in the write-ahead log, and refused when some do.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return url
    db = Path(parsed.database or "")
    if os.access(db, os.W_OK) and os.access(db.parent, os.W_OK):
        return url
    wal = db.with_name(db.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ProjectError(
            f"the project database {db.name} is read-only and holds changes not yet merged "
            f"into it ({wal.name}): open the project once where it can be written",
            path=db.parent,
        )
    return f"sqlite:///file:{db}?mode=ro&immutable=1&uri=true"


def create_project(root: Path, name: str, *, database: str | None, coder: str | None) -> Project:
    if not NAME_RE.match(name):
        raise InputError(f"bad project name {name!r}: use letters, digits, '.', '_' and '-'")
    if (root / CONFIG_NAME).exists():
        raise ProjectError(f"a project already exists at {root}")
    config = ProjectConfig(name=name, database=database or DEFAULT_DB, default_coder=coder)
    check_database_url(config.database)
    made = [p for p in (root, root / "sources", root / "exports") if not p.exists()]
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / "sources").mkdir(exist_ok=True)
        (root / "exports").mkdir(exist_ok=True)
    except OSError as exc:
        raise ProjectError(f"cannot create the project folder: {exc.strerror}", path=root) from None
    url = resolve_url(root, config.database)
    parsed = make_url(url)
    if (
        parsed.get_backend_name() == "sqlite"
        and parsed.database not in (None, "", ":memory:")
        and Path(parsed.database or "").exists()
    ):
        raise ProjectError(
            f"{Path(parsed.database or '').name} already exists here without a {CONFIG_NAME}: "
            "move it away (or restore the project file) before 'workbench init'",
            path=root,
        )
    engine = make_engine(url)
    try:
        prepare_schema(engine)
    except OperationalError as exc:
        engine.dispose()
        _remove_empty(made)
        if engine.url.get_backend_name() != "postgresql":
            raise
        raise _unreachable(url, exc) from None
    except Exception:
        engine.dispose()
        _remove_empty(made)
        raise
    project = Project(root, config, engine)
    project.save_config()
    return project


def _remove_empty(folders: list[Path]) -> None:
    """Take back the folders a failed ``init`` made (only while they are still empty)."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()
