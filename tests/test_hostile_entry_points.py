"""Hostile input at every entry point that reads a file: refused, on the error line, unchanged.

``test_hostile_files`` feeds broken documents, survey tables and REFI-QDA files to the
importers. This module covers the other files a user hands the workbench: codings
files (CSV and JSON Lines), indicator tables, phase schemes, codebooks, metadata
sidecars, import manifests, the project file ``workbench.yaml``, the project database
itself, and hostile archives (zip bombs, lying headers). Each input runs through the
real ``workbench`` command, which must

- exit non-zero, but not with the internal-error status (70);
- end with one ``error:`` line, never "internal error" nor a traceback;
- leave the project exactly as it was: every file under the project folder byte for
  byte (the database compared by its tables' content, since SQLite may checkpoint its
  log on any open), and no backup or part file left beside it.

The inputs are the issue's crash classes (5,000-digit integers, dates that are not
dates, nan, YAML aliases, lists where text belongs, non-UTF-8, files that are not
databases, faked schema revisions, zip bombs) and their neighbours.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import create_engine, text

from tests.test_hostile_files import fingerprint
from tests.test_hostile_files import template as template  # the coded project, built once
from workbench.core.names import unsafe_characters

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

BAD_UTF8 = b"caf\xe9 \xff\xfe\x80 broken"
DIGITS = "9" * 5000
BILLION_LAUGHS = (
    b"a: &a [x, x, x, x, x, x, x, x, x]\n"
    b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    b"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    b"e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
)
DEEP_YAML = b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n"
DEEP_JSON = "[" * 100_000 + "]" * 100_000


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


# -- codings files: `workbench codings import FILE` ---------------------------------------

CODINGS_HEAD = "document,start,end,code,coder,event_date,memo"
CODINGS_CSV: dict[str, bytes] = {
    "5000-digit start": _csv(CODINGS_HEAD, f"Interview 01,{DIGITS},{DIGITS}9,tacit,bob,,"),
    "30-digit offsets": _csv(CODINGS_HEAD, f"Interview 01,{'9' * 30},{'9' * 31},tacit,bob,,"),
    "20-digit end": _csv(CODINGS_HEAD, f"Interview 01,1,{'9' * 20},tacit,bob,,"),
    "negative start": _csv(CODINGS_HEAD, "Interview 01,-5,3,tacit,bob,,"),
    "end before start": _csv(CODINGS_HEAD, "Interview 01,9,3,tacit,bob,,"),
    "start as a word": _csv(CODINGS_HEAD, "Interview 01,lots,3,tacit,bob,,"),
    "month 13 event date": _csv(CODINGS_HEAD, "Interview 01,1,3,tacit,bob,2004-13-45,"),
    "30 February event date": _csv(CODINGS_HEAD, "Interview 01,1,3,tacit,bob,2004-02-30,"),
    "a date of 5000 digits": _csv(CODINGS_HEAD, f"Interview 01,1,3,tacit,bob,{DIGITS},"),
    "NUL in a memo": _csv(CODINGS_HEAD, "Interview 01,1,3,tacit,bob,,a\0b"),
    "NUL in a code": _csv(CODINGS_HEAD, "Interview 01,1,3,ta\0cit,bob,,"),
    "unknown document": _csv(CODINGS_HEAD, "No such interview,1,3,tacit,bob,,"),
    "unknown code": _csv(CODINGS_HEAD, "Interview 01,1,3,no-such-code,bob,,"),
    "unknown coder": _csv(CODINGS_HEAD, "Interview 01,1,3,tacit,nobody,,"),
    "past the document's end": _csv(CODINGS_HEAD, "Interview 01,1,99999,tacit,bob,,"),
    "a quote not in the text": _csv(
        "document,quote,code,coder", "Interview 01,words nobody said,tacit,bob"
    ),
    "unknown column": _csv("document,start,end,code,coder,=cmd", "Interview 01,1,3,tacit,bob,x"),
    "more cells than columns": _csv(CODINGS_HEAD, "Interview 01,1,3,tacit,bob,,,extra,cells"),
    "missing coder": _csv("document,start,end,code", "Interview 01,1,3,tacit"),
    "empty file": b"",
    "not UTF-8": _csv(CODINGS_HEAD) + b"Interview 01,1,3,tacit,bob,," + BAD_UTF8 + b"\n",
    "UTF-16": (CODINGS_HEAD + "\nInterview 01,1,3,tacit,bob,,\n").encode("utf-16"),
    "binary garbage": bytes(range(256)) * 16,
    "a 300,000-character memo on a bad row": _csv(
        CODINGS_HEAD, f"No such interview,1,3,tacit,bob,,{'m' * 300_000}"
    ),
    "a good row and a bad one": _csv(
        CODINGS_HEAD, "Interview 01,1,3,tacit,bob,,", "Interview 01,1,3,tacit,bob,2004-02-30,"
    ),
}


def _jsonl(*records: Any) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode()


ROW = {"document": "Interview 01", "start": 1, "end": 3, "code": "tacit", "coder": "bob"}
CODINGS_JSONL: dict[str, bytes] = {
    "5000-digit integer": _jsonl(
        '{"document": "Interview 01", "start": ' + DIGITS + ', "end": 3, '
        '"code": "tacit", "coder": "bob"}'
    ),
    "5000-digit float": _jsonl(
        '{"document": "Interview 01", "start": 1.' + DIGITS + ', "end": 3, '
        '"code": "tacit", "coder": "bob"}'
    ),
    "nested 100,000 deep": _jsonl(DEEP_JSON),
    "NaN offsets": _jsonl(
        '{"document": "Interview 01", "start": NaN, "end": Infinity, "code": "tacit", '
        '"coder": "bob"}'
    ),
    "1e999 offset": _jsonl(
        '{"document": "Interview 01", "start": 1e999, "end": 3, "code": "tacit", "coder": "bob"}'
    ),
    "a float offset": _jsonl({**ROW, "start": 1.5}),
    "a boolean offset": _jsonl({**ROW, "start": True}),
    "an offset of 2**70": _jsonl({**ROW, "start": 2**70, "end": 2**70 + 1}),
    "a list, not an object": _jsonl([ROW]),
    "a bare number": _jsonl("42"),
    "not JSON": _jsonl("{document: Interview 01}"),
    "unknown field": _jsonl({**ROW, "__proto__": 1}),
    "NUL in a memo": _jsonl({**ROW, "memo": "a\u0000b"}),
    "event date as a list": _jsonl({**ROW, "event_date": ["2004", "2005"]}),
    "event date month 13": _jsonl({**ROW, "event_date": "2004-13-45"}),
    "document as an object": _jsonl({**ROW, "document": {"title": "Interview 01"}}),
    "lone surrogate": _jsonl(
        '{"document": "Interview 01\\ud800", "start": 1, "end": 3, "code": "tacit", "coder": "bob"}'
    ),
    "not UTF-8": json.dumps(ROW).encode()[:-2] + BAD_UTF8 + b'"}\n',
}

# -- indicators: `workbench indicators import FILE` ---------------------------------------

INDICATORS: dict[str, bytes] = {
    "nan": _csv("indicator,date,value", "share,2004,nan"),
    "NaN with a percent sign": _csv("indicator,date,value", "share,2004,NaN%"),
    "inf": _csv("indicator,date,value", "share,2004,inf"),
    "-infinity": _csv("indicator,date,value", "share,2004,-infinity"),
    "1e999": _csv("indicator,date,value", "share,2004,1e999"),
    "5000 digits": _csv("indicator,date,value", f"share,2004,{DIGITS}"),
    "a word": _csv("indicator,date,value", "share,2004,lots"),
    "month 13": _csv("indicator,date,value", "share,2004-13-45,3"),
    "30 February": _csv("indicator,date,value", "share,2004-02-30,3"),
    "no date column": _csv("indicator,value", "share,3"),
    "empty file": b"",
    "not UTF-8": _csv("indicator,date,value") + b"sh" + BAD_UTF8 + b",2004,3\n",
    "NUL in a name": _csv("indicator,date,value", "sh\0are,2004,3"),
    "binary garbage": bytes(range(256)) * 16,
}

# -- phase schemes: `workbench phases load FILE` ------------------------------------------


def _phases(start: str = "2001", end: str = "2004", extra: str = "") -> bytes:
    return (
        "scheme: {name: s, description: d}\n"
        f"phases:\n  - {{label: a, start: {start}, end: {end}{extra}}}\n"
    ).encode()


PHASES: dict[str, bytes] = {
    "month 13": _phases(start="2004-13-45"),
    "30 February": _phases(end="2004-02-30"),
    "a date of 5000 digits": _phases(start=DIGITS),
    "start after end": _phases(start="2006", end="2001"),
    "a label that is a list": _phases(extra=", label: [a, b]").replace(b"label: a, ", b""),
    "a description that is a mapping": _phases(extra=", description: {x: 1}"),
    "a start that is a list": _phases(start="[2001, 2002]"),
    "a name that is a list": b"scheme: {name: [s]}\nphases: []\n",
    "not UTF-8": b"scheme: {name: " + BAD_UTF8 + b"}\nphases: []\n",
    "UTF-16": "scheme: {name: s}\nphases: []\n".encode("utf-16"),
    "billion laughs": BILLION_LAUGHS,
    "nested 5000 deep": DEEP_YAML,
    "a top-level list": b"- scheme: s\n",
    "empty file": b"",
    "duplicate keys": b"scheme: {name: s}\nscheme: {name: t}\nphases: []\n",
    "not YAML": b"scheme: {name: s\nphases: [\n",
    "a python tag": b"scheme: !!python/object/apply:os.system [echo hi]\nphases: []\n",
    "NUL in a label": _phases(extra=', justification: "a\\0b"'),
}

# -- codebooks: `workbench codebook load FILE` --------------------------------------------

CODEBOOKS: dict[str, bytes] = {
    "billion laughs": BILLION_LAUGHS,
    "nested 5000 deep": DEEP_YAML,
    "not UTF-8": b"name: " + BAD_UTF8 + b"\ncodes: []\n",
    "a top-level list": b"- name: a\n",
    "empty file": b"",
    "duplicate keys": b"name: a\nname: b\ncodes: []\n",
    "a code name that is a list": b"name: cb\ncodes:\n  - name: [a, b]\n",
    "not YAML": b"name: cb\ncodes: [\n",
    "a python tag": b"name: !!python/object/apply:os.system [echo hi]\ncodes: []\n",
    "a 5000-digit number": f"name: cb\nversion: {DIGITS}\ncodes: []\n".encode(),
}


def _named(code: str, book: str = "Hostile") -> bytes:
    """A valid codebook whose code (id ``a``) or own name is ``code`` / ``book``, written
    in YAML's double quotes, where escapes such as ``\\e`` or ``\\u202e`` are allowed."""
    return (
        f'codebook:\n  id: hostile\n  name: "{book}"\ncodes:\n'
        f'  - id: tacit-too\n    name: "Tacit too"\n  - id: a\n    name: "{code}"\n'
    ).encode()


