"""Failures that are not the user's input, said for what they are (never "internal error")."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from workbench.cli.failure import describe, exit_status, note_server


class _DriverError(Exception):
    """Stands for psycopg's OperationalError (its text is what matters)."""


@pytest.mark.parametrize(
    "said",
    [
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
        'FATAL:  password authentication failed for user "ana"',
        'connection to server at "10.0.0.5", port 5432 failed: Connection refused\n'
        "\tIs the server running on that host and accepting TCP/IP connections?",
        "failed to resolve host 'db.example.org': [Errno -2] Name or service not known",
        'FATAL:  database "study" does not exist',
    ],
)
def test_a_server_that_refuses_is_said_on_one_line(said):
    exc = OperationalError("SELECT 1", {}, _DriverError(said))
    line = describe(exc)
    assert line.startswith("the database server refused or dropped the connection: ")
    assert said.splitlines()[0] in line
    assert "\n" not in line
    assert exit_status(line) == 1


@pytest.mark.parametrize(
    "said",
    [
        "server closed the connection unexpectedly\n\tThis probably means the server terminated",
        "consuming input failed: terminating connection due to administrator command",
    ],
)
def test_a_server_that_drops_mid_statement_or_mid_commit_is_said_on_one_line(said):
    note_server("db.example.org:5432/study")
    try:
        mid = describe(OperationalError("INSERT INTO codings ...", {}, _DriverError(said)))
        saving = describe(OperationalError(None, None, _DriverError(said)))
    finally:
        note_server(None)
    for line in (mid, saving):
        assert line.startswith("the database server db.example.org:5432/study dropped"), line
        assert said.splitlines()[0] in line
        assert "\n" not in line
        assert exit_status(line) == 1
    assert "was not saved" in mid
    assert "may or may not have been saved" in saving


def test_an_unknown_failure_is_still_an_internal_error():
    assert describe(RuntimeError("boom")).startswith("internal error: RuntimeError")
    exc = OperationalError("SELECT 1", {}, _DriverError('near "x": syntax error'))
    assert describe(exc).startswith("internal error")


# -- a team server that goes away in the middle of a command -------------------------------


@pytest.fixture
def team_root(pg_url, tmp_path):
    """A team project reached through a proxy the test can cut; returns (root, proxy)."""
    from tests.conftest import LEARNING
    from tests.netproxy import proxied_url
    from workbench.services.codebook import load_codebook_file
    from workbench.services.documents import import_file
    from workbench.services.project import init_project

    proxy, url = proxied_url(pg_url)
    project = init_project("team", base=tmp_path, coder="alice", database=url)
    load_codebook_file(project.uow(), path=LEARNING, actor="alice")
    f = tmp_path / "i.txt"
    f.write_text("R1: In 2000 we copied what they did. By 2003 we adapted.\n", encoding="utf-8")
    import_file(project, path=f, title="I", kind="interview")
    project.close()
    yield project.root, proxy
    proxy.close()


def _codings(root) -> int:
    from workbench.services.project import find_and_open, project_status

    project = find_and_open(str(root))
    try:
        return project_status(project).codings
    finally:
        project.close()


ADD = ("codings", "add", "-d", "I", "-c", "tacit", "--coder", "alice", "--start", "0")


@pytest.mark.postgres
def test_a_connection_dropped_mid_command_is_one_line_naming_the_server(cli, team_root):
    root, proxy = team_root
    proxy.cut_after(b"INSERT INTO codings")
    code, _, err = cli(*ADD, "--end", "5", "-p", str(root))
    assert proxy.tripped.is_set()
    assert code not in (0, 70), err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"127.0.0.1:{proxy.port}/" in lines[0]
    assert "internal error" not in err
    assert "was not saved" in lines[0]
    proxy.restore()
    assert _codings(root) == 0


@pytest.mark.postgres
def test_a_connection_dropped_while_committing_says_the_action_may_be_saved(cli, team_root):
    root, proxy = team_root
    proxy.cut_after(b"COMMIT")
    code, _, err = cli(*ADD, "--end", "5", "-p", str(root))
    assert proxy.tripped.is_set()
    assert code not in (0, 70), err
    assert len(err.strip().splitlines()) == 1, err
    assert f"127.0.0.1:{proxy.port}/" in err
    assert "may or may not have been saved" in err
    proxy.restore()
    assert _codings(root) == 1  # here the commit reached the server
