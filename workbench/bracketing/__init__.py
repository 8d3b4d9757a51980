"""Temporal bracketing: where does a process change phase, and what carries across?

Pure analysis engine (standard library + numpy). Input: dated coded events; output: one
frozen, JSON-serialisable ``BracketingResult`` holding the calendar timeline, the
automatic phase proposal with its whole K path and criteria, tests of the researcher's
own frontiers, continuity classes per theme, phase descriptions, a per-case view, an
optional rule-based phase map and a reproducibility manifest.

    from workbench.bracketing import BracketParams, bracket
    result = bracket(events, phases=my_phases, params=BracketParams(bootstrap=200))
    result.to_dict()
"""

from __future__ import annotations

from workbench.bracketing.engine import bracket, bracket_table
from workbench.bracketing.events import DatedEvent, EventTable, Indicator, PhaseSpec, UndatedEvent
from workbench.bracketing.manifest import ENGINE_VERSION
from workbench.bracketing.params import BracketParams
from workbench.bracketing.phasemap import PhaseMapRules
from workbench.bracketing.result import BracketingResult

__all__ = [
    "ENGINE_VERSION",
    "BracketParams",
    "BracketingResult",
    "DatedEvent",
    "EventTable",
    "Indicator",
    "PhaseMapRules",
    "PhaseSpec",
    "UndatedEvent",
    "bracket",
    "bracket_table",
]
