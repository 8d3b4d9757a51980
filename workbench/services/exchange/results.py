"""What an export wrote and what an import did: the lines the CLI prints, the audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: str  # qdpx | qdc
    size: int
    coders: int = 0
    codes: int = 0
    documents: int = 0
    codings: int = 0
    memos: int = 0
    cases: int = 0
    events: int = 0
    phases: int = 0
    offsets: str = "codepoints"

    def describe(self) -> str:
        if self.format == "qdc":
            return f"wrote {self.path} ({self.codes} codes)"
        return (
            f"wrote {self.path}: {self.documents} documents, {self.codes} codes, "
            f"{self.coders} coders, {self.codings} codings, {self.memos} memos, "
            f"{self.cases} cases, {self.events} own event dates, {self.phases} phases; "
            + (
                "positions in UTF-16 code units (for NVivo)"
                if self.offsets == "utf16"
                else "positions in code points"
            )
        )


@dataclass(frozen=True, slots=True)
class RefiImportResult:
    """What an import added, what it found already there, and what it left out."""

    path: str
    format: str  # qdpx | qdc
    codebook: str | None
    documents: int = 0
    documents_matched: int = 0
    codes: int = 0
    codes_matched: int = 0
    coders: int = 0
    codings: int = 0
    codings_present: int = 0
    memos: int = 0
    cases: int = 0
    phases: int = 0
    event_dates: int = 0
    characters: int = 0
    turns: int = 0
    sentences: int = 0
    mentions: int = 0
    indicators: int = 0
    decisions: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """What the file was, in words: "REFI-QDA project" or "REFI-QDA codebook"."""
        return "REFI-QDA codebook" if self.format == "qdc" else "REFI-QDA project"

    def describe(self) -> str:
        """One line for the CLI."""
        if self.format == "qdc":
            return (
                f"imported {self.codes} codes into codebook {self.codebook!r} "
                f"({self.codes_matched} already there)"
            )
        return (
            f"imported {self.documents} documents ({self.documents_matched} already there), "
            f"{self.codes} codes ({self.codes_matched} already there), {self.coders} coders, "
            f"{self.codings} codings ({self.codings_present} already there), "
            f"{self.memos} memos, {self.cases} cases, {self.phases} phases, "
            f"{self.event_dates} event dates, {self.indicators} indicators, "
            f"{self.decisions} adjudication decisions"
        )


def audit_of(result: RefiImportResult) -> dict[str, Any]:
    return {
        k: getattr(result, k)
        for k in (
            "format",
            "codebook",
            "documents",
            "documents_matched",
            "codes",
            "codes_matched",
            "coders",
            "codings",
            "codings_present",
            "memos",
            "cases",
            "phases",
            "event_dates",
            "indicators",
            "decisions",
        )
    } | {"warnings": len(result.warnings)}
