"""A team server that refuses the login, is down or lacks the database: one line, exit 1.

Every command that connects (opening a project, so the TUI's start too; ``init --db``;
``team init``, ``add-coder`` and ``migrate``) must say which server refused and why on
one line, exit non-zero, never call it an internal error and never print a password.

The wrong password is played by a stand-in server speaking just enough of the
PostgreSQL protocol (ask for a password, then refuse it with SQLSTATE 28P01), since
the test server trusts local logins; "down" is a closed port; an unknown database
needs the real server.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SECRET = "hunter2-do-not-print"


class RefusingServer:
    """Asks every client for a clear-text password, then refuses it (28P01)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.passwords: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with contextlib.suppress(OSError), conn:
                self._one(conn)

    @staticmethod
    def _read(conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise OSError("closed")
            data += chunk
        return data

    def _one(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        while True:
            (length,) = struct.unpack("!i", self._read(conn, 4))
            body = self._read(conn, length - 4)
            (code,) = struct.unpack("!i", body[:4])
            if code in (80877103, 80877104):  # SSL or GSS encryption request: no
                conn.sendall(b"N")
                continue
            break
        conn.sendall(b"R" + struct.pack("!ii", 8, 3))  # AuthenticationCleartextPassword
        kind = self._read(conn, 1)
        (length,) = struct.unpack("!i", self._read(conn, 4))
        payload = self._read(conn, length - 4)
        if kind == b"p":
            self.passwords.append(payload.rstrip(b"\0"))
        fields = b'SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "ana"\0\0'
        conn.sendall(b"E" + struct.pack("!i", len(fields) + 4) + fields)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def refusing() -> Iterator[RefusingServer]:
    server = RefusingServer()
    yield server
    server.close()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _project_at(tmp_path: Path, url: str) -> Path:
    root = tmp_path / "projects" / "team"
    (root / "sources").mkdir(parents=True)
    (root / "workbench.yaml").write_text(f"name: team\ndatabase: {url}\n", encoding="utf-8")
    return root


def _commands(url: str, tmp_path: Path) -> list[tuple[str, ...]]:
    project = _project_at(tmp_path, url)
    source = tmp_path / "local"
    return [
        ("status", "-p", str(project)),
        ("codings", "list", "-p", str(project)),
        ("code", "-p", str(project)),  # the TUI: refused before it starts
        ("init", str(tmp_path / "fresh"), "--db", url),
        ("team", "init", "--db", url),
        ("team", "add-coder", "ana", "--no-password", "--db", url),
        ("team", "migrate", str(source), "--db", url),
    ]


@pytest.fixture
def local_project(tmp_path):
    from workbench.services.project import init_project

    project = init_project("local", base=tmp_path / "local-parent", coder="alice")
    project.close()
    project.root.rename(tmp_path / "local")
    return tmp_path / "local"


def _assert_refused(code: int, out: str, err: str, *, reason: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1, (code, err)
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "internal error" not in err
    assert "Traceback" not in err
    assert reason in lines[0], lines[0]
    assert SECRET not in out + err


def _run_all(cli, url, tmp_path, reason):
    for command in _commands(url, tmp_path):
        code, out, err = cli(*command)
        _assert_refused(code, out, err, reason=reason)
    assert not (tmp_path / "fresh").exists(), "a failed init left its folder behind"


def test_a_wrong_password_is_one_line_and_never_printed(
    cli, refusing, tmp_path, monkeypatch, local_project
):
    monkeypatch.setenv("PGPASSWORD", SECRET)
    url = f"postgresql://ana@127.0.0.1:{refusing.port}/study"
    _run_all(cli, url, tmp_path, reason="password authentication failed")
    assert SECRET.encode() in refusing.passwords  # the stand-in really asked for it


def test_a_server_that_is_down_is_one_line(cli, tmp_path, local_project):
    url = f"postgresql://ana@127.0.0.1:{_closed_port()}/study"
    _run_all(cli, url, tmp_path, reason="Connection refused")


def test_an_unknown_host_is_one_line(cli, tmp_path, local_project):
    _run_all(cli, "postgresql://ana@no-such-host.invalid/study", tmp_path, reason="no-such-host")


@pytest.mark.postgres
def test_an_unknown_database_is_one_line(cli, pg_url, tmp_path, local_project):
    from sqlalchemy.engine import make_url

    url = make_url(pg_url).set(database=make_url(pg_url).database + "_missing")
    text = url.render_as_string(hide_password=False)
    for command in _commands(text, tmp_path):
        if command[:2] == ("team", "init"):
            continue  # team init creates a missing database: that is its job
        code, out, err = cli(*command)
        _assert_refused(code, out, err, reason="does not exist")
