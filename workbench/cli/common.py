"""Options shared by commands, and opening the project a command works on."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.services.project import Project

F = TypeVar("F", bound="Callable[..., Any]")

project_option = click.option(
    "--project",
    "-p",
    "project_spec",
    metavar="PATH|NAME",
    envvar="WORKBENCH_PROJECT",
    help="Project folder, or a name under ./projects (default: found from the current folder).",
)


def open_project(spec: str | None) -> Project:
    from workbench.cli.failure import note_server
    from workbench.services.project import find_and_open

    project = find_and_open(spec)
    note_server(project.server)
    if project.backup is not None:
        click.echo(f"upgraded the project database (backup: {project.backup})", err=True)
    return project


def coder_for(project: Project, given: str | None) -> str:
    coder = (
        given or os.environ.get("WORKBENCH_CODER") or project.login or project.config.default_coder
    )
    if not coder:
        raise click.UsageError(
            "no coder: pass --coder NAME (or set default_coder in workbench.yaml)"
        )
    return coder


def split_list(value: str | None) -> list[str] | None:
    """``"a, b,c"`` -> ``["a", "b", "c"]``; None or empty -> None."""
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


RAW_CSV = "workbench.raw_csv"


def _remember_raw_csv(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[RAW_CSV] = True
    return value


raw_csv_option = click.option(
    "--raw-csv",
    is_flag=True,
    expose_value=False,
    callback=_remember_raw_csv,
    help=(
        "Write CSV cells as they are: by default a cell starting with = + - @ or a tab "
        "gets a leading ' so that spreadsheets do not run it as a formula."
    ),
)
"""Every command that writes CSV takes this; the command reads it back with ``raw_csv()``."""


def raw_csv() -> bool:
    """Whether the running command was given ``--raw-csv``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(RAW_CSV))