CONTROL_NAMES: dict[str, bytes] = {
    "NUL in a code name": _named("Ta\\0cit"),
    "a bell in a code name": _named("Ta\\acit"),
    "an escape sequence in a code name": _named("Ta\\e[2J\\e[31mcit"),
    "a newline in a code name": _named("Ta\\ncit"),
    "DEL in a code name": _named("Ta\\x7fcit"),
    "C1 CSI in a code name": _named("Ta\\x9b2Jcit"),
    "C1 NEL in a code name": _named("Ta\\x85cit"),
    "a right-to-left override in a code name": _named("Ta\\u202ecit"),
    "a raw right-to-left override in a code name": _named("Ta\u202ecit"),
    "a left-to-right isolate in a code name": _named("Ta\\u2066cit\\u2069"),
    "a right-to-left embedding in a code name": _named("\\u202bTacit"),
    "a right-to-left override in the codebook name": _named("Tacit", "Hos\\u202etile"),
}
CODEBOOKS.update(CONTROL_NAMES)

# -- sidecars (`workbench import FILE` with FILE.meta.yaml) and manifests -----------------

SIDECARS: dict[str, bytes] = {
    "month 13": b"title: B\ndate: 2004-13-45\n",
    "30 February": b"title: B\ndate: 2004-02-30\n",
    "a date of 5000 digits": f"date: {DIGITS}\n".encode(),
    "a date that is a list": b"date: [2004, 2005]\n",
    "a kind that is a list": b"kind: [interview]\n",
    "an unknown kind": b"kind: poem\n",
    "a title that is a mapping": b"title: {a: 1}\n",
    "billion laughs": BILLION_LAUGHS,
    "nested 5000 deep": DEEP_YAML,
    "a top-level list": b"- title: B\n",
    "not UTF-8": b"title: " + BAD_UTF8 + b"\n",
    "not YAML": b"title: [B\n",
    "duplicate keys": b"title: A\ntitle: B\n",
}

