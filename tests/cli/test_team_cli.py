"""``workbench team``: the commands a server administrator and a coder type."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import LEARNING
from tests.store.test_team import _drop_roles

pytestmark = pytest.mark.postgres


def test_team_journey_from_the_command_line(cli, pg_url, tmp_path, monkeypatch):
    from workbench.store.db import head_revision
    from workbench.store.team import team_roles

    sfx = uuid.uuid4().hex[:8]
    lead, ana = f"lee_{sfx}", f"ana_{sfx}"
    try:
        assert cli("init", "study", "--coder", lead)[0] == 0
        assert cli("codebook", "load", str(LEARNING), "-p", "study")[0] == 0
        code, out, err = cli("team", "init", "--db", pg_url)
        assert code == 0, err
        assert f"schema {head_revision()}" in out
        code, out, err = cli("team", "migrate", "projects/study", "--db", pg_url)
        assert code == 0, err
        assert "counts and hashes match" in out
        assert "codes" in out
        monkeypatch.setenv("SECRET_FOR_ANA", "s3cret")
        code, out, err = cli(
            "team", "add-coder", ana, "--password-env", "SECRET_FOR_ANA", "--db", pg_url
        )
        assert code == 0, err
        assert f"created login {ana} (coder)" in out
        assert cli("team", "add-coder", lead, "--lead", "--no-password", "--db", pg_url)[0] == 0
        # The project file now names the server; as the lead, switch blind mode on.
        monkeypatch.setenv(
            "WORKBENCH_DATABASE_URL",
            make_url(pg_url).set(username=lead).render_as_string(hide_password=False),
        )
        code, out, err = cli("team", "blind", "on", "-p", "study")
        assert code == 0, err
        # A coder may not: the server refuses, in one line, with a non-zero exit.
        monkeypatch.setenv(
            "WORKBENCH_DATABASE_URL",
            make_url(pg_url).set(username=ana).render_as_string(hide_password=False),
        )
        code, out, err = cli("team", "blind", "off", "-p", "study")
        assert code != 0
        assert "the server refused: permission denied" in err
        assert len(err.strip().splitlines()) == 1
        code, out, err = cli("codes", "rename", "imitation", "Copying", "-p", "study")
        assert code != 0
        assert "the server refused" in err
    finally:
        groups = team_roles(str(make_url(pg_url).database))
        _drop_roles(pg_url, [lead, ana, groups.leads, groups.coders])


def test_team_commands_refuse_bad_urls_in_one_line(cli, monkeypatch):
    code, _, err = cli("team", "init", "--db", "sqlite:///x.db")
    assert code != 0
    assert "needs a PostgreSQL URL" in err
    code, _, err = cli("team", "init", "--db", "postgresql://postgres:pw@127.0.0.1/x")
    assert code != 0
    assert "holds a password" in err
    monkeypatch.delenv("NOPE", raising=False)
    code, _, err = cli(
        "team", "add-coder", "ana", "--password-env", "NOPE", "--db", "postgresql://u@h/db"
    )
    assert code != 0
    assert "NOPE is empty or not set" in err
    code, _, err = cli(
        "team", "add-coder", "Bad Name!", "--no-password", "--db", "postgresql://u@h/db"
    )
    assert code != 0
    assert "cannot be a team login" in err
