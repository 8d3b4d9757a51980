"""The phase timeline report: a bracketing result written up as a methods appendix.

Order follows how a process study is reported (Langley 1999): the timeline first, then
each phase with what characterises it and quotes that show it, then what continues and
what breaks at each frontier, how strongly the data mark each frontier, how the number of
phases was chosen, and finally what is needed to reproduce it all. When a researcher's
scheme is given its phases lead and the data's proposal is reported beside it; without
one, the proposed phases lead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.formatting import plural
from workbench.report.model import Report
from workbench.report.phase_report.cases import case_timing_section
from workbench.report.phase_report.continuity import continuity_section
from workbench.report.phase_report.data import data_tables
from workbench.report.phase_report.diagnostics import (
    cases_section,
    data_notes_section,
    frontier_tests_section,
    indicators_section,
    proposal_section,
)
from workbench.report.phase_report.paths import case_paths_section
from workbench.report.phase_report.phase_map import phase_map_section
from workbench.report.phase_report.phases import phases_section
from workbench.report.phase_report.summary import summary_section
from workbench.report.phase_report.time_basis import time_basis_section

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from workbench.bracketing.case_results import CaseTimingResult
    from workbench.bracketing.phasemap import PhaseMapRules
    from workbench.bracketing.result import BracketingResult
    from workbench.bracketing.sequences import PathTypesResult
    from workbench.bracketing.time_basis import BasisComparisonResult
    from workbench.report.inputs import CodeNames, Provenance
    from workbench.report.model import MemoNote

__all__ = ["build_phase_report"]

BIN_WORDS = {"month": "month", "quarter": "quarter", "half": "half-year", "year": "year"}


def build_phase_report(
    result: BracketingResult,
    *,
    provenance: Provenance,
    codes: CodeNames,
    scheme: str | None = None,
    scheme_description: str | None = None,
    justifications: Mapping[str, str] | None = None,
    basis: str = "event",
    level: int | None = None,
    quotes: Mapping[int | str, str] | None = None,
    exemplar_memos: Mapping[int | str, Sequence[MemoNote]] | None = None,
    case_timing: CaseTimingResult | None = None,
    case_paths: PathTypesResult | None = None,
    phase_map_rules: PhaseMapRules | None = None,
    phase_map_notes: Sequence[str] = (),
    time_basis: BasisComparisonResult | None = None,
    time_basis_left_out: int = 0,
    time_basis_failed: str | None = None,
) -> Report:
    """The report for one bracketing run (``scheme`` names the researcher's phases, if any).

    ``quotes`` gives the full text of exemplar segments by event id (the engine keeps the
    first 300 characters only) and ``exemplar_memos`` their memos (printed under each quote);
    ``justifications`` the researcher's reason for each phase;
    ``case_timing`` places each case on the pooled frontiers (its "Cases" section replaces
    the table of cases bracketed alone); ``case_paths`` compares the cases' sequences
    ("Path types", after "Cases"); ``phase_map_rules`` are the rules behind
    ``result.rule_map`` ("Phase map", after the frontier tests); ``time_basis`` compares
    event and narration time ("Event and narration time", before the data notes), or
    ``time_basis_failed`` says why it could not be made.
    """
    main = result.researcher or result.proposal.segmentation
    names = codes
    unit = BIN_WORDS.get(result.timeline.bin_unit, result.timeline.bin_unit)
    title = (
        f"Phase timeline: scheme “{scheme}”"
        if result.researcher is not None and scheme
        else "Phase timeline: phases proposed from the data"
    )
    tl = result.timeline
    subtitle = (
        f"{provenance.project} · coders: {', '.join(provenance.coders) or 'all'} · "
        f"{plural(tl.n_events, 'dated event')} in {unit} bins · {provenance.date}"
    )
    sections = [
        summary_section(result, main, names, scheme, scheme_description, basis, level, unit),
        phases_section(main, names, justifications or {}, quotes or {}, exemplar_memos),
        continuity_section(main, names, result),
        frontier_tests_section(main, result.researcher is not None),
        proposal_section(result, names, has_scheme=result.researcher is not None),
    ]
    if result.rule_map is not None and phase_map_rules is not None:
        sections.append(phase_map_section(result.rule_map, phase_map_rules, phase_map_notes))
    cases = case_timing_section(case_timing) if case_timing else cases_section(result)
    if cases is not None:
        sections.append(cases)
    paths = case_paths_section(case_paths, result.timeline) if case_paths else None
    if paths is not None:
        sections.append(paths)
    if result.indicators:
        sections.append(indicators_section(result, main))
    if time_basis is not None or time_basis_failed:
        sections.append(
            time_basis_section(time_basis, names, time_basis_left_out, time_basis_failed)
        )
    sections.append(data_notes_section(result, main))
    manifest = (
        *provenance.manifest(),
        ("Scheme", scheme or "none (phases proposed from the data)"),
        ("Time basis", basis),
        ("Code level", "as coded" if level is None else f"rolled up to depth {level}"),
        ("Engine version", result.manifest.engine_version),
        ("Python", result.manifest.python_version),
        ("NumPy", result.manifest.numpy_version),
        ("Seed", str(result.manifest.seed)),
        ("Events SHA-256", result.manifest.events_sha256),
        ("Inputs SHA-256", result.manifest.inputs_sha256),
        ("Dated events", str(result.manifest.n_events)),
        ("Undated events", str(result.manifest.n_undated)),
        ("Indicator observations", str(result.manifest.n_indicators)),
        ("Researcher phases", str(result.manifest.n_researcher_phases)),
        *((f"Parameter {k}", str(v)) for k, v in result.manifest.parameters.items()),
    )
    return Report(
        kind="phases",
        title=title,
        subtitle=subtitle,
        sections=tuple(sections),
        manifest=manifest,
        extra_tables=data_tables(result, names, quotes or {}),
        data=result.to_dict(),
        primary_table="phases",
        generated=provenance.generated,
        metadata={"project": provenance.project, "scheme": scheme or ""},
    )
