"""The ``workbench`` command.

Only click is imported at start-up: services (SQLAlchemy), spaCy and Textual load
inside the commands that need them, so ``workbench --help`` stays instant.
Errors a user can cause print one line on stderr and exit non-zero; ``--verbose``
adds the traceback.
"""

from __future__ import annotations

import os
import sys
import traceback

import click

from workbench import __version__
from workbench.cli.agreement import agree, consensus, disagreements
from workbench.cli.bracketing import bracket, phases
from workbench.cli.codebook import codebook, codes
from workbench.cli.coders import coders
from workbench.cli.codings import codings
from workbench.cli.demo import demo
from workbench.cli.exchange import export
from workbench.cli.importing import import_files, indicators
from workbench.cli.memos import memos
from workbench.cli.project import documents, init, speakers, status
from workbench.cli.report import report
from workbench.cli.search import search
from workbench.cli.team import team
from workbench.cli.time_basis import time_basis
from workbench.cli.tui import code


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="workbench")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks for errors.")
def cli(verbose: bool) -> None:
    """Qualitative coding and temporal bracketing for process research.

    \b
    Start:   workbench init NAME && workbench codebook load codebooks/FILE.yaml -p NAME
    Then:    workbench import FILES... -p NAME ; workbench status -p NAME
    """
    if verbose:
        os.environ["WORKBENCH_VERBOSE"] = "1"


for command in (
    demo,
    init,
    status,
    import_files,
    documents,
    codebook,
    codes,
    coders,
    codings,
    search,
    memos,
    indicators,
    speakers,
    agree,
    disagreements,
    consensus,
    phases,
    bracket,
    time_basis,
    export,
    report,
    code,
    team,
):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    from workbench.core.errors import WorkbenchError

    args = sys.argv[1:] if argv is None else argv
    verbose = "--verbose" in args or "-v" in args or os.environ.get("WORKBENCH_VERBOSE") == "1"
    try:
        # Without standalone mode click returns (not raises) the code of ``Exit``.
        result = cli.main(args=args, prog_name="workbench", standalone_mode=False)
        if isinstance(result, int) and result:
            sys.exit(result)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except WorkbenchError as exc:
        for problem in getattr(exc, "problems", []):
            click.echo(f"  {problem}", err=True)
        click.echo(f"error: {exc}", err=True)
        if verbose:
            traceback.print_exc()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not a user error: say so, keep the detail optional
        from workbench.cli.failure import INTERNAL, describe, exit_status

        said = describe(exc)
        click.echo(f"error: {said}", err=True)
        status = exit_status(said)
        if verbose:
            traceback.print_exc()
        elif status == INTERNAL:  # a full disk or a lost server needs no traceback
            click.echo("(run with --verbose for the traceback)", err=True)
        sys.exit(status)
