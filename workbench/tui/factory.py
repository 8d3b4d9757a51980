"""``make_app``: the one way to build the TUI (the CLI and every test use it).

The app never opens projects or engines itself (contrast Elia's import-time
engine): the caller opens the project and says who codes, so a test can hand
it a temporary project and fixed settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.services.project import Project
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.settings import TuiSettings


def make_app(project: Project, settings: TuiSettings) -> WorkbenchApp:
    from workbench.tui.app import WorkbenchApp

    return WorkbenchApp(project, settings)
