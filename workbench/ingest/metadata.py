"""Document metadata from sidecars and manifests.

A sidecar ``interview-07.docx.meta.yaml`` describes one file; a manifest (CSV or YAML)
describes many, one row per file with ``file`` relative to the manifest. Known keys
are ``title``, ``kind``, ``date`` and ``case``; any other key is an attribute. Dates
are checked here, so a bad manifest fails before anything is imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import yaml

from workbench.core import csvcell
from workbench.core.dates import parse_date
from workbench.core.errors import InputError
from workbench.core.yamlsafe import read_yaml_file

if TYPE_CHECKING:
    from pathlib import Path

KINDS = ("interview", "document", "fieldnote", "survey", "other")
KNOWN = ("title", "kind", "date", "case")
SIDECAR_SUFFIX = ".meta.yaml"
MAX_MANIFEST_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    title: str | None = None
    kind: str | None = None
    date: str | None = None
    case: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)

    def over(self, base: DocumentMeta) -> DocumentMeta:
        """This metadata where it says something, ``base`` elsewhere."""
        return DocumentMeta(
            title=self.title or base.title,
            kind=self.kind or base.kind,
            date=self.date or base.date,
            case=self.case or base.case,
            attributes={**base.attributes, **self.attributes},
        )


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    path: Path
    meta: DocumentMeta
    line: int


def _meta(raw: dict[str, Any], *, path: Path, line: int | None) -> DocumentMeta:
    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, dict | list):
            kind = "a mapping" if isinstance(value, dict) else "a list"
            raise InputError(f"{key} must be text, not {kind}", path=path, line=line)
        value = str(value).strip()
        return value or None

    kind = text("kind")
    if kind is not None and kind not in KINDS:
        raise InputError(f"bad kind {kind!r}: one of {', '.join(KINDS)}", path=path, line=line)
    date = text("date")
    if date is not None:
        try:
            parse_date(date)
        except InputError as exc:
            raise InputError(f"date: {exc.message}", path=path, line=line) from None
    attrs_raw = raw.get("attributes") or {}
    if not isinstance(attrs_raw, dict):
        raise InputError("'attributes' must be a mapping", path=path, line=line)
    attributes = {str(k): str(v) for k, v in attrs_raw.items() if v is not None}
    for key, value in raw.items():
        if key not in (*KNOWN, "file", "attributes") and value not in (None, ""):
            attributes[str(key)] = str(value)
    return DocumentMeta(text("title"), kind, date, text("case"), attributes)


def _yaml(path: Path, what: str) -> tuple[Any, yaml.Node | None]:
    """The one YAML reader (``core.yamlsafe``): no aliases, bounded, dates kept as text."""
    return read_yaml_file(path, what=what, max_bytes=MAX_MANIFEST_BYTES)


def sidecar_for(document: Path) -> Path:
    return document.with_name(document.name + SIDECAR_SUFFIX)


def read_sidecar(document: Path) -> DocumentMeta | None:
    """The sidecar's metadata, or None when there is no sidecar."""
    path = sidecar_for(document)
    if not path.is_file():
        return None
    data, _ = _yaml(path, "sidecar")
    if data is None:
        return DocumentMeta()
    if not isinstance(data, dict):
        raise InputError("a sidecar must be a mapping of metadata", path=path)
    return _meta(data, path=path, line=None)


def read_manifest(path: Path) -> list[ManifestEntry]:
    """Every row of a manifest, or an ``InputError`` at the first bad row."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such manifest", path=path) from None
    if size > MAX_MANIFEST_BYTES:
        raise InputError(f"manifest is {size} bytes, over the limit", path=path)
    base = path.parent
    rows: list[tuple[dict[str, Any], int]] = []
    if path.suffix.lower() == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", path=path) from None
        csvcell.allow_long_cells()
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise InputError("the manifest needs a 'file' column", path=path, line=1)
        for raw in reader:
            if None in raw:
                raise InputError("more cells than header columns", path=path, line=reader.line_num)
            rows.append((dict(raw), reader.line_num))
    elif path.suffix.lower() in (".yaml", ".yml"):
        data, root = _yaml(path, "manifest")
        if isinstance(data, dict) and "documents" in data:
            data = data["documents"]
            root = (
                next((v for k, v in root.value if k.value == "documents"), None) if root else None
            )
        if not isinstance(data, list):
            raise InputError(
                "a YAML manifest is a list of documents (or 'documents: [...]')", path=path
            )
        nodes = root.value if isinstance(root, yaml.SequenceNode) else [None] * len(data)
        for raw, node in zip(data, nodes, strict=True):
            line = node.start_mark.line + 1 if node is not None else None
            if not isinstance(raw, dict):
                raise InputError("each document must be a mapping", path=path, line=line)
            rows.append((raw, line or 0))
    else:
        raise InputError("a manifest is a .csv or .yaml file", path=path)
    entries = []
    for raw, line in rows:
        name = str(raw.get("file") or "").strip()
        if not name:
            raise InputError("missing 'file'", path=path, line=line)
        entries.append(ManifestEntry(base / name, _meta(raw, path=path, line=line), line))
    return entries


def with_defaults(meta: DocumentMeta, document: Path) -> DocumentMeta:
    return replace(meta, title=meta.title or document.stem, kind=meta.kind or "document")
