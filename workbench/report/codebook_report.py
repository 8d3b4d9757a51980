"""The codebook as a methods appendix: definitions, criteria, examples and frequencies.

A codebook appendix is what lets a reader judge whether "adaptation" meant the same thing
in every quote; the frequencies (per case, per phase) show where each code did its work.
Codes appear in codebook order with children under their parents, each with its
definition, when to use it and when not (and what to use instead), its examples, and how
often it was applied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.formatting import plural
from workbench.report.memo_blocks import LEFT_OUT, memo_table
from workbench.report.model import (
    BulletList,
    Column,
    DefinitionList,
    Paragraph,
    Report,
    Section,
    Table,
    slug,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from workbench.report.inputs import CodebookInfo, CodeDefinition, Provenance
    from workbench.report.matrices import MatrixResult
    from workbench.report.model import Block, CellValue, MemoNote


def build_codebook_report(
    codes: Sequence[CodeDefinition],
    *,
    provenance: Provenance,
    codebooks: Sequence[CodebookInfo] = (),
    by_case: MatrixResult | None = None,
    by_phase: MatrixResult | None = None,
    documents_per_code: Mapping[str, int] | None = None,
    coder_note: str = "",
    scheme: str | None = None,
    scheme_note: str = "",
    project_memos: Sequence[MemoNote] = (),
    code_memos: Mapping[str, Sequence[MemoNote]] | None = None,
    memos_left_out: bool = False,
) -> Report:
    """``by_case`` and ``by_phase`` count each code's own segments (rows are code ids).

    ``project_memos`` follow the introduction; ``code_memos`` (by code id) each code's
    definition."""
    documents_per_code = documents_per_code or {}
    code_memos = code_memos or {}
    subtree = _subtree_totals(codes)
    active = [c for c in codes if c.status == "active"]
    intro: list[Block] = []
    for book in codebooks:
        line = f"{book.name} (id {book.id}" + (
            f", version {book.version})" if book.version else ")"
        )
        intro.append(
            Paragraph(line + (f": {book.description.strip()}" if book.description else "."))
        )
    intro.append(
        Paragraph(
            f"{plural(len(active), 'active code')}"
            + (
                f" ({len(codes) - len(active)} retired or merged)"
                if len(codes) > len(active)
                else ""
            )
            + f", {plural(sum(1 for c in active if c.depth == 0), 'top-level code')}. "
            + coder_note
            + (f" {LEFT_OUT}" if memos_left_out else "")
        )
    )
    sections = [Section("About this codebook", tuple(intro), id="about")]
    if project_memos:
        sections.append(
            Section(
                "Project memos",
                (
                    Paragraph(
                        "What the researchers wrote about the study as a whole.", style="note"
                    ),
                    *project_memos,
                ),
                id="project-memos",
            )
        )
    frequency_blocks: list[Block] = [_overview(codes, subtree, documents_per_code)]
    if by_case is not None:
        frequency_blocks.append(
            _matrix_table("by-case", "Segments per code and case", codes, by_case)
        )
    if by_phase is not None:
        frequency_blocks.append(
            _matrix_table(
                "by-phase",
                f"Segments per code and phase (scheme “{scheme}”)",
                codes,
                by_phase,
                note="A dated segment counts in the phase holding the middle of its date range.",
            )
        )
    elif scheme_note:
        frequency_blocks.append(Paragraph(scheme_note, style="note"))
    sections.append(Section("Frequencies", tuple(frequency_blocks), id="frequencies"))
    sections.append(_definitions(codes, by_case, by_phase, subtree, documents_per_code, code_memos))
    names = {c.id: c.path for c in codes}
    memo_rows = [("project", "the project", m) for m in project_memos]
    memo_rows += [
        ("code", names.get(code, code), m) for code, memos in code_memos.items() for m in memos
    ]
    return Report(
        kind="codebook",
        title="Codebook" + (f": {codebooks[0].name}" if len(codebooks) == 1 else ""),
        subtitle=f"{provenance.project} · {plural(len(active), 'code')} · {provenance.date}",
        sections=tuple(sections),
        manifest=(
            *provenance.manifest(),
            ("Scheme", scheme or "none"),
            ("Memos", "left out" if memos_left_out else "shown"),
        ),
        extra_tables=(
            _definitions_table(codes),
            *((memo_table(memo_rows),) if memo_rows else ()),
        ),
        primary_table="codes",
        generated=provenance.generated,
        metadata={"project": provenance.project},
    )


def _subtree_totals(codes: Sequence[CodeDefinition]) -> dict[str, int]:
    """Each code's segments including all its descendants' (a parent's count in the tree)."""
    totals = {c.id: c.codings for c in codes}
    for code in sorted(codes, key=lambda c: -c.depth):
        if code.parent is not None and code.parent in totals:
            totals[code.parent] += totals[code.id]
    return totals


def _overview(
    codes: Sequence[CodeDefinition], subtree: dict[str, int], documents: Mapping[str, int]
) -> Table:
    return Table(
        "codes",
        "Codes and how often they were applied",
        (
            Column("code_id", "Id"),
            Column("code", "Code"),
            Column("path", "Path", display=False),
            Column("status", "Status", display=False),
            Column("segments", "Segments", "int"),
            Column("with_children", "With sub-codes", "int"),
            Column("documents", "Documents", "int"),
        ),
        tuple(
            (
                c.id,
                _indent(c),
                c.path,
                c.status,
                c.codings,
                subtree.get(c.id, c.codings),
                documents.get(c.id, 0),
            )
            for c in codes
        ),
        notes=(
            "Segments: coded with this code itself. With sub-codes: this code and every code "
            "beneath it. Documents: documents with at least one segment of the code itself.",
        ),
    )


def _indent(code: CodeDefinition) -> str:
    name = "– " * code.depth + code.name
    return name if code.status == "active" else f"{name} ({code.status})"


def _matrix_table(
    table_id: str,
    title: str,
    codes: Sequence[CodeDefinition],
    matrix: MatrixResult,
    note: str | None = None,
) -> Table:
    index = {c: i for i, c in enumerate(matrix.rows)}
    rows: list[tuple[CellValue, ...]] = []
    for c in codes:
        values = matrix.values[index[c.id]] if c.id in index else (0,) * len(matrix.columns)
        rows.append((c.id, _indent(c), *values, sum(values)))
    columns = (
        Column("code_id", "Code id", display=False),
        Column("code", "Code"),
        *(Column(name, name, "int") for name in matrix.columns),
        Column("total", "Total", "int"),
    )
    return Table(
        table_id,
        title,
        columns,
        tuple(rows),
        notes=(note,) if note else (),
        wide=len(columns) > 10,
        vertical_headers=True,
    )


def _definitions(
    codes: Sequence[CodeDefinition],
    by_case: MatrixResult | None,
    by_phase: MatrixResult | None,
    subtree: dict[str, int],
    documents: Mapping[str, int],
    memos: Mapping[str, Sequence[MemoNote]],
) -> Section:
    children: dict[str | None, list[CodeDefinition]] = {}
    for c in codes:
        children.setdefault(c.parent, []).append(c)
    known = {c.id for c in codes}

    def section(code: CodeDefinition) -> Section:
        return Section(
            code.name if code.status == "active" else f"{code.name} ({code.status})",
            (*_code_blocks(code, by_case, by_phase, subtree, documents), *memos.get(code.id, ())),
            tuple(section(child) for child in children.get(code.id, [])),
            id=f"code-{slug(code.id)}",
        )

    roots = [c for c in codes if c.parent is None or c.parent not in known]
    return Section(
        "Definitions",
        (
            Paragraph(
                "Each code with its definition, when to apply it, when not to (and what to "
                "use instead), examples from the codebook, where it was applied, and the "
                "coders' memos on it.",
                style="note",
            ),
        ),
        tuple(section(c) for c in roots),
        id="definitions",
    )


def _code_blocks(
    code: CodeDefinition,
    by_case: MatrixResult | None,
    by_phase: MatrixResult | None,
    subtree: dict[str, int],
    documents: Mapping[str, int],
) -> tuple[Block, ...]:
    items: list[tuple[str, str]] = [("Id", code.id)]
    if code.depth:
        items.append(("Path", code.path))
    for term, text in (
        ("Definition", code.description),
        ("Use when", code.inclusion),
        ("Do not use when", code.exclusion),
    ):
        if text:
            items.append((term, " ".join(text.split())))
    if code.keywords or code.synonyms:
        items.append(("Keywords", ", ".join((*code.keywords, *code.synonyms))))
    if code.phase_markers:
        items.append(("Phase markers", ", ".join(code.phase_markers)))
    frequency = (
        f"{plural(code.codings, 'segment')} in {plural(documents.get(code.id, 0), 'document')}"
    )
    if subtree.get(code.id, code.codings) != code.codings:
        frequency += f" ({subtree[code.id]} with sub-codes)"
    items.append(("Applied", frequency))
    for label, matrix in (("By case", by_case), ("By phase", by_phase)):
        if matrix is not None and code.id in matrix.rows:
            row = matrix.values[matrix.rows.index(code.id)]
            spread = ", ".join(
                f"{name} {n}" for name, n in zip(matrix.columns, row, strict=True) if n
            )
            if spread:
                items.append((label, spread))
    blocks: list[Block] = [DefinitionList(tuple(items))]
    if code.examples:
        blocks.append(Paragraph("Examples:"))
        blocks.append(BulletList(tuple(" ".join(e.split()) for e in code.examples)))
    return tuple(blocks)


def _definitions_table(codes: Sequence[CodeDefinition]) -> Table:
    return Table(
        "definitions",
        "Code definitions",
        (
            Column("code_id", "Id"),
            Column("name", "Name"),
            Column("path", "Path"),
            Column("parent_id", "Parent id"),
            Column("depth", "Depth", "int"),
            Column("status", "Status"),
            Column("description", "Definition"),
            Column("inclusion", "Use when"),
            Column("exclusion", "Do not use when"),
            Column("examples", "Examples"),
            Column("keywords", "Keywords"),
            Column("phase_markers", "Phase markers"),
            Column("segments", "Segments", "int"),
        ),
        tuple(
            (
                c.id,
                c.name,
                c.path,
                c.parent,
                c.depth,
                c.status,
                c.description,
                c.inclusion,
                c.exclusion,
                " | ".join(c.examples) or None,
                ", ".join((*c.keywords, *c.synonyms)) or None,
                ", ".join(c.phase_markers) or None,
                c.codings,
            )
            for c in codes
        ),
        shown=False,
    )
