"""How a raw cell value is printed: one place, so every format shows the same figures.

Statistics keep three decimals (what methods sections report for kappa and alpha),
shares print as whole percentages, p-values follow APA ("< .001" below a thousandth),
dates are ISO. A ``None`` prints as the column's ``undefined`` text, never as 0.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.report.model import CellValue, Column


def format_cell(value: CellValue, column: Column) -> str:
    if value is None:
        return column.undefined
    if isinstance(value, float) and not math.isfinite(value):
        return "∞" if value > 0 else ("−∞" if value < 0 else column.undefined)
    kind = column.kind
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if kind == "int":
        return f"{int(value):,}"
    if kind == "count":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if kind == "share":
        if column.digits is not None:
            return f"{value:.{column.digits}%}"
        return f"{value:.0%}" if abs(value) >= 0.01 or value == 0 else f"{value:.1%}"
    if kind == "percent":
        return f"{value:.1f}%"
    if kind == "p":
        return format_p(float(value))
    if kind == "float":
        return signed(float(value), 3 if column.digits is None else column.digits)
    return str(value)


def signed(value: float, digits: int = 3) -> str:
    """A number with a true minus sign (typeset tables use U+2212, not a hyphen)."""
    text = f"{value:.{digits}f}"
    if text.startswith("-"):
        text = "−" + text[1:]
        if float(text[1:]) == 0:
            text = text[1:]
    return text


def format_p(p: float) -> str:
    if p < 0.001:
        return "< .001"
    return f"{p:.3f}".removeprefix("0")


def format_resampled_p(p: float, replicates: int | None) -> str:
    """A p-value from ``replicates`` resamples, as ``format_p`` writes it, but at its floor.

    Such a p is ``(1 + hits) / (replicates + 1)``: with no resample as extreme it is
    ``1 / (replicates + 1)``, which says "smaller than this resolution", not "this much"
    (``≤ .005`` for 200 resamples, where ``.005`` would read as a measured value).
    """
    floor = 1.0 / (replicates + 1) if replicates else 0.0
    if floor >= 0.001 and p <= floor * (1 + 1e-9):
        return "≤ " + format_p(floor)
    return format_p(p)


def date_range(start: dt.date, end: dt.date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"


def plural(n: int | float, word: str, many: str | None = None) -> str:
    count = f"{n:,}" if isinstance(n, int) else f"{n:,.1f}"
    return f"{count} {word if n == 1 else (many or word + 's')}"


def fold(text: str) -> str:
    """Whitespace runs folded to one space, keeping a space at either end if there was one
    (context around a quote must not glue itself to the quoted words)."""
    if not text:
        return ""
    lead = " " if text[0].isspace() else ""
    tail = " " if text[-1].isspace() and len(text.strip()) else ""
    return (lead + " ".join(text.split()) + tail) if text.strip() else " "


# Characters XML 1.0 forbids (C0 controls but tab, newline and return; lone surrogates;
# U+FFFE/U+FFFF): Word files cannot hold them, and python-docx refuses the whole string.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters a Word file cannot hold replaced by U+FFFD.

    Memos, quotes and titles come from researchers' files and imports, so anything can be
    in them; a report must still be written, and show where something was left out."""
    return _NOT_XML.sub("\ufffd", text)
