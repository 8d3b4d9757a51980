"""Comparing cases' paths through the pooled phases: OM distances and path types.

Each case's sequence is its reading through the pooled phases (``case_shift``: the same
crossings the per-case view reports), one phase label per pooled time bin from its first
to its last coding. Why that reading and not the rule-based phase map per case: it exists
for every project with dated codings (the phase map needs the codebook's phase markers),
it borrows strength from the pooled phases so a case of a few hundred codings still has a
path, and the sequences agree with the per-case table a reader has just seen. Its limit:
a case's path only moves forward through the pooled phases (returns to an earlier phase
are not read), so the distances compare *timing* and *skips*, not recursions.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from typing import TYPE_CHECKING

from workbench.bracketing.binning import NOMINAL_DAYS
from workbench.bracketing.sequences import case_sequence, path_types
from workbench.core.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.bracketing.case_results import CaseTimingResult
    from workbench.bracketing.result import BracketingResult
    from workbench.bracketing.sequences import PathTypesResult

__all__ = ["compare_case_paths", "write_case_distances"]


def compare_case_paths(
    result: BracketingResult,
    timing: CaseTimingResult,
    *,
    substitution: str = "constant",
    indel: float | None = None,
    norm: str = "maxdist",
    method: str = "ward",
    max_types: int = 8,
    min_gap_days: float = 365.0,
    n_types: int | None = None,
) -> PathTypesResult:
    """OM distances between the analysed cases' sequences and their path types.

    Path types must differ by at least ``min_gap_days`` of bins (a year by default): cases
    whose crossings differ by a bin or two are one path read with noise.
    """
    if indel is not None and indel <= 0:
        raise InputError("the indel cost must be positive")
    if n_types is not None and n_types < 1:
        raise InputError("the number of path types must be at least 1")
    tl = result.timeline
    names: list[str] = []
    seqs: list[tuple[int, ...]] = []
    starts: list[int] = []
    guessed: list[str] = []
    skipped: list[str] = []
    for case in timing.cases:
        if case.status != "analysed":
            skipped.append(case.case)
            continue
        first, seq, guesses = case_sequence(case, tl.bin_starts, tl.bin_ends)
        if not seq:
            skipped.append(case.case)
            continue
        names.append(case.case)
        seqs.append(seq)
        starts.append(first)
        if guesses:
            guessed.append(case.case)
    paths = path_types(
        names,
        seqs,
        timing.pooled_labels,
        starts=starts,
        bin_unit=tl.bin_unit,
        substitution=substitution,
        indel=indel,
        norm=norm,
        method=method,
        max_types=max_types,
        min_gap_bins=max(1, round(min_gap_days / NOMINAL_DAYS.get(tl.bin_unit, 91.3))),
        n_types=None if n_types is None else min(n_types, max(len(names), 1)),
    )
    note = paths.note
    if timing.note:
        note = timing.note
    return dataclasses.replace(paths, note=note, guessed=tuple(guessed), skipped=tuple(skipped))


def write_case_distances(paths: PathTypesResult, out: Path) -> None:
    """The distance matrix as CSV (one row per case, with its type) or JSON (by suffix)."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise InputError(f"{out}: the distances are written as .csv or .json, not {suffix!r}")
    try:
        if suffix == ".json":
            payload = {
                "cases": list(paths.cases),
                "type": list(paths.assignment),
                "normalisation": paths.norm,
                "substitution": paths.substitution,
                "indel": paths.indel,
                "distances": [list(r) for r in paths.distances],
                "raw_distances": [list(r) for r in paths.raw_distances],
            }
            out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
            return
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["case", "type", *paths.cases])
            for name, kind, row in zip(paths.cases, paths.assignment, paths.distances, strict=True):
                writer.writerow([name, kind, *(f"{x:.6g}" for x in row)])
    except OSError as error:
        raise InputError(f"{out}: cannot write the distances ({error.strerror})") from error
