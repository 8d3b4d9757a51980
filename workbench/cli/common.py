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
    from workbench.services.project import find_and_open

    project = find_and_open(spec)
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