MANIFESTS_YAML: dict[str, bytes] = {
    "month 13": b"- file: b.txt\n  date: 2004-13-45\n",
    "30 February": b"- file: b.txt\n  date: 2004-02-30\n",
    "billion laughs": BILLION_LAUGHS,
    "nested 5000 deep": DEEP_YAML,
    "a mapping, not a list": b"file: b.txt\n",
    "a row without a file": b"- title: B\n",
    "a file that is not there": b"- file: not-there.txt\n",
    "a file name that is a list": b"- file: [b.txt]\n",
    "not UTF-8": b"- file: b.txt\n  title: " + BAD_UTF8 + b"\n",
}

MANIFESTS_CSV: dict[str, bytes] = {
    "month 13": _csv("file,date", "b.txt,2004-13-45"),
    "30 February": _csv("file,date", "b.txt,2004-02-30"),
    "a date of 5000 digits": _csv("file,date", f"b.txt,{DIGITS}"),
    "no file column": _csv("name,date", "b.txt,2004"),
    "a file that is not there": _csv("file,date", "not-there.txt,2004"),
    "not UTF-8": _csv("file,title") + b"b.txt," + BAD_UTF8 + b"\n",
    "empty file": b"",
    "an unknown kind": _csv("file,kind", "b.txt,poem"),
}

