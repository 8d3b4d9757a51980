"""Reports and exports from the command palette: a small dialog that writes one file.

The dialog asks only what the report needs (format, coders, scheme, where to write),
with the command line's defaults, then runs the same service calls as ``workbench
report``, ``workbench export qdpx`` and ``workbench codings export`` in a thread
worker. A report can take seconds (the phase report resamples sources), so the dialog
shows the step it is on and the time so far, and stays responsive: Esc closes it while
the work goes on, and the status line then says what was written where. A failure is
one line, never a trace.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType
    from textual.timer import Timer

    from workbench.services.project import Project

REPORT_FORMATS = ("md", "html", "docx", "csv", "json")
OFFSETS = ("codepoints", "utf16")
CODINGS_FORMATS = ("csv", "jsonl")


@dataclass(frozen=True, slots=True)
class Job:
    """What the dialog offers for one palette entry."""

    kind: str
    title: str
    formats: tuple[str, ...]
    coders: bool = True
    scheme: bool = False
    scheme_hint: str = ""


JOBS: dict[str, Job] = {
    "phases": Job(
        "phases",
        "Report: phase timeline",
        REPORT_FORMATS,
        scheme=True,
        scheme_hint="blank: phases proposed from the data",
    ),
    "agreement": Job(
        "agreement",
        "Report: agreement between coders",
        REPORT_FORMATS,
        scheme=True,
        scheme_hint="blank: no section on phases",
    ),
    "codebook": Job(
        "codebook",
        "Report: codebook",
        REPORT_FORMATS,
        scheme=True,
        scheme_hint="blank: the project's only scheme",
    ),
    "segments": Job("segments", "Report: coded segments", REPORT_FORMATS),
    "matrix": Job(
        "matrix",
        "Report: matrices",
        REPORT_FORMATS,
        scheme=True,
        scheme_hint="blank: the project's only scheme",
    ),
    "qdpx": Job("qdpx", "Export: REFI-QDA project (.qdpx)", OFFSETS, coders=False),
    "codings": Job("codings", "Export: codings (CSV)", CODINGS_FORMATS, coders=False),
}


PALETTE: tuple[tuple[str, str, str], ...] = (
    ("phases", "report: Phases…", "The phase timeline as md, html, docx, csv or json"),
    ("agreement", "report: Agreement…", "Agreement per code between coders, with intervals"),
    ("codebook", "report: Codebook…", "Definitions, examples and frequencies per case and phase"),
    ("segments", "report: Segments…", "Coded segments by code, with context, source and date"),
    ("matrix", "report: Matrices…", "Code x case, code x phase and co-occurrence"),
    (
        "qdpx",
        "export: REFI-QDA project (.qdpx)…",
        "The whole project for QualCoder, NVivo or ATLAS.ti",
    ),
    (
        "codings",
        "export: Codings (CSV)…",
        "Every coding with its quote, as workbench codings export writes it (import reads it)",
    ),
)
"""Palette entries (kind, title, help): the app lists them, the help screen too."""


def _split(value: str) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] or None


def default_path(project: Project, kind: str, fmt: str) -> Path:
    """Where the command line would write it: the project's exports/ folder."""
    if kind == "qdpx":
        return project.exports_dir / f"{project.name}.qdpx"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    if kind == "codings":
        return project.exports_dir / f"codings-{stamp}.{fmt}"
    return project.exports_dir / f"report-{kind}-{stamp}.{fmt}"


