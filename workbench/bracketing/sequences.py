"""Comparing cases' phase sequences: optimal matching distances and path types.

Sequence analysis (Abbott) reads each case as a string of phase labels, one per time bin,
and asks how much editing turns one case's string into another's. Optimal matching (OM)
allows two operations: *substitute* one label for another (cost ``sub[a, b]``) and
*insert or delete* one label (cost ``indel``); the distance is the cheapest edit script.
This follows TraMineR's ``seqdist(method="OM")``:

* substitution costs are either **constant** (2 for every pair of different labels, as
  ``seqsubm(method="CONSTANT")``) or derived from **transition rates** (``"TRATE"``:
  ``2 - P(b|a) - P(a|b)``, with ``P(b|a)`` the share of bins in phase ``a`` followed by a
  bin in ``b`` over all cases): phases that often follow one another are cheap to swap;
* the indel cost defaults to half the largest substitution cost (TraMineR's
  ``indel="auto"``), so one substitution never costs more than a deletion plus an
  insertion;
* normalised variants: ``maxlength`` divides by the longer sequence's length (Abbott's
  normalisation, TraMineR norm 1) and ``maxdist`` by the largest distance two sequences
  of those lengths can have, ``|m - n| indel + min(m, n) max(sub)`` (norm 3), so it lies
  in [0, 1].

What a distance means: with constant costs, a case that crosses a frontier ``s`` bins
later than another is ``s`` substitutions (or ``s`` deletions and ``s`` insertions) away,
so OM distances between paths through the same phases grow with the difference in
timing; a case that skips a phase differs by the whole phase's length. They do not say
*why* cases differ, and they depend on the bin width (a quarter counts once, a month three
times).

Path types: cases are grouped by agglomerative clustering of the distance matrix (Ward's
criterion, as ``hclust(method="ward.D2")`` and scipy's ``ward``, or average linkage), implemented
here with the Lance-Williams update so the package needs only NumPy. The number of types
is the one with the highest mean silhouette width (Kaufman and Rousseeuw) over 2..``max_types``
among the groupings that qualify: every type holds at least ``min_type_share`` of the cases
(and 2), and every two types' medoids are at least ``min_gap_bins`` differing bins apart.
Silhouette alone is blind to scale: cases that share a sequence to the bin form tiny clusters
with a width near 1, and cases on one path split into "types" a quarter apart (on generated
corpora with every case on time it found 3 or 4). When no grouping qualifies, or the best has
a mean width below 0.25 ("no substantial structure" in their reading), the cases are reported
as one type and the result says so; ``n_types`` overrides the rule. Each type is described
by its medoid: the member with the smallest total distance to the other members.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.bracketing.result import to_jsonable

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from workbench.bracketing.case_results import CaseShiftResult

__all__ = [
    "MIN_SILHOUETTE",
    "PathTypeResult",
    "PathTypesResult",
    "case_sequence",
    "cut_tree",
    "linkage",
    "medoid",
    "om_distance",
    "om_matrix",
    "path_types",
    "silhouette",
    "substitution_costs",
    "transition_rates",
]

MIN_SILHOUETTE = 0.25
NEAR_TIE = 0.1  # groupings this close in mean silhouette to the chosen one are named
NORMS = ("none", "maxlength", "maxdist")
COSTS = ("constant", "trate")
LINKAGES = ("ward", "average")


# --------------------------------------------------------------------------- sequences


def case_sequence(
    case: CaseShiftResult, bin_starts: Sequence[dt.date], bin_ends: Sequence[dt.date]
) -> tuple[int, tuple[int, ...], int]:
    """A case's phase per pooled bin, from its reading through the pooled phases.

    Returns (index of its first bin, the phase index per bin, how many of its frontiers
    are best guesses). The sequence runs from the bin of the case's first coding to the bin
    of its last; a bin is in the phase after pooled frontier j when its middle falls on or
    after the case's crossing of j. A frontier the case does not cross keeps it in the
    earlier phases, unless its material reads as the later phases from its start (then it
    is past the frontier throughout). A frontier whose crossing is "too few events to tell"
    is placed at its best guess, and counted.
    """
    if case.first_date is None or case.last_date is None or not bin_starts:
        return 0, (), 0
    first = max(0, sum(1 for s in bin_starts if s <= case.first_date) - 1)
    last = max(first, sum(1 for s in bin_starts if s <= case.last_date) - 1)
    guesses = sum(1 for f in case.frontiers if f.status == "too few events to tell")
    out = []
    for b in range(first, last + 1):
        middle = bin_starts[b] + (bin_ends[b] - bin_starts[b]) / 2
        phase = 0
        for f in case.frontiers:
            if f.date is not None:
                past = middle >= f.date
            else:  # not crossed: before throughout, or after from the start
                past = f.weight_after > f.weight_before
            if not past:
                break
            phase = f.frontier + 1
        out.append(phase)
    return first, tuple(out), guesses


# --------------------------------------------------------------------------- costs


def transition_rates(sequences: Sequence[Sequence[int]], n_states: int) -> np.ndarray:
    """``P(b | a)``: the share of positions in state ``a`` followed by ``b`` (as ``seqtrate``).

    A state never followed by anything has a row of zeros.
    """
    counts = np.zeros((n_states, n_states))
    for s in sequences:
        arr = np.asarray(s, dtype=np.int64)
        if arr.size > 1:
            np.add.at(counts, (arr[:-1], arr[1:]), 1.0)
    totals = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def substitution_costs(
    sequences: Sequence[Sequence[int]], n_states: int, method: str = "constant", cval: float = 2.0
) -> np.ndarray:
    """A symmetric substitution-cost matrix with a zero diagonal (TraMineR's ``seqsubm``)."""
    if method == "constant":
        costs = np.full((n_states, n_states), float(cval))
    elif method == "trate":
        rates = transition_rates(sequences, n_states)
        costs = 2.0 - rates - rates.T
    else:
        raise ValueError(f"unknown substitution costs {method!r} (one of {', '.join(COSTS)})")
    np.fill_diagonal(costs, 0.0)
    return costs


def default_indel(sub: np.ndarray) -> float:
    """Half the largest substitution cost (TraMineR's ``indel="auto"``), at least 0.5."""
    return max(float(sub.max()) / 2.0, 0.5) if sub.size else 1.0


# --------------------------------------------------------------------------- distances


def om_distance(a: Sequence[int], b: Sequence[int], sub: np.ndarray, indel: float) -> float:
    """The OM distance between two sequences (the plain dynamic programme, for reference)."""
    m, n = len(a), len(b)
    prev = [j * indel for j in range(n + 1)]
    for i in range(1, m + 1):
        row = [i * indel] + [0.0] * n
        for j in range(1, n + 1):
            row[j] = min(
                prev[j] + indel,
                row[j - 1] + indel,
                prev[j - 1] + float(sub[a[i - 1], b[j - 1]]),
            )
        prev = row
    return prev[n]


def _max_distance(m: np.ndarray, n: np.ndarray, sub: np.ndarray, indel: float) -> np.ndarray:
    top = min(float(sub.max()) if sub.size else 0.0, 2.0 * indel)
    return np.abs(m - n) * indel + np.minimum(m, n) * top


def om_matrix(
    sequences: Sequence[Sequence[int]],
    sub: np.ndarray,
    indel: float,
    norm: str = "none",
) -> np.ndarray:
    """All pairwise OM distances, the pairs computed together (one row of the programme at a
    time for every pair; insertions along a row are a running minimum)."""
    if norm not in NORMS:
        raise ValueError(f"unknown normalisation {norm!r} (one of {', '.join(NORMS)})")
    n_seq = len(sequences)
    out = np.zeros((n_seq, n_seq))
    if n_seq < 2:
        return out
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    width = int(lengths.max())
    pad = sub.shape[0]
    padded = np.full((n_seq, max(width, 1)), pad, dtype=np.int64)
    for i, s in enumerate(sequences):
        padded[i, : len(s)] = s
    big = np.zeros((pad + 1, pad + 1))
    big[:pad, :pad] = sub
    left, right = np.triu_indices(n_seq, k=1)
    la, lb = lengths[left], lengths[right]
    steps = np.arange(width + 1, dtype=float)[:, None] * indel  # (width + 1, 1)
    row = np.repeat(steps, left.size, axis=1)  # D[0, j] = j * indel
    raw = np.where(la == 0, row[lb, np.arange(left.size)], 0.0)
    cols = np.arange(left.size)
    for i in range(1, width + 1):
        cost = big[padded[left, i - 1][None, :], padded[right, :].T]  # (width, pairs)
        cand = np.empty_like(row)
        cand[0] = i * indel
        cand[1:] = np.minimum(row[1:] + indel, row[:-1] + cost)
        # D[i, j] = min_k<=j (cand[k] + (j - k) indel): a running minimum
        row = np.minimum.accumulate(cand - steps, axis=0) + steps
        done = la == i
        raw[done] = row[lb[done], cols[done]]
    out[left, right] = raw
    out[right, left] = raw
    return normalise(out, lengths, sub, indel, norm)


def normalise(
    raw: np.ndarray, lengths: np.ndarray, sub: np.ndarray, indel: float, norm: str
) -> np.ndarray:
    """Raw OM distances normalised as TraMineR's ``maxlength`` (1) or ``maxdist`` (3)."""
    if norm not in NORMS:
        raise ValueError(f"unknown normalisation {norm!r} (one of {', '.join(NORMS)})")
    if norm == "none":
        return raw
    la, lb = lengths[:, None], lengths[None, :]
    if norm == "maxlength":
        top = np.maximum(la, lb).astype(float)
    else:
        top = _max_distance(la, lb, sub, indel).astype(float)
    out = np.divide(raw, top, out=np.where(raw > 0, 1.0, 0.0), where=top > 0)
    np.fill_diagonal(out, 0.0)
    return out


# --------------------------------------------------------------------------- clustering


def linkage(dist: np.ndarray, method: str = "ward") -> np.ndarray:
    """Agglomerative clustering of a square distance matrix, in scipy's linkage format.

    Row ``t`` merges clusters ``Z[t, 0]`` and ``Z[t, 1]`` (ids >= n are earlier merges) at
    height ``Z[t, 2]`` into a cluster of ``Z[t, 3]`` members. ``ward`` is the Lance-Williams
    form of Ward's criterion on distances (R's ``ward.D2``); ``average`` is UPGMA.
    """
    if method not in LINKAGES:
        raise ValueError(f"unknown linkage {method!r} (one of {', '.join(LINKAGES)})")
    n = dist.shape[0]
    d = np.array(dist, dtype=float)
    np.fill_diagonal(d, np.inf)
    size = np.ones(n)
    ids = list(range(n))
    alive = np.ones(n, dtype=bool)
    z = np.zeros((max(n - 1, 0), 4))
    for t in range(n - 1):
        masked = np.where(alive[:, None] & alive[None, :], d, np.inf)
        flat = int(np.argmin(masked))
        i, j = divmod(flat, n)
        i, j = min(i, j), max(i, j)
        h = float(d[i, j])
        ni, nj = size[i], size[j]
        others = alive.copy()
        others[[i, j]] = False
        if method == "average":
            new = (ni * d[i] + nj * d[j]) / (ni + nj)
        else:
            nk = size
            total = ni + nj + nk
            sq = ((ni + nk) * d[i] ** 2 + (nj + nk) * d[j] ** 2 - nk * h**2) / total
            new = np.sqrt(np.maximum(sq, 0.0))
        z[t] = (min(ids[i], ids[j]), max(ids[i], ids[j]), h, ni + nj)
        d[i, others] = new[others]
        d[others, i] = new[others]
        d[j, :] = np.inf
        d[:, j] = np.inf
        alive[j] = False
        size[i] = ni + nj
        ids[i] = n + t
    return z


def cut_tree(z: np.ndarray, n: int, k: int) -> np.ndarray:
    """Cluster labels 0..k-1 for ``k`` clusters (undo the last k-1 merges), numbered by
    each cluster's first member."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members: dict[int, int] = {i: i for i in range(n)}  # cluster id -> a leaf in it
    for t in range(n - k):
        a, b = int(z[t, 0]), int(z[t, 1])
        ra, rb = find(members[a]), find(members[b])
        parent[rb] = ra
        members[n + t] = ra
    roots = [find(i) for i in range(n)]
    order = {r: c for c, r in enumerate(dict.fromkeys(roots))}
    return np.array([order[r] for r in roots], dtype=np.int64)


def silhouette(dist: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Each member's silhouette width ``(b - a) / max(a, b)`` (0 for a singleton's member)."""
    n = labels.size
    widths = np.zeros(n)
    clusters = np.unique(labels)
    if clusters.size < 2:
        return widths
    for i in range(n):
        own = labels == labels[i]
        if own.sum() <= 1:
            continue
        a = dist[i, own].sum() / (own.sum() - 1)
        b = min(dist[i, labels == c].mean() for c in clusters if c != labels[i])
        top = max(a, b)
        widths[i] = 0.0 if top == 0 else (b - a) / top
    return widths


def _separated(raw: np.ndarray, labels: np.ndarray, floor: float) -> bool:
    """Whether every two types' medoids are at least ``floor`` apart (raw distance)."""
    meds = [medoid(raw, np.flatnonzero(labels == c)) for c in np.unique(labels)]
    return all(raw[a, b] >= floor for i, a in enumerate(meds) for b in meds[i + 1 :])


def medoid(dist: np.ndarray, members: np.ndarray) -> int:
    """The member with the smallest total distance to the others (the first on ties)."""
    sub = dist[np.ix_(members, members)]
    return int(members[int(np.argmin(sub.sum(axis=1)))])


# --------------------------------------------------------------------------- path types


@dataclasses.dataclass(frozen=True, slots=True)
class PathTypeResult:
    """One path type: its medoid case and sequence, its members, how tight it is."""

    number: int
    medoid: str
    medoid_path: str  # the medoid's sequence as spells, e.g. "A (12) > B (8)"
    members: tuple[str, ...]
    mean_distance: float  # members' mean distance to the medoid
    silhouette: float | None  # members' mean silhouette width (None with one type)


@dataclasses.dataclass(frozen=True, slots=True)
class PathTypesResult:
    """Cases' phase sequences compared: distances, path types and the rules used."""

    states: tuple[str, ...]
    bin_unit: str
    cases: tuple[str, ...]
    sequences: tuple[tuple[int, ...], ...]
    starts: tuple[int, ...]  # index of each case's first bin on the pooled timeline
    substitution: str
    sub_costs: tuple[tuple[float, ...], ...]
    indel: float
    norm: str
    distances: tuple[tuple[float, ...], ...]  # normalised as ``norm`` says
    raw_distances: tuple[tuple[float, ...], ...]
    linkage: str
    rule: str
    silhouettes: tuple[tuple[int, float], ...]  # (k, mean width) for each k tried
    types: tuple[PathTypeResult, ...]
    assignment: tuple[int, ...]  # each case's type number
    note: str
    guessed: tuple[str, ...] = ()  # cases whose sequence places a frontier at a best guess
    skipped: tuple[str, ...] = ()  # cases left out (too small, or no codings)

    def to_dict(self) -> dict[str, Any]:
        converted = to_jsonable(self)
        assert isinstance(converted, dict)
        return converted


def spells(sequence: Sequence[int], states: Sequence[str]) -> str:
    """A sequence written as its spells: ``"A (12) > B (8)"``."""
    parts: list[str] = []
    run = 0
    for i, s in enumerate(sequence):
        run += 1
        if i + 1 == len(sequence) or sequence[i + 1] != s:
            parts.append(f"{states[s]} ({run})")
            run = 0
    return " > ".join(parts) or "empty"


def path_types(
    cases: Sequence[str],
    sequences: Sequence[Sequence[int]],
    states: Sequence[str],
    *,
    starts: Sequence[int] | None = None,
    bin_unit: str = "bin",
    substitution: str = "constant",
    indel: float | None = None,
    norm: str = "maxdist",
    method: str = "ward",
    max_types: int = 8,
    min_silhouette: float = MIN_SILHOUETTE,
    min_type_share: float = 0.1,
    min_gap_bins: int = 1,
    n_types: int | None = None,
) -> PathTypesResult:
    """Distances between the cases' sequences and their grouping into path types.

    ``n_types`` overrides the rule (the tree is cut there; the note says what the rule
    would have chosen).
    """
    n = len(cases)
    if len(sequences) != n:
        raise ValueError("one sequence per case")
    if n_types is not None and not 1 <= n_types <= max(n, 1):
        raise ValueError(f"the number of types must be between 1 and the {n} cases")
    n_states = len(states)
    sub = substitution_costs(sequences, n_states, substitution)
    gap = default_indel(sub) if indel is None else float(indel)
    if gap <= 0:
        raise ValueError("the indel cost must be positive")
    raw = om_matrix(sequences, sub, gap, "none")
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    dist = normalise(raw, lengths, sub, gap, norm)
    rule = (
        f"{method} linkage of the {norm if norm != 'none' else 'raw'} OM distances; the number "
        f"of types is the one with the highest mean silhouette width over 2..{max_types} "
        f"among groupings whose every type has at least {min_type_share:.0%} of the cases "
        f"(and 2) and whose types' medoids differ by at least {min_gap_bins} {bin_unit}s "
        f"(raw distance {min_gap_bins * 2 * gap:g}), and one type when that is below "
        f"{min_silhouette}"
    )
    # a "type" of one or two cases is an outlier, not a path type; and cases that follow
    # the same sequence to the bin make small clusters with a silhouette near 1, which would
    # otherwise win over the real grouping
    smallest = max(2, round(min_type_share * n))
    # types whose medoids differ by a bin or two are noise in the crossings (or cases
    # observed a little longer), not different paths: each differing bin costs up to
    # 2 x indel, and medoids must differ by at least ``min_gap_bins`` such bins
    floor = min_gap_bins * 2.0 * gap
    tried: list[tuple[int, float]] = []
    labels = np.zeros(n, dtype=np.int64)
    note = ""
    if n < 3:
        note = f"{n} case{'' if n == 1 else 's'} with a sequence: too few to group into types"
    elif not np.any(dist > 0):
        note = "every case follows the same sequence"
    else:
        z = linkage(dist, method)
        best_k, best_w = 1, -1.0
        qualified: list[tuple[int, float]] = []
        for k in range(2, min(max_types, n // smallest) + 1):
            cut = cut_tree(z, n, k)
            width = float(silhouette(dist, cut).mean())
            tried.append((k, round(width, 4)))
            if np.bincount(cut).min() < smallest or not _separated(raw, cut, floor):
                continue
            qualified.append((k, width))
            if width > best_w + 1e-12:
                best_k, best_w, labels = k, width, cut
        chosen = best_k if best_w >= min_silhouette else 1
        close = [
            (k, w)
            for k, w in qualified
            if k != best_k and w >= min_silhouette and w >= best_w - NEAR_TIE
        ]
        if n_types is not None:
            labels = cut_tree(z, n, n_types)
            note = (
                f"{n_types} types as asked; the rule would give {chosen}"
                if n_types != chosen
                else ""
            )
        elif best_w < min_silhouette:
            labels = np.zeros(n, dtype=np.int64)
            note = (
                f"no clear path types: the best grouping ({best_k} types) has a mean "
                f"silhouette of {best_w:.2f}, below {min_silhouette}"
                if best_k > 1
                else f"no grouping into types of at least {smallest} cases whose medoids "
                f"differ by at least {min_gap_bins} {bin_unit}s"
            )
        elif close:
            others = ", ".join(f"{k} types ({w:.2f})" for k, w in close)
            note = (
                f"a near tie: {others} against {best_k} types ({best_w:.2f}); "
                "the table shows the chosen grouping"
            )
    widths = silhouette(dist, labels)
    types = []
    for c in range(int(labels.max()) + 1 if n else 0):
        members = np.flatnonzero(labels == c)
        m = medoid(dist, members)
        types.append(
            PathTypeResult(
                number=c + 1,
                medoid=cases[m],
                medoid_path=spells(sequences[m], states),
                members=tuple(cases[int(i)] for i in members),
                mean_distance=float(dist[m, members].sum() / max(members.size - 1, 1)),
                silhouette=float(widths[members].mean()) if labels.max() > 0 else None,
            )
        )
    return PathTypesResult(
        states=tuple(states),
        bin_unit=bin_unit,
        cases=tuple(cases),
        sequences=tuple(tuple(int(x) for x in s) for s in sequences),
        starts=tuple(starts) if starts is not None else (0,) * n,
        substitution=substitution,
        sub_costs=tuple(tuple(float(x) for x in r) for r in sub),
        indel=gap,
        norm=norm,
        distances=tuple(tuple(float(x) for x in r) for r in dist),
        raw_distances=tuple(tuple(float(x) for x in r) for r in raw),
        linkage=method,
        rule=rule,
        silhouettes=tuple(tried),
        types=tuple(types),
        assignment=tuple(int(x) + 1 for x in labels),
        note=note,
    )
