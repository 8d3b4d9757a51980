"""``team init|add-coder|migrate|blind``: a project shared on a PostgreSQL server."""

from __future__ import annotations

import os
from pathlib import Path

import click

from workbench.cli.common import open_project, project_option

db_option = click.option(
    "--db",
    "url",
    required=True,
    metavar="URL",
    help="postgresql://ADMIN@HOST/DATABASE (password from PGPASSWORD or ~/.pgpass).",
)


@click.group()
def team() -> None:
    """Share a project with a team on a PostgreSQL server.

    \b
    workbench team init --db postgresql://postgres@HOST/study
    workbench team migrate projects/study --db postgresql://postgres@HOST/study
    workbench team add-coder ana --db postgresql://postgres@HOST/study
    workbench team add-coder lee --lead --db postgresql://postgres@HOST/study
    Each coder then: workbench init study --db postgresql://ana@HOST/study
    """


@team.command("init")
@db_option
def team_init(url: str) -> None:
    """Create the team database (if missing), its schema, roles and access rules."""
    from workbench.services.team import init_team

    result = init_team(url)
    made = "created" if result.created_database else "updated"
    click.echo(
        f"{made} team database {result.database!r} at schema {result.revision}; "
        f"roles {result.coders_role}, {result.leads_role}"
    )


@team.command("add-coder")
@click.argument("handle")
@click.option("--lead", is_flag=True, help="May change the codebook, phases and consensus.")
@click.option("--name", help="Full name.")
@click.option(
    "--password-env",
    metavar="VAR",
    help="Take the login's password from this environment variable (default: prompt).",
)
@click.option(
    "--no-password",
    is_flag=True,
    help="No password (the server authenticates otherwise: peer, certificates, trust).",
)
@click.option(
    "--existing-role",
    is_flag=True,
    help="HANDLE is a login the server already has (not made here): make it a coder; "
    "its password is changed only with --password-env.",
)
@db_option
def team_add_coder(
    handle: str,
    lead: bool,
    name: str | None,
    password_env: str | None,
    no_password: bool,
    existing_role: bool,
    url: str,
) -> None:
    """A login role HANDLE on the server, acting as coder HANDLE.

    The password is sent to the server as a SCRAM-SHA-256 verifier computed here,
    never as text. A role of that name that this command did not create is refused
    unless --existing-role is given; administrators' roles are refused always.
    """
    from workbench.core.errors import InputError
    from workbench.services.team import add_team_coder

    password: str | None = None
    if password_env:
        password = os.environ.get(password_env)
        if not password:
            raise InputError(f"environment variable {password_env} is empty or not set")
    elif not no_password and not existing_role:
        password = click.prompt(f"password for {handle}", hide_input=True, confirmation_prompt=True)
    login = add_team_coder(
        url, handle, lead=lead, password=password, name=name, existing_role=existing_role
    )
    what = "lead" if login.lead else "coder"
    verb = "created" if login.created_login else "updated"
    click.echo(f"{verb} login {login.handle} ({what})")


@team.command("migrate")
@click.argument("source", type=click.Path(path_type=Path))
@db_option
@click.option(
    "--keep-local",
    is_flag=True,
    help="Do not point the project's workbench.yaml at the server afterwards.",
)
def team_migrate(source: Path, url: str, keep_local: bool) -> None:
    """Move the SQLite project SOURCE (folder or .db file) to a fresh team database."""
    from workbench.services.team import migrate_project

    result = migrate_project(source, url, switch=not keep_local)
    for check in result.tables:
        click.echo(f"  {check.table:<16} {check.rows:>9} rows  sha256 {check.digest[:16]}")
    for where, count in sorted(result.nul_replaced.items()):
        click.echo(
            f"note: {count} NUL character(s) in {where} stored as U+FFFD "
            "(PostgreSQL cannot store NUL)"
        )
    click.echo(f"copied {result.rows} rows to {result.target}; counts and hashes match")
    if result.project_switched is not None:
        click.echo(f"{result.project_switched / 'workbench.yaml'} now names the server")


@team.command("blind")
@click.argument("state", type=click.Choice(["on", "off"]))
@project_option
def team_blind(state: str, project_spec: str | None) -> None:
    """Blind mode: each coder sees only their own codings (leads see all)."""
    from workbench.services.team import set_blind

    project = open_project(project_spec)
    set_blind(project, state == "on")
    click.echo(f"blind mode {state}")