# -- the project file: any command (here `workbench status`) -----------------------------

PROJECT_FILES: dict[str, Callable[[str], str]] = {
    "max_file_mb: lots": lambda t: t.replace("max_file_mb: 50", "max_file_mb: lots"),
    "max_file_mb: -5": lambda t: t.replace("max_file_mb: 50", "max_file_mb: -5"),
    "max_file_mb: .nan": lambda t: t.replace("max_file_mb: 50", "max_file_mb: .nan"),
    "max_file_mb: 1e999": lambda t: t.replace("max_file_mb: 50", "max_file_mb: 1e999"),
    "max_file_mb: a list": lambda t: t.replace("max_file_mb: 50", "max_file_mb: [1]"),
    "max_file_mb: 5000 digits": lambda t: t.replace("max_file_mb: 50", f"max_file_mb: {DIGITS}"),
    "max_file_mb: 1.0e+308": lambda t: t.replace("max_file_mb: 50", "max_file_mb: 1.0e+308"),
    "max_file_mb: 20 digits": lambda t: t.replace("max_file_mb: 50", f"max_file_mb: {'9' * 20}"),
    "day_first: a date": lambda t: t.replace("day_first: true", "day_first: 2004-13-45"),
    "a name that is a list": lambda t: t.replace("name: study", "name: [study]"),
    "a password in the URL": lambda t: t.replace(
        "sqlite:///workbench.db", "postgresql://ana:secret@127.0.0.1/study"
    ),
    "a database URL that is not one": lambda t: t.replace(
        "sqlite:///workbench.db", "not a url at all"
    ),
    "billion laughs": lambda t: t + BILLION_LAUGHS.decode(),
    "nested 5000 deep": lambda t: t + DEEP_YAML.decode(),
    "a duplicate key": lambda t: t + "name: again\n",
    "an unknown setting": lambda t: t + "max_file_mb: 5\n",
    "a top-level list": lambda t: "- " + t.replace("\n", "\n  "),
    "empty": lambda t: "",
    "not YAML": lambda t: t + "import: [\n",
    "a python tag": lambda t: t + "x: !!python/object/apply:os.system [echo hi]\n",
    "speakers that are a list": lambda t: t.replace("speakers: {}", "speakers: [a, b]"),
}


