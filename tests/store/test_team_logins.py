"""Team logins: passwords never travel as text, and other roles are not taken over.

The password check is independent of libpq: the stored SCRAM-SHA-256 verifier is
recomputed here from the password with ``hashlib`` (RFC 5802 / RFC 7677).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from tests.store.test_team import _drop_roles
from workbench.core.errors import ProjectError

pytestmark = pytest.mark.postgres

SECRET = "s3cret 'quoted' $$ pässword"


@pytest.fixture
def team_db(pg_url):
    from workbench.services.team import init_team
    from workbench.store.team import team_roles

    init_team(pg_url)
    made: list[str] = []
    yield pg_url, made
    groups = team_roles(str(make_url(pg_url).database))
    _drop_roles(pg_url, [*made, groups.leads, groups.coders])


def _admin(url: str) -> psycopg.Connection:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(dsn, autocommit=True)


def _role(url: str, name: str) -> tuple[str | None, set[str]]:
    """The role's stored password (verifier) and the roles it is a member of."""
    with _admin(url) as conn:
        row = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,)
        ).fetchone()
        groups = conn.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s",
            (name,),
        ).fetchall()
    return row[0], {g[0] for g in groups}


def _matches(verifier: str, password: str) -> bool:
    """Whether a SCRAM-SHA-256 verifier was made from ``password`` (ASCII-safe SASLprep)."""
    import unicodedata

    method, rest = verifier.split("$", 1)
    assert method == "SCRAM-SHA-256"
    params, keys = rest.split("$")
    iterations, salt = params.split(":")
    stored, server = (base64.b64decode(k) for k in keys.split(":"))
    prepared = unicodedata.normalize("NFKC", password).encode()
    salted = hashlib.pbkdf2_hmac("sha256", prepared, base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    return hashlib.sha256(client_key).digest() == stored and server_key == server


@pytest.fixture
def statements():
    """Every statement any engine of this process sends while the test runs."""
    sent: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        sent.append(f"{statement} {parameters!r}")

    event.listen(Engine, "before_cursor_execute", capture)
    yield sent
    event.remove(Engine, "before_cursor_execute", capture)


def test_a_password_is_sent_as_a_scram_verifier_never_as_text(team_db, statements):
    from workbench.services.team import add_team_coder

    url, made = team_db
    name = f"ana_{uuid.uuid4().hex[:8]}"
    made.append(name)
    add_team_coder(url, name, password=SECRET)
    verifier, _ = _role(url, name)
    assert verifier is not None
    assert verifier.startswith("SCRAM-SHA-256$4096:")
    assert _matches(verifier, SECRET)
    assert not _matches(verifier, SECRET + "x")
    assert any("CREATE ROLE" in s for s in statements)
    assert not [s for s in statements if "s3cret" in s]
    # a second run sets a new password, again as a verifier
    add_team_coder(url, name, password="another one")
    assert _matches(_role(url, name)[0] or "", "another one")
    assert not [s for s in statements if "another one" in s]


def test_a_refused_add_coder_shows_no_password_even_verbose(team_db, cli, monkeypatch):
    """A lead may not create roles: the server refuses, and nothing shows the secret."""
    from workbench.services.team import add_team_coder

    url, made = team_db
    sfx = uuid.uuid4().hex[:8]
    lead, new = f"lee_{sfx}", f"bob_{sfx}"
    made.extend([lead, new])
    add_team_coder(url, lead, lead=True)
    monkeypatch.setenv("BOB_SECRET", SECRET)
    as_lead = make_url(url).set(username=lead).render_as_string(hide_password=False)
    code, out, err = cli(
        "-v", "team", "add-coder", new, "--password-env", "BOB_SECRET", "--db", as_lead
    )
    assert code == 1
    assert "s3cret" not in out + err
    assert f"error: the server refused to set up login {new!r}: permission denied" in err
    with _admin(url) as conn:
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (new,)).fetchone() is None


def test_add_coder_does_not_take_over_a_role_it_did_not_create(team_db, cli, monkeypatch):
    from workbench.services.team import add_team_coder

    url, made = team_db
    other = f"app_{uuid.uuid4().hex[:8]}"
    made.append(other)
    with _admin(url) as conn:
        conn.execute(f"CREATE ROLE \"{other}\" LOGIN PASSWORD 'the app''s own'")
    before = _role(url, other)
    with pytest.raises(ProjectError, match="did not create; to make that login a coder"):
        add_team_coder(url, other, password="taken over")
    assert _role(url, other) == before
    monkeypatch.setenv("NEW_SECRET", "taken over")
    code, _, err = cli("team", "add-coder", other, "--password-env", "NEW_SECRET", "--db", url)
    assert code == 1
    assert "--existing-role" in err
    assert _role(url, other) == before
    # told to, it makes the login a coder and leaves its password alone
    code, _, err = cli("team", "add-coder", other, "--existing-role", "--db", url)
    assert code == 0, err
    password, groups = _role(url, other)
    assert password == before[0]
    assert any(g.endswith("_coders") for g in groups)


@pytest.mark.parametrize("flags", [(), ("--existing-role",)])
def test_add_coder_never_touches_an_administrators_role(team_db, cli, flags):
    url, _ = team_db
    before = _role(url, "postgres")
    code, _, err = cli("team", "add-coder", "postgres", "--no-password", *flags, "--db", url)
    assert code == 1
    assert "administrator rights" in err
    assert len(err.strip().splitlines()) == 1
    assert _role(url, "postgres") == before


@pytest.mark.parametrize("command", [("status",), ("codings", "list")])
def test_a_refused_login_is_one_line_not_an_internal_error(cli, pg_url, monkeypatch, command):
    """The server's refusal of a login, said as such (loopback trust: an unknown user)."""
    assert cli("init", "study")[0] == 0
    bad = make_url(pg_url).set(username=f"nobody_{uuid.uuid4().hex[:6]}")
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", bad.render_as_string(hide_password=False))
    code, _, err = cli(*command, "-p", "study")
    assert code == 1
    assert "internal error" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("error: cannot connect to postgresql://nobody_")
    assert "nobody_" in err
