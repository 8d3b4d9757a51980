"""``workbench demo``: the whole product on a study that looks like real research."""

from __future__ import annotations

import sys

import click


@click.command()
@click.option("--no-tui", is_flag=True, help="Build and report, but do not open the TUI.")
def demo(no_tui: bool) -> None:
    """Build projects/demo in the current folder afresh and show what the workbench does.

    Loads the codebook, imports the corpus's 59 documents, indicators and two coders'
    codings, computes agreement, adopts agreed codings, brackets the study's phases,
    proposes phases from the data, and writes the phase, agreement and codebook reports
    to projects/demo/exports. The corpus comes from ./projects/demo/corpus, else from the
    workbench's own folder. Other projects are never touched.
    """
    from workbench.services.demo import build_demo, demo_root

    total = 0.0

    def show(name: str, took: float, detail: str) -> None:
        nonlocal total
        total += took
        click.echo(f"  {name:<32} {took:6.1f} s  {detail}")

    click.echo(f"Building the demo study ({demo_root()}):")
    project, result = build_demo(on_step=show)
    click.echo(f"done in {total:.1f} s. Project: {project.root}")
    for f in result.files:
        click.echo(f"  wrote {f}")
    click.echo(
        "Try: workbench status -p demo ; workbench agree --coders ana,ben -p demo ; "
        "workbench bracket --scheme study --coder consensus --level 0 -p demo"
    )
    if no_tui or not sys.stdout.isatty():
        if not no_tui:
            click.echo("(not a terminal: open the coding UI with 'workbench code -p demo')")
        project.close()
        return
    click.echo("Opening the coding UI as ana (F1 lists the keys, ctrl+q quits)...")
    from workbench.tui.factory import make_app
    from workbench.tui.settings import TuiSettings

    app = make_app(project, TuiSettings(coder="ana"))
    try:
        app.run()
    finally:
        project.close()
