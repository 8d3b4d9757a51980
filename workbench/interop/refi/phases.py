"""Phases back from the sets the workbench exported them as (see ``outbound``).

A set is a phase when its description starts with the workbench's phase line
(``Phase 1 "label" of bracket scheme "name": 1999-01-01 to 2001-06-30.``), which
survives other tools; the rest of the description is the phase's justification.
Other sets are listed as not imported: the workbench has no sets.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from workbench.interop.refi.bundle import ExchangePhase, ExchangeScheme
from workbench.interop.refi.identity import MAX_NAME
from workbench.interop.refi.values import parse_day

if TYPE_CHECKING:
    from workbench.interop.refi.model import RefiSet
    from workbench.interop.refi.problems import Problems

PHASE_RE = re.compile(
    r'Phase \d+ ("(?:[^"\\]|\\.)*") of bracket scheme ("(?:[^"\\]|\\.)*"): '
    r"(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})\.\Z"
)


def schemes_from_sets(
    sets: tuple[RefiSet, ...], descriptions: dict[str, str], problems: Problems
) -> list[ExchangeScheme]:
    """The bracket schemes the phase sets describe; bad phase lines are errors."""
    phases: dict[str, list[ExchangePhase]] = {}
    others = []
    for item in sets:
        first, _, rest = (item.description or "").partition("\n")
        m = PHASE_RE.match(first.strip())
        if m is None:
            others.append(item.name)
            continue
        label, scheme = json.loads(m.group(1)), json.loads(m.group(2))
        start, end = parse_day(m.group(3)), parse_day(m.group(4))
        if start is None or end is None or end < start or not str(label).strip():
            problems.error(f"set {item.name!r}: the phase's dates are not valid", line=item.line)
            continue
        phases.setdefault(str(scheme), []).append(
            ExchangePhase(str(label).strip()[:MAX_NAME], start, end, rest or None)
        )
    if others:
        sample = ", ".join(repr(n) for n in others[:3])
        problems.warn(
            f"{len(others)} set(s) not imported, the workbench has no sets (e.g. {sample})"
        )
    return [
        ExchangeScheme(name[:MAX_NAME], tuple(ps), descriptions.get(name))
        for name, ps in phases.items()
    ]
