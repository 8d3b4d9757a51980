"""The rule-based phase map's markers, read from the codebook.

Codebook codes carry ``phase_markers`` (the phases a code marks). Bracketing counts
themes, which are codes or, with ``level``, the codes they roll up to; each theme marks
the phases of the codes it stands for. A theme whose codes mark different phases splits
its weight between them, and the run says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.bracketing.phasemap import PhaseMapRules
from workbench.core.errors import InputError
from workbench.services.resolve import CodeResolver

if TYPE_CHECKING:
    from workbench.store.project import Project

__all__ = ["PhaseMapSetup", "phase_map_rules"]


@dataclass(frozen=True, slots=True)
class PhaseMapSetup:
    """The rules for the engine, theme names for display, and what the reader should know."""

    rules: PhaseMapRules
    theme_names: dict[str, str]
    notes: tuple[str, ...]


def phase_map_rules(
    project: Project,
    *,
    level: int | None = None,
    min_run: int = 3,
    max_interruption: int = 1,
    max_gap: int | None = 1,
    mixed_min_share: float = 0.25,
    dominance: float = 0.6,
) -> PhaseMapSetup:
    """The codebook's phase markers as themes -> phases, with the parsing rules."""
    with project.reader() as uow:
        resolver = CodeResolver(uow.session)
        pairs: set[tuple[str, str]] = set()
        names: dict[str, str] = {}
        for code in resolver.codes.values():
            if not code.phase_markers:
                continue
            chain = [code]
            while chain[-1].parent_id is not None:
                chain.append(resolver.codes[chain[-1].parent_id])
            chain.reverse()
            theme = chain[min(level, len(chain) - 1)] if level is not None else code
            names[theme.guid] = resolver.path(theme)
            pairs |= {(theme.guid, str(phase)) for phase in code.phase_markers}
    if not pairs:
        raise InputError(
            "the codebook marks no phase: give codes phase_markers: [PHASE] in the codebook "
            "YAML to map phases"
        )
    notes = []
    by_theme: dict[str, list[str]] = {}
    for theme, phase in sorted(pairs):
        by_theme.setdefault(theme, []).append(phase)
    split = [f"{names[t]} ({', '.join(p)})" for t, p in by_theme.items() if len(p) > 1]
    if split:
        notes.append(
            "themes marking more than one phase split their weight between them: "
            + "; ".join(split[:5])
            + (f" and {len(split) - 5} more" if len(split) > 5 else "")
        )
    rules = PhaseMapRules(
        markers=tuple(sorted(pairs)),
        min_run=min_run,
        max_interruption=max_interruption,
        max_gap=max_gap,
        mixed_min_share=mixed_min_share,
        dominance=dominance,
    )
    return PhaseMapSetup(rules, names, tuple(notes))
