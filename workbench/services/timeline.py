"""The timeline view of a bracketing: one run with what a screen needs, and its quotes.

``bracket_timeline`` runs the engine as ``workbench bracket`` does and adds what a reader
needs besides the result: the themes' names and colours in codebook order and the
events, so that ``quotes_behind`` can name the coded segments behind a phase or a cell of
the heat strip without running the engine again. ``timeline_choices`` lists what a run
can be asked for (schemes, coders). Nothing here knows how the timeline is drawn.

The window: a study's events bunch in a few decades, but one segment dated "the 1960s"
would stretch the axis and push the rest into a corner. ``default_window`` keeps the
bulk (see its rule); the researcher can set the window instead. Events outside it are
left out of the run (the engine brackets the window only) and counted in
``TimelineRun.outside`` so the screen can say so.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from workbench.bracketing.contributions import events_in_bins
from workbench.core.dates import DateRange, Precision, format_range, parse_date
from workbench.core.errors import InputError
from workbench.services.reading import code_table
from workbench.services.reports import CONSENSUS
from workbench.store.models import (
    AuditEvent,
    Case,
    Coder,
    Coding,
    Document,
    Indicator,
    Phase,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.case_results import CaseTimingResult
    from workbench.bracketing.events import DatedEvent, PhaseSpec
    from workbench.bracketing.result import BracketingResult
    from workbench.store.project import Project

ALL_CODERS = "all"
"""The coder choice meaning every coder's codings together."""
PROPOSED = "proposed"
"""The scheme choice meaning the phases the data propose (no researcher scheme)."""
FREQUENCIES = ("month", "quarter", "half", "year")
QUOTE_CHARS = 400
CENTRAL = 0.98
"""The default window holds the central 98% of events (by their dates' midpoints)…"""
MARGIN = 0.5
"""…widened by half that span on each side (at least two years), up to the earliest and
latest event: a study of 1999-2018 keeps 1990-2027 and leaves out "the 1960s"."""
MIN_EVENTS = 20
"""Fewer events than this have no bulk to speak of: every one is kept."""


@dataclass(frozen=True, slots=True)
class Window:
    """The stretch of time a timeline brackets; ``None`` on a side: no limit there.

    ``start`` and ``end`` are inclusive days. ``chosen`` says who chose it: ``auto`` (the
    outlier rule), ``set`` (the researcher), ``all`` (every event)."""

    start: dt.date | None = None
    end: dt.date | None = None
    chosen: str = "all"

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Outside:
    """The events a window leaves out: how many on each side, and the latest (earliest)
    of them, so the screen can say "3 events before 1995"."""

    before: int = 0
    after: int = 0
    latest_before: dt.date | None = None
    earliest_after: dt.date | None = None

    @property
    def total(self) -> int:
        return self.before + self.after


@dataclass(frozen=True, slots=True)
class TimelineChoices:
    """What a timeline can be drawn for; ``coder`` and ``scheme`` are the defaults."""

    schemes: tuple[str, ...]
    coders: tuple[str, ...]
    coder: str
    scheme: str


@dataclass(frozen=True, slots=True)
class ThemeLabel:
    guid: str
    name: str
    path: str
    colour: str | None


@dataclass(frozen=True, slots=True)
class TimelineRun:
    """A bracketing run as the timeline shows it.

    ``themes`` follows ``result.timeline.themes`` (the engine's order, so indices agree);
    ``order`` lists those indices in codebook order, the order a reader knows.
    ``events`` are the dated events the engine counted (for ``quotes_behind``).
    """

    result: BracketingResult
    events: tuple[DatedEvent, ...]
    n_undated: int
    scheme: str | None
    coder: str
    coders: tuple[str, ...]
    freq: str
    level: int | None
    bootstrap: int
    themes: tuple[ThemeLabel, ...]
    order: tuple[int, ...]
    seconds: float
    window: Window = field(default_factory=Window)
    outside: Outside = field(default_factory=Outside)


@dataclass(frozen=True, slots=True)
class EventQuote:
    """A coded segment behind a stretch of the timeline, with where to open it.

    ``share`` is the part of its weight counted in the stretch (1 for an event dated
    inside it; 1/4 for a year-dated event behind one quarter).
    """

    coding_id: int
    document_id: int
    document: str
    case: str | None
    start: int
    end: int
    coder: str
    theme: str
    code_name: str
    code_path: str
    when: str
    date_source: str
    share: float
    quote: str


