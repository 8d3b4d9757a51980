"""What the standard has no place for, carried in one XML comment.

REFI-QDA has slots for most of a workbench project (see ``outbound``), but not
for a code's stable id (``push.events``) and its inclusion and exclusion criteria,
examples, keywords, shortcut and status; a coder's handle and role; a coding's
origin (manual, suggested, adjudicated); a bracket scheme's description; or the
cue times of a subtitle document's speaker turns.
Those travel as JSON in a comment at the top of the root element:

    <!--workbench-exchange {"format": "workbench-exchange", "version": 1, ...}-->

A comment is invisible to schema validation and to other tools, which drop it
when they write the project again; the import then falls back to what the
standard elements say (GUIDs as ids, names, colours, descriptions), so nothing
depends on it but exactness. It is untrusted input like the rest of the file:
every entry is type-checked, and a bad one is ignored with a warning.

JSON cannot hold ``--`` outside strings, and inside strings it is written
``-\\u002d``, which keeps the comment well-formed XML.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from workbench.core.dates import DateRange
    from workbench.interop.refi.problems import Problems

MARKER = "workbench-exchange"
FORMAT = "workbench-exchange"
VERSION = 1

CODE_TEXT_FIELDS = ("id", "codebook", "description", "inclusion", "exclusion", "shortcut", "status")
CODE_LIST_FIELDS = ("examples", "keywords", "synonyms", "phase_markers")


def encode_extension(data: dict[str, Any]) -> str:
    """The comment body for ``data`` (without ``<!--`` and ``-->``)."""
    payload = {"format": FORMAT, "version": VERSION, **data}
    text = json.dumps(payload, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    safe = text.replace("--", "-\\u002d")
    return f"{MARKER} {safe}"


def read_extension(texts: Iterable[str], problems: Problems) -> dict[str, Any] | None:
    """The extension data from the root's comments, or ``None`` if there is none."""
    for text in texts:
        body = text.strip()
        if not body.startswith(MARKER):
            continue
        try:
            data = json.loads(body[len(MARKER) :])
        except (ValueError, RecursionError) as exc:
            problems.warn(f"ignored the workbench extension data: not valid JSON ({exc})")
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            problems.warn("ignored the workbench extension data: not in the expected format")
            return None
        if data.get("version") != VERSION:
            problems.warn(
                f"ignored the workbench extension data: version {data.get('version')!r} "
                f"(this workbench reads version {VERSION})"
            )
            return None
        return data
    return None


def _table(data: dict[str, Any] | None, key: str) -> dict[str, Any]:
    value = (data or {}).get(key)
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def extension_users(data: dict[str, Any] | None) -> dict[str, tuple[str, str]]:
    """User GUID -> (handle, role)."""
    out: dict[str, tuple[str, str]] = {}
    for guid, entry in _table(data, "users").items():
        if isinstance(entry, dict) and isinstance(entry.get("handle"), str):
            role = entry.get("role")
            out[guid] = (entry["handle"], role if role in ("coder", "lead") else "coder")
    return out


def extension_codes(data: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Code GUID -> the code's workbench fields, type-checked (bad fields dropped)."""
    out: dict[str, dict[str, Any]] = {}
    for guid, entry in _table(data, "codes").items():
        if not isinstance(entry, dict):
            continue
        fields: dict[str, Any] = {}
        for key in CODE_TEXT_FIELDS:
            value = _text(entry.get(key))
            if value is not None:
                fields[key] = value
        for key in CODE_LIST_FIELDS:
            value = entry.get(key)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                fields[key] = tuple(value)
        ordinal = entry.get("ordinal")
        if isinstance(ordinal, int) and not isinstance(ordinal, bool):
            fields["ordinal"] = ordinal
        out[guid] = fields
    return out


def extension_origins(data: dict[str, Any] | None) -> dict[str, str]:
    """Selection GUID -> origin of the coding it carries (only non-manual ones travel)."""
    return {k: v for k, v in _table(data, "origins").items() if isinstance(v, str)}


def extension_turn_times(
    data: dict[str, Any] | None,
) -> dict[str, tuple[tuple[int, int | None, int | None], ...]]:
    """Document GUID -> ``(turn start, start ms, end ms)`` of its timed speaker turns."""

    def ms(value: object) -> int | None:
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    out = {}
    for guid, entries in _table(data, "turn_times").items():
        if isinstance(entries, list):
            out[guid] = tuple(
                (e[0], ms(e[1]), ms(e[2]))
                for e in entries
                if isinstance(e, list) and len(e) == 3 and ms(e[0]) is not None
            )
    return out


def extension_schemes(data: dict[str, Any] | None) -> dict[str, str]:
    """Bracket scheme name -> description."""
    return {k: v for k, v in _table(data, "schemes").items() if isinstance(v, str)}


def extension_events(data: dict[str, Any] | None) -> dict[str, DateRange]:
    """Selection (coding) GUID -> the coding's own event date."""
    from workbench.core.dates import range_from_iso

    out: dict[str, DateRange] = {}
    for guid, entry in _table(data, "events").items():
        if isinstance(entry, list) and len(entry) == 3 and all(isinstance(e, str) for e in entry):
            try:
                out[guid] = range_from_iso(*entry)
            except ValueError:
                continue
    return out


def extension_untitled(data: dict[str, Any] | None) -> list[str]:
    """GUIDs of the memos that had no title (their notes are named for other tools)."""
    value = (data or {}).get("untitled")
    return [g for g in value if isinstance(g, str)] if isinstance(value, list) else []


def extension_attached(data: dict[str, Any] | None) -> dict[str, dict[str, str]]:
    """Memo GUID -> what it is attached to (``document``, ``code``, ``coding`` GUIDs)."""
    out: dict[str, dict[str, str]] = {}
    for guid, entry in _table(data, "attached").items():
        if isinstance(entry, dict):
            out[guid] = {
                k: v
                for k, v in entry.items()
                if k in ("document", "code", "coding") and isinstance(v, str)
            }
    return out
