"""Agreement per code, pooled over codes, and per group of units, from coded spans.

Input is plain data: per document its length, its units (caller-supplied spans such as
sentences or turns, or ``"character"``), and per coder the (start, end, code) spans that
coder applied. For each code every unit becomes a presence/absence rating per coder
(``workbench.agreement.align``), and all statistics are computed on that matrix.

Missing versus absent: a coder who appears in a document's ``segments`` (even with an empty
list) has read the document, so units they did not code are 0. A coder missing from a
document did not code it, so their ratings there are missing and the methods that allow
missing data skip them.

Pooling: the pooled figures treat every (unit, code) pair as a unit of its own - the per-code
matrices are stacked vertically and all statistics are computed on the stack. Agreement is
thus on the decision "does code X apply to unit U", weighted by the number of units per
code, not an average of per-code coefficients.

Intervals: units are sentences of a few documents, not independent draws, so by default
every interval (the kappa family's linearised ones and alpha's bootstrap) is computed
across documents: each document's units move together (``cluster_by_document``).

Groups: ``DocumentCodings.unit_groups`` gives each unit a group label (for example the date
bin of its document or turn); results are then also reported per group, each with its own
per-code and pooled statistics. Agreement over time is built this way by callers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import numpy as np

from workbench.agreement.align import CHARACTER_UNITS, align_units, unit_bounds
from workbench.agreement.document_bootstrap import multi_valued_interval
from workbench.agreement.errors import AgreementInputError
from workbench.agreement.multivalued import MultiValuedAlphaResult, multi_valued_alpha
from workbench.agreement.percent_agreement import PercentAgreementDefinition
from workbench.agreement.result import (
    AgreementReportResult,
    CodeAgreementResult,
    GroupAgreementResult,
)
from workbench.agreement.summary import agreement_statistics

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Mapping, Sequence

    from workbench.agreement.result import StatisticsResult

POOLING = (
    "pooled over codes by stacking units x codes: every (unit, code) pair is one unit; "
    "statistics are computed on the stacked presence/absence matrix"
)


@dataclass(frozen=True)
class DocumentCodings:
    """One document: its length, units, each coder's (start, end, code) spans, unit groups."""

    length: int
    segments: Mapping[str, Sequence[tuple[int, int, str]]]
    units: Sequence[tuple[int, int]] | Literal["character"] = CHARACTER_UNITS
    unit_groups: Sequence[Hashable] | None = None


@dataclass(frozen=True, eq=False)
class _CodeRows:
    """One code's stacked rows over all documents, with each row's group and document."""

    matrix: np.ndarray
    groups: np.ndarray | None
    documents: np.ndarray
    full: np.ndarray  # every unit, before uncoded units are left out (for multi-valued alpha)
    full_documents: np.ndarray  # the document of each row of ``full``


