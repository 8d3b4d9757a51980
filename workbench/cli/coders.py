"""``coders add|list``."""

from __future__ import annotations

from dataclasses import asdict

import click

from workbench.cli.common import open_project, project_option
from workbench.cli.output import emit, format_option


@click.group()
def coders() -> None:
    """The people who code (and the consensus coder)."""


@coders.command("add")
@click.argument("handle")
@click.option("--name", help="Full name.")
@click.option("--lead", is_flag=True, help="A lead may change the codebook and adjudicate.")
@project_option
def coders_add(handle: str, name: str | None, lead: bool, project_spec: str | None) -> None:
    """Add a coder with a short HANDLE."""
    from workbench.services.coders import add_coder

    project = open_project(project_spec)
    info = add_coder(
        project.uow(),
        handle=handle,
        name=name,
        role="lead" if lead else "coder",
        actor=project.config.default_coder,
    )
    click.echo(f"added coder {info.handle} ({info.role})")


@coders.command("list")
@project_option
@format_option
def coders_list(project_spec: str | None, fmt: str) -> None:
    """Coders with their role and number of codings."""
    from workbench.services.coders import list_coders

    project = open_project(project_spec)
    emit(
        [asdict(c) for c in list_coders(project.uow())], ["handle", "name", "role", "codings"], fmt
    )
