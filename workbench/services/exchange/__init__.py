"""REFI-QDA exchange: export a project (``.qdpx``) or codebook (``.qdc``), import either.

Export reads the project into the plain values of ``workbench.interop.refi``
(one read transaction, plus the event dates as ``collect_events`` resolves them)
and writes the file atomically. Import reads and checks the whole file first
(``read_qdpx`` / ``read_qdc``: nothing is stored if any of it is wrong), analyses
the new documents' texts as a document import does (speaker turns, sentences,
date mentions), then writes everything in one transaction: a failure at any
point leaves the project as it was. Only the copies of the source texts kept
under ``sources/`` may precede the commit; they are content-addressed, so a
leftover is harmless and a retry reuses it.

Re-importing is safe: what the project already holds is matched and kept, not
duplicated. Codes match by id (a file's GUID, or the workbench id its extension
data names) or by the GUID the workbench exports them under; coders by handle or
exported GUID; documents by GUID (same text required) or, failing that, by
identical text; codings by GUID or by the same span, code and coder; memos by GUID;
cases by name; a bracket scheme by name when its phases are the same (a
different scheme of the same name is imported as "<name> (imported)").
"""

from __future__ import annotations

from workbench.services.exchange.export import export_qdc, export_qdpx, read_project
from workbench.services.exchange.importing import import_qdc, import_qdpx, import_refi
from workbench.services.exchange.results import ExportResult, RefiImportResult

__all__ = [
    "ExportResult",
    "RefiImportResult",
    "export_qdc",
    "export_qdpx",
    "import_qdc",
    "import_qdpx",
    "import_refi",
    "read_project",
]