def agreement_by_code(
    documents: Mapping[str, DocumentCodings],
    *,
    codes: Sequence[str] | None = None,
    coders: Sequence[str] | None = None,
    min_share: float | None = None,
    exclude_uncoded: bool = False,
    percent_definition: PercentAgreementDefinition | str = PercentAgreementDefinition.PAIRWISE,
    bootstrap_replicates: int = 0,
    alpha_min: float = 0.667,
    rng: np.random.Generator | int | None = None,
    cluster_by_document: bool = True,
    bootstrap_method: str = "units",
    domains: Mapping[str, str] | None = None,
) -> AgreementReportResult:
    """Per-code, pooled and per-group agreement over ``documents`` (see module docstring).

    ``codes`` and ``coders`` default to every code and coder seen, sorted. ``min_share`` and
    ``exclude_uncoded`` are passed to the unit alignment. With ``bootstrap_replicates > 0``
    each statistics block carries a bootstrap of alpha drawn from ``rng``.
    ``cluster_by_document`` computes every interval across documents rather than units.
    ``domains`` (code -> domain) adds Krippendorff & Craggs' multi-valued alpha per domain
    and over all codes: each coder's rating of a unit is the set of the domain's codes they
    applied to it, so codes applied together are not refused.
    """
    generator = np.random.default_rng(rng)
    all_coders = (
        tuple(coders)
        if coders is not None
        else _sorted_union(document.segments.keys() for document in documents.values())
    )
    all_codes = (
        tuple(codes)
        if codes is not None
        else _sorted_union(
            (segment[2] for spans in document.segments.values() for segment in spans)
            for document in documents.values()
        )
    )
    uses_groups = any(document.unit_groups is not None for document in documents.values())
    rows = _rows_by_code(documents, all_codes, all_coders, min_share, exclude_uncoded, uses_groups)

    def statistics(matrix: np.ndarray, documents: np.ndarray) -> StatisticsResult:
        return agreement_statistics(
            matrix,
            percent_definition=percent_definition,
            bootstrap_replicates=bootstrap_replicates,
            alpha_min=alpha_min,
            rng=generator,
            clusters=documents if cluster_by_document else None,
            bootstrap_method=bootstrap_method,
        )

    empty = np.zeros((0, len(all_coders)))
    per_code = tuple(
        CodeAgreementResult(code, statistics(rows[code].matrix, rows[code].documents))
        for code in all_codes
    )
    pooled = statistics(
        np.vstack([rows[code].matrix for code in all_codes]) if all_codes else empty,
        np.concatenate([rows[code].documents for code in all_codes])
        if all_codes
        else np.zeros(0, dtype=np.int64),
    )
    groups: list[GroupAgreementResult] = []
    if uses_groups:
        for group in _group_order(rows, all_codes):
            members = {code: _in_group(rows[code].groups, group) for code in all_codes}
            group_matrices = {code: rows[code].matrix[members[code]] for code in all_codes}
            group_documents = {code: rows[code].documents[members[code]] for code in all_codes}
            groups.append(
                GroupAgreementResult(
                    group=group,
                    codes=tuple(
                        CodeAgreementResult(
                            code, statistics(group_matrices[code], group_documents[code])
                        )
                        for code in all_codes
                    ),
                    pooled=statistics(
                        np.vstack(list(group_matrices.values())),
                        np.concatenate(list(group_documents.values())),
                    ),
                )
            )
    multi_valued: tuple[MultiValuedAlphaResult, ...] = ()
    if domains is not None:
        multi_valued = _multi_valued(
            rows,
            all_codes,
            domains,
            exclude_uncoded,
            replicates=bootstrap_replicates,
            rng=generator,
            by_document=cluster_by_document,
        )
    return AgreementReportResult(
        multi_valued=multi_valued,
        coders=all_coders,
        codes=per_code,
        pooled=pooled,
        pooling=POOLING,
        min_share=min_share,
        exclude_uncoded=exclude_uncoded,
        groups=tuple(groups),
    )


def _rows_by_code(
    documents: Mapping[str, DocumentCodings],
    codes: tuple[str, ...],
    coders: tuple[str, ...],
    min_share: float | None,
    exclude_uncoded: bool,
    uses_groups: bool,
) -> dict[str, _CodeRows]:
    matrices: dict[str, list[np.ndarray]] = {code: [] for code in codes}
    fulls: dict[str, list[np.ndarray]] = {code: [] for code in codes}
    full_owners: dict[str, list[np.ndarray]] = {code: [] for code in codes}
    labels: dict[str, list[np.ndarray]] = {code: [] for code in codes}
    owners: dict[str, list[np.ndarray]] = {code: [] for code in codes}
    for position, (name, document) in enumerate(documents.items()):
        starts, ends = unit_bounds(document.length, document.units)
        group_labels = _document_groups(name, document, starts.size, uses_groups)
        present = [coder for coder in coders if coder in document.segments]
        columns = [coders.index(coder) for coder in present]
        spans_by_code = _spans_by_code(document, present)
        for code in codes:
            aligned = align_units(
                document.length,
                np.column_stack((starts, ends)),
                [spans_by_code.get(code, {}).get(coder, []) for coder in present],
                min_share=min_share,
            )
            matrix = np.full((starts.size, len(coders)), np.nan)
            matrix[:, columns] = aligned.matrix
            keep = np.ones(starts.size, dtype=bool)
            if exclude_uncoded:
                keep = np.nansum(matrix, axis=1) > 0
            matrices[code].append(matrix[keep])
            fulls[code].append(matrix)
            full_owners[code].append(np.full(starts.size, position, dtype=np.int64))
            owners[code].append(np.full(int(np.count_nonzero(keep)), position, dtype=np.int64))
            if group_labels is not None:
                labels[code].append(group_labels[keep])
    return {
        code: _CodeRows(
            np.vstack(matrices[code]) if matrices[code] else np.zeros((0, len(coders))),
            np.concatenate(labels[code]) if uses_groups and labels[code] else None,
            np.concatenate(owners[code]) if owners[code] else np.zeros(0, dtype=np.int64),
            np.vstack(fulls[code]) if fulls[code] else np.zeros((0, len(coders))),
            np.concatenate(full_owners[code]) if full_owners[code] else np.zeros(0, dtype=np.int64),
        )
        for code in codes
    }


