"""A codebook as read from YAML: frozen, validated, in tree order."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """One code as the codebook file defines it. ``id`` is stable across revisions."""

    id: str
    name: str
    parent: str | None = None
    description: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    examples: tuple[str, ...] = ()
    colour: str | None = None
    shortcut: str | None = None
    keywords: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    phase_markers: tuple[str, ...] = ()
    status: str = "active"
    ordinal: int = 0
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Codebook:
    id: str
    name: str
    codes: tuple[CodeSpec, ...]
    version: str | None = None
    description: str | None = None
    path: str | None = None
    by_id: dict[str, CodeSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({c.id: c for c in self.codes})

    def path_of(self, code_id: str) -> str:
        """``Parent/Child`` names from the root, as researchers refer to codes."""
        names: list[str] = []
        current: str | None = code_id
        while current is not None:
            spec = self.by_id[current]
            names.append(spec.name)
            current = spec.parent
        return "/".join(reversed(names))

    def depth_of(self, code_id: str) -> int:
        depth, current = 0, self.by_id[code_id].parent
        while current is not None:
            depth, current = depth + 1, self.by_id[current].parent
        return depth