def run_job(
    project: Project,
    job: Job,
    *,
    fmt: str,
    out: Path,
    coders: list[str] | None,
    scheme: str | None,
    step: Callable[[str, int], None],
) -> str:
    """Build and write in the calling (worker) thread; returns the line to show.

    ``step(text, n)`` reports the step under way (n of ``steps(job)``).
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    if job.kind == "qdpx":
        from workbench.services.exchange import export_qdpx

        step("reading the project and writing the archive", 1)
        return export_qdpx(project, out=out, offsets=fmt).describe()
    if job.kind == "codings":
        from workbench.services.codings import export_codings_counted

        step("reading the codings", 1)
        exported = export_codings_counted(project.uow(), fmt=fmt)
        step(f"writing {fmt}", 2)
        part = out.with_name(out.name + ".part")  # a file half written is never left as out
        part.write_text(exported.text, encoding="utf-8")
        part.replace(out)
        from workbench.report.formatting import plural

        return f"wrote {plural(exported.codings, 'coding')} ({fmt}): {out}"
    from workbench.report.export import write_report
    from workbench.report.palette import palette_for
    from workbench.services.reports import build_report

    options: dict[str, Any] = {"coders": coders}
    if job.scheme:
        options["scheme"] = scheme
    step(f"building the {job.kind} report", 1)
    report = build_report(project, job.kind, **options)
    step(f"writing {fmt}", 2)
    written = write_report(report, out, fmt, palette=palette_for(False))
    more = f" (and {len(written) - 1} more file(s) beside it)" if len(written) > 1 else ""
    return f"wrote the {job.kind} report ({fmt}): {written[0]}{more}"


def steps(job: Job) -> int:
    return 1 if job.kind == "qdpx" else 2


class ReportDialog(ModalScreen[None]):
    """Asks, then writes one report or export with progress; Esc closes (work goes on)."""

    DEFAULT_CSS = """
    #report-dialog Select, #report-dialog Input { margin: 0 0 1 0; }
    #report-buttons { height: auto; }
    #report-progress { margin: 1 0 0 0; }
    #report-result.error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="report.close"),
        Binding("ctrl+s", "write", "Write", id="report.write"),
    ]

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.job = JOBS[kind]
        self.running = False
        self.result: str | None = None
        """The last line: what was written where, or what went wrong."""
        self.failed = False
        self._t0 = 0.0
        self._step = ""
        self._ticker: Timer | None = None
        self._left = False
        self._app: Any = None

    @property
    def project(self) -> Project:
        project: Project = self.app.project  # type: ignore[attr-defined]
        return project

    def compose(self) -> ComposeResult:
        job = self.job
        fmt = job.formats[0]
        with Vertical(classes="dialog", id="report-dialog"):
            yield Label(job.title, classes="dialog-title")
            label = "Positions counted in" if job.kind == "qdpx" else "Format"
            yield Label(label)
            yield Select(
                [(f, f) for f in job.formats], value=fmt, allow_blank=False, id="report-format"
            )
            if job.coders:
                yield Label("Coders (comma-separated; blank: as the command line chooses)")
                yield Input(id="report-coders", placeholder="e.g. alice,bob")
            if job.scheme:
                yield Label("Bracket scheme")
                yield Input(id="report-scheme", placeholder=job.scheme_hint)
            yield Label("Write to")
            yield Input(str(default_path(self.project, job.kind, fmt)), id="report-out")
            with Horizontal(id="report-buttons"):
                yield Button("Write", id="report-go", variant="primary")
            yield ProgressBar(total=steps(job), show_eta=False, id="report-progress")
            yield Label("", id="report-step")
            yield Label("", id="report-result")
            yield Label(
                "ctrl+s or Write starts · Esc closes (a running job goes on, and you are "
                "told when it is written)",
                classes="dialog-note",
            )

    def on_mount(self) -> None:
        self.query_one("#report-progress", ProgressBar).display = False
        self.query_one("#report-format", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new format renames the default file's suffix (a path typed by hand is kept)."""
        if self.job.kind == "qdpx" or not isinstance(event.value, str):
            return
        box = self.query_one("#report-out", Input)
        path = Path(box.value)
        if path.suffix.lstrip(".") in (*REPORT_FORMATS, *self.job.formats):
            box.value = str(path.with_suffix(f".{event.value}"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "report-go":
            self.action_write()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    def _value(self, selector: str) -> str:
        found = self.query(selector)
        return found.first(Input).value.strip() if found else ""

    def action_write(self) -> None:
        if self.running:
            return
        fmt = str(self.query_one("#report-format", Select).value)
        text = self._value("#report-out")
        if not text:
            self._finish("say where to write the file", failed=True)
            return
        out = Path(text).expanduser()  # relative: to the current folder, as on the command line
        if out.is_dir():
            self._finish(f"{out} is a folder: give a file name", failed=True)
            return
        coders = _split(self._value("#report-coders"))
        scheme = self._value("#report-scheme") or None
        project, job, app = self.project, self.job, self.app
        self._app = app  # kept: once the dialog is closed it has no app of its own
        self.running = True
        self.result = None
        self._t0 = time.monotonic()
        bar = self.query_one("#report-progress", ProgressBar)
        bar.update(total=steps(job), progress=0)
        bar.display = True
        self.query_one("#report-go", Button).disabled = True
        self.query_one("#report-result", Label).update("")
        self._show_step("starting", 0)
        self._ticker = self.set_interval(0.25, self._tick)

        def step(text: str, n: int) -> None:  # worker thread
            app.call_from_thread(self._show_step, text, n - 1)

        def call() -> str:
            return run_job(project, job, fmt=fmt, out=out, coders=coders, scheme=scheme, step=step)

        def failed(exc: BaseException) -> None:
            from workbench.tui.jobs import describe_failure

            line = describe_failure(exc).replace("; nothing was saved", "; nothing was written")
            self._finish(line, failed=True)

        self.app.services.submit(  # type: ignore[attr-defined]
            call,
            done=lambda line: self._finish(line, failed=False),
            failed=failed,
            description=job.title.lower(),
            ordered=False,  # it only reads the project: it must not hold up coding
        )

    def _elapsed(self) -> str:
        return f"{time.monotonic() - self._t0:.1f} s"

    def _show_step(self, text: str, done: int) -> None:
        self._step = text
        if self._left:
            return
        self.query_one("#report-progress", ProgressBar).update(progress=done)
        self._tick()

    def _tick(self) -> None:
        if not self._left and self.running:
            self.query_one("#report-step", Label).update(f"{self._step}… {self._elapsed()}")

    def _finish(self, line: str, *, failed: bool) -> None:
        took = f" in {self._elapsed()}" if self.running else ""
        self.running = False
        self.failed = failed
        self.result = line if failed else f"{line}{took}"
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if self._left:  # the dialog was closed meanwhile: say it where the coder looks
            self._app.say(self.result, "error" if failed else "saved")  # type: ignore[attr-defined]
            # the screen below may rewrite its status line soon after (a list reloaded)
            self._app.notify(self.result, severity="error" if failed else "information", timeout=10)
            return
        bar = self.query_one("#report-progress", ProgressBar)
        if not failed:
            bar.update(progress=steps(self.job))
        bar.display = not failed
        self.query_one("#report-step", Label).update("")
        result = self.query_one("#report-result", Label)
        result.update(("error: " if failed else "") + self.result)
        result.set_class(failed, "error")
        self.query_one("#report-go", Button).disabled = False

    def action_close(self) -> None:
        self._left = True
        if self.running:
            self.app.say(  # type: ignore[attr-defined]
                f"{self.job.title} goes on in the background; you are told when it is written."
            )
        self.dismiss(None)