def timeline_choices(project: Project, *, only_coder: str | None = None) -> TimelineChoices:
    """Schemes with phases, coders with codings, and the defaults: the first scheme, and
    the consensus coder when adjudicated codings exist, else every coder together (as the
    phase report does). ``only_coder``: blind mode, that coder alone."""
    from workbench.services.coders import list_coders
    from workbench.services.phases import list_phases

    schemes = tuple(dict.fromkeys(p.scheme for p in list_phases(project)))
    if only_coder is not None:
        return TimelineChoices(schemes, (only_coder,), only_coder, _first(schemes))
    coders = tuple(c.handle for c in list_coders(project.uow()) if c.codings)
    default = CONSENSUS if CONSENSUS in coders else ALL_CODERS
    return TimelineChoices(schemes, coders, default, _first(schemes))


def _first(schemes: tuple[str, ...]) -> str:
    return schemes[0] if schemes else PROPOSED


def midpoint(event: DatedEvent) -> dt.date:
    """The middle day of an event's dates (where a decade-dated event sits)."""
    return event.start + (event.end - event.start) // 2


def default_window(events: Sequence[DatedEvent]) -> Window:
    """The window that leaves out dates far from the bulk of the events.

    The rule: take the span holding the central 98% of events (by the midpoint of their
    dates: the 1st to the 99th percentile), widen it by half its length on each
    side (at least two years), and clip to the earliest and latest event. Below 100
    events the percentiles are the second earliest and second latest, so a lone outlier still goes;
    with fewer than 20 events there is no bulk to speak of and every event is kept. A
    window that would leave out nothing is open (``all``).
    """
    days = sorted(midpoint(e).toordinal() for e in events)
    n = len(days)
    if n < MIN_EVENTS:
        return Window()
    k = max(1, int((1 - CENTRAL) / 2 * n))
    lo, hi = days[k], days[n - 1 - k]
    margin = max(731, round((hi - lo) * MARGIN))
    start, end = max(days[0], lo - margin), min(days[-1], hi + margin)
    if start == days[0] and end == days[-1]:
        return Window()
    return Window(
        dt.date.fromordinal(start) if start > days[0] else None,
        dt.date.fromordinal(end) if end < days[-1] else None,
        "auto",
    )


def split_window(events: Sequence[DatedEvent], window: Window) -> tuple[list[DatedEvent], Outside]:
    """The events inside ``window`` (by their midpoint) and a count of the others."""
    inside: list[DatedEvent] = []
    before: list[dt.date] = []
    after: list[dt.date] = []
    for e in events:
        mid = midpoint(e)
        if window.start is not None and mid < window.start:
            before.append(mid)
        elif window.end is not None and mid > window.end:
            after.append(mid)
        else:
            inside.append(e)
    return inside, Outside(
        len(before), len(after), max(before, default=None), min(after, default=None)
    )


WINDOW_FILE = "timeline.json"
"""Each coder's timeline window, in the project folder like ``places.json`` (a
convenience of this screen, not data: a folder that cannot be written keeps none)."""