def _cases() -> list[Any]:
    cases: list[Any] = []

    def add(family: str, table: dict[str, bytes], name: str, args: tuple[str, ...]) -> None:
        for label, content in table.items():
            cases.append(pytest.param(name, content, args, id=f"{family}: {label}"))

    add("codings csv", CODINGS_CSV, "codings.csv", ("codings", "import", "{file}"))
    add("codings jsonl", CODINGS_JSONL, "codings.jsonl", ("codings", "import", "{file}"))
    add("indicators", INDICATORS, "indicators.csv", ("indicators", "import", "{file}"))
    add("phases", PHASES, "phases.yaml", ("phases", "load", "{file}"))
    add("codebook", CODEBOOKS, "codebook.yaml", ("codebook", "load", "{file}"))
    add("sidecar", SIDECARS, "b.txt.meta.yaml", ("import", "{folder}/b.txt"))
    add("manifest yaml", MANIFESTS_YAML, "manifest.yaml", ("import", "--manifest", "{file}"))
    add("manifest csv", MANIFESTS_CSV, "manifest.csv", ("import", "--manifest", "{file}"))
    return cases


# -- what "refused" and "unchanged" mean ---------------------------------------------------


def _tree(root: Path) -> dict[str, str]:
    """Every file under the project but the database and its log, by content digest."""
    skip = ("workbench.db", "workbench.db-wal", "workbench.db-shm")
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name not in skip and path.parent.name != ".writing":
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _state(root: Path) -> dict[str, Any]:
    from workbench.store.project import open_project

    project = open_project(root)
    try:
        return {"tables": fingerprint(project)["tables"], "files": _tree(root)}
    finally:
        project.close()