def _multi_valued(
    rows: dict[str, _CodeRows],
    codes: tuple[str, ...],
    domains: Mapping[str, str],
    exclude_uncoded: bool,
    *,
    replicates: int = 0,
    rng: np.random.Generator | None = None,
    by_document: bool = True,
) -> tuple[MultiValuedAlphaResult, ...]:
    """mv-alpha per domain with two or more codes, then over all codes (subject None);
    with ``replicates``, each with its bootstrap interval across documents (or units)."""
    by_domain: dict[str, list[str]] = {}
    for code in codes:
        if code in domains:
            by_domain.setdefault(domains[code], []).append(code)
    groups = [(d, members) for d, members in by_domain.items() if len(members) >= 2]
    groups.append(("(all codes)", list(codes)))
    out = []
    for domain, members in groups:
        if not members:
            continue
        stack = np.stack([rows[c].full for c in members], axis=2)  # units x coders x codes
        missing = np.isnan(stack).all(axis=2)
        coded = np.nan_to_num(stack) > 0
        data = []
        owners = []
        documents = rows[members[0]].full_documents
        for unit in range(stack.shape[0]):
            sets = [
                None
                if missing[unit, j]
                else frozenset(members[k] for k in np.flatnonzero(coded[unit, j]))
                for j in range(stack.shape[1])
            ]
            if exclude_uncoded and not any(sets_ for sets_ in sets if sets_):
                continue
            data.append(sets)
            owners.append(int(documents[unit]))
        result = multi_valued_alpha(data, subject=domain)
        if replicates > 0 and result.value is not None:
            interval, why = multi_valued_interval(
                data,
                owners if by_document else None,
                n_replicates=replicates,
                rng=rng,
            )
            result = replace(result, interval=interval, interval_reason=why)
        out.append(result)
    return tuple(out)


def _spans_by_code(
    document: DocumentCodings, coders: list[str]
) -> dict[str, dict[str, list[tuple[int, int]]]]:
    by_code: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for coder in coders:
        for start, end, code in document.segments[coder]:
            by_code.setdefault(code, {}).setdefault(coder, []).append((start, end))
    return by_code


def _document_groups(
    name: str, document: DocumentCodings, n_units: int, uses_groups: bool
) -> np.ndarray | None:
    if not uses_groups:
        return None
    if document.unit_groups is None:
        raise AgreementInputError(f"document {name!r} has no unit_groups while other documents do")
    if len(document.unit_groups) != n_units:
        raise AgreementInputError(
            f"document {name!r} has {n_units} units but {len(document.unit_groups)} group labels"
        )
    groups = np.empty(n_units, dtype=object)
    groups[:] = list(document.unit_groups)
    return groups


def _in_group(groups: np.ndarray | None, group: Hashable) -> np.ndarray:
    assert groups is not None
    return np.fromiter((label == group for label in groups), dtype=bool, count=len(groups))


def _group_order(rows: dict[str, _CodeRows], codes: tuple[str, ...]) -> list[Hashable]:
    seen: dict[Hashable, None] = {}
    for code in codes:
        groups = rows[code].groups
        if groups is not None:
            seen.update(dict.fromkeys(groups.tolist()))
    try:
        return sorted(seen)  # type: ignore[type-var]
    except TypeError:
        return list(seen)


def _sorted_union(collections: Iterable[Iterable[str]]) -> tuple[str, ...]:
    union: set[str] = set()
    for collection in collections:
        union.update(collection)
    return tuple(sorted(union))
