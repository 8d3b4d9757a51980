"""REFI-QDA exchange: ``.qdpx`` projects and ``.qdc`` codebooks, in and out.

Pure: bytes and plain values in, bytes and plain values out; the service layer
(``workbench.services.exchange``) reads and writes the project.

- ``write_qdpx(ExchangeProject) -> bytes`` and ``write_qdc(codes) -> bytes``;
- ``read_qdpx(path_or_bytes, label=...) -> RefiReadResult`` and
  ``read_qdc(bytes, label=...) -> RefiReadResult``, which raise ``InputError``
  (``RefiImportError`` listing every problem when there are several).

Module map: ``model`` (the standard's elements), ``reader``/``writer`` (XML),
``xmlread``/``xmlwrite`` (safe parsing, exact serialising), ``archive`` (zip
safety), ``offsets`` (normalised text and moved selections), ``guid``,
``extension`` (what the standard has no place for), ``bundle`` (the workbench's
side), ``inbound``/``outbound`` (the mapping in each direction).
"""

from __future__ import annotations

from workbench.interop.refi.archive import ArchiveLimits
from workbench.interop.refi.bundle import (
    ExchangeCase,
    ExchangeCode,
    ExchangeCoder,
    ExchangeCoding,
    ExchangeDocument,
    ExchangeMemo,
    ExchangePhase,
    ExchangeProject,
    ExchangeScheme,
    RefiReadResult,
)
from workbench.interop.refi.guid import code_guid, coder_guid, derived_guid, normalise_guid
from workbench.interop.refi.inbound import read_qdc, read_qdpx
from workbench.interop.refi.outbound import write_qdc, write_qdpx
from workbench.interop.refi.problems import RefiImportError

__all__ = [
    "ArchiveLimits",
    "ExchangeCase",
    "ExchangeCode",
    "ExchangeCoder",
    "ExchangeCoding",
    "ExchangeDocument",
    "ExchangeMemo",
    "ExchangePhase",
    "ExchangeProject",
    "ExchangeScheme",
    "RefiImportError",
    "RefiReadResult",
    "code_guid",
    "coder_guid",
    "derived_guid",
    "normalise_guid",
    "read_qdc",
    "read_qdpx",
    "write_qdc",
    "write_qdpx",
]
