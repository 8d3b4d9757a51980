"""GUIDs as REFI-QDA writes them, and the stable ones the workbench derives.

Real tools disagree on the spelling of a GUID: ATLAS.ti writes upper case,
NVivo lower case, and the schema allows braces around either. Everything that
compares GUIDs (a Coding's CodeRef with its Code, a re-import with the project)
therefore goes through ``normalise_guid`` first: lower case, no braces.

The workbench's own ids are not all GUIDs (a code is ``push.events``, a coder is
``alice``), so the exchange derives name-based UUIDs (RFC 4122 version 5) from
them: the same code exports with the same GUID every time, and a file that comes
back from another tool still matches the project it left.
"""

from __future__ import annotations

import re
import uuid

_HEX = "[0-9a-fA-F]"
GUID_RE = re.compile(rf"\{{?({_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}})\}}?")

WORKBENCH_NAMESPACE = uuid.UUID("6f1f2a52-3c7e-5d0b-9b7e-1e0c0a4c9d21")
"""Namespace of every GUID the workbench derives; fixed forever, or re-imports stop matching."""


def is_guid(text: str) -> bool:
    """True for ``8-4-4-4-12`` hex digits, in either case, with or without braces."""
    match = GUID_RE.fullmatch(text.strip())
    return match is not None and (text.strip().startswith("{") == text.strip().endswith("}"))


def normalise_guid(text: str) -> str:
    """The canonical spelling: lower case without braces.

    A value that is not a GUID at all (some tools write ``1`` or ``code-7``) is
    mapped to a derived GUID, the same for every occurrence, so references to it
    still resolve; ``is_guid`` tells the caller whether to warn.
    """
    raw = text.strip()
    if is_guid(raw):
        match = GUID_RE.fullmatch(raw)
        assert match is not None
        return match.group(1).lower()
    return derived_guid("foreign", raw)


def derived_guid(kind: str, key: str) -> str:
    """A stable GUID for the workbench object ``kind`` named ``key``."""
    return str(uuid.uuid5(WORKBENCH_NAMESPACE, f"{kind}:{key}"))


def code_guid(code_id: str) -> str:
    """The GUID a code travels under: its id if that is a GUID, else one derived from it."""
    return normalise_guid(code_id) if is_guid(code_id) else derived_guid("code", code_id)


def coder_guid(handle: str) -> str:
    """The GUID of a coder, derived from the handle (coders have no GUID of their own)."""
    return derived_guid("coder", handle)