def _assert_refused(code: int, err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code not in (0, 70), (code, err)
    assert lines, "refused in silence"
    assert lines[-1].startswith("error: "), err
    assert "internal error" not in err
    assert "Traceback" not in err


@pytest.fixture
def root(template, tmp_path) -> Path:
    """A fresh copy of the coded project (closed: the command opens it)."""
    target = tmp_path / "projects" / "study"
    shutil.copytree(template, target)
    return target


@pytest.mark.parametrize(("name", "content", "args"), _cases())
def test_a_hostile_file_is_refused_and_the_project_is_unchanged(
    cli, root, tmp_path, name, content, args
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.txt").write_text("R1: In 2004 we adapted the scheme.\n", encoding="utf-8")
    path = folder / name
    path.write_bytes(content)
    before = _state(root)
    filled = [a.format(file=path, folder=folder) for a in args]
    code, _, err = cli(*filled, "-p", str(root))
    _assert_refused(code, err)
    named = (str(path), name, "b.txt", "not-there.txt")
    assert any(n in err for n in named), f"the file is not named: {err}"
    assert _state(root) == before


@pytest.mark.parametrize("content", list(CONTROL_NAMES.values()), ids=list(CONTROL_NAMES))
def test_a_control_character_in_a_codebook_name_is_named_with_the_file_and_the_code(
    cli, root, tmp_path, content
):
    """The refusal says which file, which code and which character, and prints none raw."""
    path = tmp_path / "codebook.yaml"
    path.write_bytes(content)
    code, _, err = cli("codebook", "load", str(path), "-p", str(root))
    _assert_refused(code, err)
    line = err.strip().splitlines()[-1]
    assert f"{path}:" in line
    assert "code 'a': name" in line or "codebook 'hostile': name" in line, line
    assert "U+" in line
    assert unsafe_characters(err.replace("\n", " ")) == [], "a control character was printed"


@pytest.mark.parametrize("edit", list(PROJECT_FILES.values()), ids=list(PROJECT_FILES))
def test_a_hostile_project_file_is_refused_and_nothing_is_written(cli, root, edit):
    before = _state(root)
    config = root / "workbench.yaml"
    original = config.read_text(encoding="utf-8")
    config.write_text(edit(original), encoding="utf-8")
    hostile = config.read_bytes()
    db = hashlib.sha256((root / "workbench.db").read_bytes()).hexdigest()
    code, _, err = cli("status", "-p", str(root))
    _assert_refused(code, err)
    assert "workbench.yaml" in err or "database URL" in err, err
    assert config.read_bytes() == hostile
    assert hashlib.sha256((root / "workbench.db").read_bytes()).hexdigest() == db
    config.write_text(original, encoding="utf-8")
    assert _state(root) == before


# -- the project database is not a workbench database ------------------------------------


def _rewrite_revision(db: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def _foreign(db: Path) -> None:
    db.unlink()
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)"))
            conn.execute(text("INSERT INTO contacts (name) VALUES ('Ada')"))
    finally:
        engine.dispose()


DATABASES: dict[str, Callable[[Path], None]] = {
    "an empty file": lambda db: db.write_bytes(b""),
    "random bytes": lambda db: db.write_bytes(bytes(range(256)) * 400),
    "text": lambda db: db.write_text("hello\n"),
    "cut short": lambda db: db.write_bytes(db.read_bytes()[:8192]),
    "the header alone": lambda db: db.write_bytes(db.read_bytes()[:100]),
    "another program's database": _foreign,
    "an unknown older-looking revision": lambda db: _rewrite_revision(db, "0001_bogus_old"),
    "the first revision faked on the newest schema": lambda db: _rewrite_revision(db, "0001"),
    "an older revision faked on the newest schema": lambda db: _rewrite_revision(db, "0006"),
    "a revision from the future": lambda db: _rewrite_revision(db, "9999_future"),
    "a folder": lambda db: (db.unlink(), db.mkdir()),
}


@pytest.mark.parametrize("spoil", list(DATABASES.values()), ids=list(DATABASES))
def test_a_database_that_is_not_a_workbench_database_is_refused_untouched(cli, root, spoil):
    db = root / "workbench.db"
    for extra in ("workbench.db-wal", "workbench.db-shm"):
        (root / extra).unlink(missing_ok=True)
    spoil(db)
    files = sorted(p.name for p in root.iterdir())
    digest = hashlib.sha256(db.read_bytes()).hexdigest() if db.is_file() else None
    code, _, err = cli("status", "-p", str(root))
    _assert_refused(code, err)
    assert "workbench.db" in err, err
    assert sorted(p.name for p in root.iterdir()) == files, "a file was made (a .bak, a log)"
    if digest is not None:
        assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


# -- hostile archives --------------------------------------------------------------------

ARCHIVES = [
    ("docx", "lie"),
    ("docx", "bomb"),
    ("docx", "members"),
    ("odt", "lie"),
    ("odt", "bomb"),
    ("qdpx", "lie"),
    ("qdpx", "bomb"),
]


@pytest.mark.parametrize(("kind", "attack"), ARCHIVES, ids=[f"{k} {a}" for k, a in ARCHIVES])
def test_a_hostile_archive_is_refused_and_the_project_is_unchanged(
    cli, root, tmp_path, kind, attack
):
    from bench.zipbombs import build

    size = 20_000 if attack == "members" else 40 * 1024 * 1024
    path = tmp_path / f"{attack}.{kind}"
    path.write_bytes(build(kind, attack, size))
    before = _state(root)
    code, out, err = cli("import", str(path), "-p", str(root))
    assert code not in (0, 70), err
    assert "internal error" not in out + err
    assert "Traceback" not in out + err
    assert path.name in out + err
    assert _state(root) == before


# -- hostile arguments -----------------------------------------------------------------

BIG = "9" * 25
ARGUMENTS: dict[str, tuple[str, ...]] = {
    "a 25-digit coding id to remove": ("codings", "remove", BIG),
    "a 25-digit document id to list": ("codings", "list", "--document", BIG),
    "a 25-digit document id to code": ("codings", "add", "-d", BIG, "-c", "tacit", "--quote", "x"),
    "a 25-digit document's versions": ("documents", "versions", BIG),
    "a 25-digit start": (
        "codings",
        "add",
        "-d",
        "Interview 01",
        "-c",
        "tacit",
        "--start",
        BIG,
        "--end",
        BIG + "9",
    ),
    "30 February as an event date": (
        "codings",
        "add",
        "-d",
        "Interview 01",
        "-c",
        "tacit",
        "--quote",
        "open day",
        "--event-date",
        "2004-02-30",
    ),
    "month 13 as a phase start": ("phases", "add", "p", "--start", "2004-13-45", "--end", "2005"),
    "a handle on two lines": ("coders", "add", "a\nb"),
    "an empty handle": ("coders", "add", ""),
    "a code id of 25 digits": ("codings", "list", "--code", BIG),
    "a negative bootstrap": ("agree", "--coders", "alice,bob", "--bootstrap", "-5"),
    "a revision from a file that is not there": ("documents", "revise", "1", "/no/such/file.txt"),
}


@pytest.mark.parametrize("args", list(ARGUMENTS.values()), ids=list(ARGUMENTS))
def test_a_hostile_argument_is_refused_and_the_project_is_unchanged(cli, root, args):
    before = _state(root)
    code, _, err = cli(*args, "-p", str(root))
    _assert_refused(code, err)
    assert _state(root) == before


# -- names and counts --------------------------------------------------------------------


def test_a_file_name_with_a_newline_gives_a_title_on_one_line(cli, root, tmp_path):
    path = tmp_path / "two\nlines\x1b[31m.txt"
    path.write_text("R1: In 2004 we adapted the scheme.\n", encoding="utf-8")
    code, _, err = cli("import", str(path), "-p", str(root))
    assert code == 0, err
    code, out, _ = cli("documents", "list", "-p", str(root), "--format", "json")
    titles = [d["title"] for d in json.loads(out)]
    assert "two lines [31m" in titles
    assert all("\n" not in t and "\x1b" not in t for t in titles)


def test_the_largest_import_limit_reads_a_small_file(cli, root, tmp_path):
    """A limit of a terabyte is allowed; the reader still asks only for the file's size."""
    config = root / "workbench.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("max_file_mb: 50", "max_file_mb: 1000000"),
        encoding="utf-8",
    )
    path = tmp_path / "small.txt"
    path.write_text("R1: In 2004 we adapted the scheme.\n", encoding="utf-8")
    code, _, err = cli("import", str(path), "-p", str(root))
    assert code == 0, err


def test_this_suite_has_at_least_150_hostile_inputs_with_the_importers():
    from tests import test_hostile_files as files

    here = len(_cases()) + len(PROJECT_FILES) + len(DATABASES) + len(ARCHIVES) + len(ARGUMENTS)
    importers = sum(
        len(mark.args[1])
        for key, test in vars(files).items()
        if key.startswith("test_")
        for mark in getattr(test, "pytestmark", [])
        if mark.name == "parametrize"
    )
    assert here >= 150, here
    assert here + importers >= 150