def load_window(project: Project, *, coder: str) -> Window | None:
    """The window ``coder`` last set (None: the default). A file that cannot be read
    counts as none."""
    try:
        data = json.loads((project.root / WINDOW_FILE).read_text(encoding="utf-8"))
        mine = data["windows"][coder]
        return Window(
            dt.date.fromisoformat(mine["start"]) if mine.get("start") else None,
            dt.date.fromisoformat(mine["end"]) if mine.get("end") else None,
            "set" if mine.get("start") or mine.get("end") else "all",
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_window(project: Project, *, coder: str, window: Window | None) -> bool:
    """Keep ``coder``'s window (None: back to the default); False if it cannot be kept."""
    path = project.root / WINDOW_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        windows = data["windows"] if isinstance(data.get("windows"), dict) else {}
    except (OSError, ValueError, AttributeError):
        windows = {}
    if window is None:
        windows.pop(coder, None)
    else:
        windows[coder] = {
            "start": window.start.isoformat() if window.start else None,
            "end": window.end.isoformat() if window.end else None,
        }
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps({"windows": windows}, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return False
    return True


def clip_phases(phases: Sequence[PhaseSpec], window: Window) -> list[PhaseSpec]:
    """A scheme's phases cut to the window (the engine's axis spans the phases too, so a
    phase reaching outside would stretch it again); phases wholly outside go."""
    out = []
    for p in phases:
        start = max(p.start, window.start) if window.start else p.start
        end = min(p.end, window.end) if window.end else p.end
        if start <= end:
            out.append(replace(p, start=start, end=end))
    return out


def parse_window(start: str, end: str) -> Window:
    """A window from typed dates ("1995", "2001-07", "2018-12-31"; blank: no limit).

    ``start`` counts from the first day of what is typed, ``end`` to its last day. Raises
    ``InputError`` naming the field when a date cannot be read or the end is before the
    start."""
    days: list[dt.date | None] = []
    for name, text, pick in (("from", start, 0), ("to", end, 1)):
        text = text.strip()
        if not text:
            days.append(None)
            continue
        try:
            found = parse_date(text)
        except (InputError, ValueError) as exc:
            raise InputError(f"window {name}: cannot read the date {text!r} ({exc})") from None
        days.append(found.start if pick == 0 else found.end)
    first, last = days
    if first is not None and last is not None and last < first:
        raise InputError(f"window: the end {last} is before the start {first}")
    if first is None and last is None:
        return Window()
    return Window(first, last, "set")


CACHED_RUNS = 8
"""Runs kept per process: reopening F7, or going back to a bin size, draws at once."""
_runs: OrderedDict[tuple[Any, ...], TimelineRun] = OrderedDict()
_runs_lock = threading.Lock()


def data_version(project: Project) -> tuple[Any, ...]:
    """What a run depends on, in one cheap query: the last audited change and the size
    of the codings, documents, phases and indicators. Any write that could change a run
    changes one of these (every edit is audited; imports add rows)."""
    with project.reader() as uow:
        row = uow.session.execute(
            select(
                select(func.max(AuditEvent.id)).scalar_subquery(),
                select(func.count(Coding.id)).scalar_subquery(),
                select(func.max(Coding.id)).scalar_subquery(),
                select(func.count(Document.id)).scalar_subquery(),
                select(func.count(Phase.id)).scalar_subquery(),
                select(func.count(Indicator.id)).scalar_subquery(),
            )
        ).one()
    return tuple(row)


def bracket_timeline_cached(project: Project, **kwargs: Any) -> TimelineRun:
    """``bracket_timeline``, but a run asked for before on unchanged data comes from
    memory (the engine is deterministic for a given seed)."""
    key = (str(project.root), data_version(project), tuple(sorted(kwargs.items())))
    with _runs_lock:
        found = _runs.get(key)
        if found is not None:
            _runs.move_to_end(key)
            return found
    run = bracket_timeline(project, **kwargs)
    with _runs_lock:
        _runs[key] = run
        while len(_runs) > CACHED_RUNS:
            _runs.popitem(last=False)
    return run


def warm_timeline(project: Project, *, only_coder: str | None = None) -> bool:
    """Compute the timeline F7 first draws (default scheme and coder, quarters, without
    the bootstrap) into the cache, so that opening it later draws at once. For an idle
    moment; False when there is nothing to bracket."""
    choices = timeline_choices(project, only_coder=only_coder)
    try:
        bracket_timeline_cached(
            project,
            scheme=choices.scheme,
            coder=choices.coder,
            freq="quarter",
            level=None,
            bootstrap=0,
            seed=1,
            window=None,
        )
    except InputError:
        return False
    return True


def bracket_timeline(
    project: Project,
    *,
    scheme: str | None = None,
    coder: str = ALL_CODERS,
    level: int | None = None,
    freq: str = "quarter",
    bootstrap: int = 200,
    seed: int = 1,
    window: Window | None = None,
) -> TimelineRun:
    """Bracket as ``workbench bracket`` does (``scheme`` None or ``proposed``: the data's
    phases only; ``coder`` a handle, ``consensus`` or ``all``), over ``window`` (None: the
    default window, which leaves out outlying dates)."""
    from workbench.bracketing import BracketParams, bracket
    from workbench.services.bracketing import (
        collect_events,
        project_indicators,
        scheme_phases,
    )
    from workbench.services.codebook import list_codes

    if freq not in FREQUENCIES:
        raise InputError(f"frequency must be one of {', '.join(FREQUENCIES)}")
    t0 = time.perf_counter()
    wanted = None if coder == ALL_CODERS else [coder]
    named = None if scheme in (None, PROPOSED) else scheme
    params: dict[str, Any] = {"bin_unit": freq, "bootstrap": bootstrap, "seed": seed}
    events = collect_events(project, coders=wanted, level=level)
    if not events.dated:
        raise InputError(
            "no dated codings to bracket: code some segments first (and give "
            "documents or segments dates)"
        )
    window = default_window(events.dated) if window is None else window
    inside, outside = split_window(events.dated, window)
    if not inside:
        raise InputError(f"no dated codings inside the window {_window_text(window)}: widen it (w)")
    phases = clip_phases(scheme_phases(project, named), window) if named else None
    if named and not phases:
        raise InputError(
            f"the phases of scheme {named!r} all lie outside the window "
            f"{_window_text(window)}: widen it (w)"
        )
    result = bracket(
        inside,
        phases=phases,
        params=BracketParams(**params),
        undated=events.undated,
        indicators=project_indicators(project),
    )
    codes = {c.guid: c for c in list_codes(project.uow(), include_inactive=True)}
    rank = {guid: i for i, guid in enumerate(codes)}
    themes = tuple(
        ThemeLabel(g, codes[g].name, codes[g].path, codes[g].colour)
        if g in codes
        else ThemeLabel(g, g, g, None)
        for g in result.timeline.themes
    )
    order = tuple(
        sorted(range(len(themes)), key=lambda i: (rank.get(themes[i].guid, len(rank)), i))
    )
    return TimelineRun(
        result=result,
        events=tuple(inside),
        n_undated=len(events.undated),
        scheme=named,
        coder=coder,
        coders=events.coders,
        freq=freq,
        level=level,
        bootstrap=bootstrap,
        themes=themes,
        order=order,
        seconds=time.perf_counter() - t0,
        window=window,
        outside=outside,
    )


def _window_text(window: Window) -> str:
    return f"{window.start or '…'} to {window.end or '…'}"


def quotes_behind(
    project: Project,
    *,
    run: TimelineRun,
    first_bin: int,
    last_bin: int,
    theme: str | None = None,
    limit: int = 500,
    case: str | None = None,
) -> tuple[list[EventQuote], int]:
    """The coded segments counted in bins ``first_bin..last_bin`` (of ``theme``), by date.

    Returns at most ``limit`` quotes and how many there are in all. A segment coded
    with a child code shows under its rolled-up theme but keeps its own code's name.
    """
    events = run.events if case is None else [e for e in run.events if e.case == case]
    found = events_in_bins(events, run.result.timeline.bin_starts, first_bin, last_bin, theme=theme)
    total = len(found)
    found = found[:limit]
    ids = [int(c.event_id) for c in found]
    rows: dict[int, Any] = {}
    with project.uow() as uow:
        s = uow.session
        names = code_table(s)
        for chunk in _chunks(ids, 500):
            q = (
                select(
                    Coding.id,
                    Coding.document_id,
                    Coding.start,
                    Coding.end,
                    Coding.code_id,
                    Coder.handle,
                    Document.title,
                    Case.name,
                    func.substr(Document.text, Coding.start + 1, QUOTE_CHARS),
                )
                .join(Document, Document.id == Coding.document_id)
                .join(Coder, Coder.id == Coding.coder_id)
                .outerjoin(Case, Case.id == Document.case_id)
                .where(Coding.id.in_(chunk))
            )
            rows.update((r[0], r) for r in s.execute(q))
    out = []
    for c in found:
        row = rows.get(int(c.event_id))
        if row is None:  # removed since the run: nothing to open
            total -= 1
            continue
        cid, doc_id, start, end, code_id, handle, title, case, chunk = row
        _guid, name, path, _colour = names[code_id]
        text = (chunk or "")[: end - start]
        out.append(
            EventQuote(
                coding_id=cid,
                document_id=doc_id,
                document=title,
                case=case,
                start=start,
                end=end,
                coder=handle,
                theme=c.theme,
                code_name=name,
                code_path=path,
                when=_when(c.start, c.end, c.precision),
                date_source=c.date_source,
                share=c.weight_in / c.weight if c.weight else 0.0,
                quote=" ".join(text.split()) + ("…" if end - start > QUOTE_CHARS else ""),
            )
        )
    return out, total


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _when(start: dt.date, end: dt.date, precision: str) -> str:
    """The event's date as the researcher wrote it ("2001", "Q3 2002", a day)."""
    try:
        return format_range(DateRange(start, end, Precision(precision)))
    except ValueError:
        return start.isoformat() if start == end else f"{start} to {end}"


def timeline_cases(
    project: Project, run: TimelineRun, *, replicates: int = 200, seed: int = 0
) -> CaseTimingResult:
    """Each case placed on the pooled frontiers of a timeline run, as the cases screen
    and ``workbench bracket --cases`` place them (``services.case_bracketing``), but
    from the run's own events, so the case rows share its window, coder and bins."""
    from workbench.services.bracketing import EventSet
    from workbench.services.case_bracketing import run_case_timing

    events = EventSet(list(run.events), [], run.coders, run.level)
    return run_case_timing(project, run.result, events, replicates=replicates, seed=seed)
