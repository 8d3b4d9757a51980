"""Who and what a file's users and codes become: handles, code ids, names, codebooks.

Workbench handles and ids follow patterns (``alice``, ``push.events``) that other
tools' names do not (``Friedrich Markgraf``, ``diet Coke``), so each is chosen
with a rule, in this order:

- a user's handle: the one the workbench's extension data gives; else the user's
  name if it is a valid handle as written; else its ``id``; else a slug of the
  name; else ``user-<first 8 hex digits of the GUID>``; a clash within the file
  gets ``-2``, ``-3``...;
- a code's id: the extension's id if it is valid and unused, else the GUID
  (lower case, no braces), which is what makes a re-import match;
- a code's codebook: the extension's, else ``refi-<slug of the project name>``;
- names are trimmed to one line, without control characters or bidirectional
  overrides (``core.names``), and to the database's limit, and two siblings
  with one name become ``name`` and ``name (2)``, since codes are found by path.

Every change to what the file says is a warning.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from workbench.core.names import one_line_name, shown, unsafe_characters
from workbench.interop.refi.bundle import ExchangeCode, ExchangeCoder
from workbench.interop.refi.extension import extension_codes, extension_users

if TYPE_CHECKING:
    from workbench.interop.refi.model import RefiCode, RefiUser
    from workbench.interop.refi.problems import Problems

HANDLE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
COLOUR_RE = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\Z")
MAX_NAME, MAX_ID = 200, 100


def slug(text: str, *, limit: int = 60) -> str:
    """Lower-case letters, digits, ``.``, ``_`` and ``-``, as workbench ids are written."""
    out = re.sub(r"[^a-z0-9._-]+", "-", text.casefold()).strip("-._")
    return out[:limit].strip("-._")


def codebook_id(name: str) -> str:
    """The codebook imported codes go into: ``refi-<slug of the project name>``."""
    return f"refi-{slug(name) or 'import'}"


def unique_name(name: str, taken: set[str], tries: dict[str, int] | None = None) -> str:
    """``name``, or ``name (2)``, ``name (3)``... if taken (ignoring case); then taken.

    ``tries`` remembers the next number per name, so that a hostile file with
    100,000 siblings of one name costs linear, not quadratic, time.
    """
    tries = {} if tries is None else tries
    key = name.casefold()
    candidate, n = name, tries.get(key, 2)
    if candidate.casefold() in taken:
        candidate = f"{name} ({n})"
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name} ({n})"
    if candidate is not name:
        tries[key] = n + 1
    taken.add(candidate.casefold())
    return candidate


def one_line(raw: str, owner: str, problems: Problems, *, note_blanks: bool = True) -> str:
    """A name from the file on one line, without controls or bidi marks (``core.names``).

    Another program's name is neutralised rather than refused (the file's author is
    not at hand to mend it); the warning names the owner and what was taken out.
    Runs of blanks made one are noted only with ``note_blanks``.
    """
    name = one_line_name(raw)
    bad = unsafe_characters(raw)
    if bad:
        problems.warn(f"{owner}: name {shown(raw)} holds {', '.join(bad)}; read as {shown(name)}")
    elif note_blanks and name != raw.strip():
        problems.warn(f"{owner}: name {raw!r} read as {name!r}")
    return name


def map_users(
    users: tuple[RefiUser, ...], extension: dict[str, Any] | None
) -> dict[str, ExchangeCoder]:
    """User GUID -> the coder it becomes."""
    ext = extension_users(extension)
    taken: set[str] = set()
    tries: dict[str, int] = {}  # next suffix per handle: linear however many clash
    out: dict[str, ExchangeCoder] = {}
    for user in users:
        if not user.guid:
            continue
        known = ext.get(user.guid)
        if known is not None and HANDLE_RE.match(known[0]):
            handle, role = known
        else:
            role = "coder"
            written = [c.strip() for c in (user.name, user.id) if c and HANDLE_RE.match(c.strip())]
            handle = written[0] if written else slug(user.name or user.id or "", limit=64)
            if not HANDLE_RE.match(handle):
                handle = f"user-{user.guid[:8]}"
        base = handle
        n = tries.get(base.casefold(), 2)
        while handle.casefold() in taken:
            handle = f"{base[:60]}-{n}"
            n += 1
        if handle is not base:
            tries[base.casefold()] = n
        taken.add(handle.casefold())
        name = user.name if user.name and user.name != handle else None
        out[user.guid] = ExchangeCoder(user.guid, handle, name, role)
    return out


def _colour(code: RefiCode, name: str, problems: Problems) -> str | None:
    colour = code.color.strip() if code.color else None
    if colour is None:
        return None
    m = COLOUR_RE.match(colour)
    if m is None:
        problems.warn(f"code {name!r}: colour {colour!r} is not #RRGGBB; dropped")
        return None
    return "#" + "".join(ch * 2 for ch in m.group(1)) if len(m.group(1)) == 3 else colour


def map_codes(
    roots: tuple[RefiCode, ...],
    extension: dict[str, Any] | None,
    *,
    codebook: str,
    problems: Problems,
) -> dict[str, ExchangeCode]:
    """Code GUID -> the code it becomes, parents before children (walked without recursion)."""
    ext = extension_codes(extension)
    out: dict[str, ExchangeCode] = {}
    ids: set[str] = set()
    siblings: dict[str | None, set[str]] = {}
    sibling_tries: dict[str | None, dict[str, int]] = {}
    folders = 0
    stack: list[tuple[RefiCode, str | None, int]] = [
        (c, None, i) for i, c in reversed(list(enumerate(roots)))
    ]
    while stack:
        code, parent, ordinal = stack.pop()
        fields: dict[str, Any] = ext.get(code.guid, {})
        code_id = fields.get("id", code.guid)
        if not ID_RE.match(code_id) or len(code_id) > MAX_ID or code_id in ids:
            if code_id != code.guid:
                problems.warn(f"code id {code_id!r} is not usable; the code keeps {code.guid}")
            code_id = code.guid
        ids.add(code_id)
        book = fields.get("codebook", codebook)
        if not ID_RE.match(book) or len(book) > MAX_ID:
            book = codebook
        name = one_line(code.name, f"code {code.guid}", problems) or "(unnamed code)"
        if len(name) > MAX_NAME:
            name = name[:MAX_NAME]
            problems.warn(f"code {code.guid}: name cut to {MAX_NAME} characters")
        unique = unique_name(
            name, siblings.setdefault(parent, set()), sibling_tries.setdefault(parent, {})
        )
        if unique != name:
            problems.warn(f"two sibling codes are named {name!r}; the second is {unique!r}")
        folders += not code.codable
        status = fields.get("status", "active")
        shortcut = fields.get("shortcut")
        out[code.guid] = ExchangeCode(
            guid=code.guid,
            id=code_id,
            name=unique,
            codebook=book,
            parent=parent,
            description=fields.get("description") if code.guid in ext else code.description,
            inclusion=fields.get("inclusion"),
            exclusion=fields.get("exclusion"),
            examples=fields.get("examples", ()),
            colour=_colour(code, unique, problems),
            shortcut=shortcut if shortcut and len(shortcut) == 1 else None,
            keywords=fields.get("keywords", ()),
            synonyms=fields.get("synonyms", ()),
            phase_markers=fields.get("phase_markers", ()),
            status=status if status in ("active", "retired") else "active",
            ordinal=fields.get("ordinal", ordinal),
        )
        stack.extend((c, code.guid, i) for i, c in reversed(list(enumerate(code.children))))
    if folders:
        problems.warn(
            f'{folders} code(s) are folders (isCodable="false"); imported as ordinary codes'
        )
    return out
