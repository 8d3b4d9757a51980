"""A matplotlib figure of journal size, saved as SVG or PNG bytes without any display.

``matplotlib.figure.Figure`` is used directly, never ``pyplot``: pyplot keeps global
state and picks a GUI backend, while a bare ``Figure`` draws through Agg (PNG) or the
SVG backend on any headless server and leaves a notebook's own backend alone.
Settings that make output reproducible (fixed SVG ids, no creation date) and readable in
print (7 pt text, thin lines, text kept as text in SVG) live in ``RC``.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from matplotlib.figure import Figure

# Journal widths: one column (about 89 mm) and the full text width (about 180 mm).
COLUMN_WIDTH_IN = 3.5
WIDE_WIDTH_IN = 7.0
PNG_DPI = 300

RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"],
    "font.size": 7.0,
    "axes.titlesize": 7.5,
    "axes.labelsize": 7.0,
    "xtick.labelsize": 6.5,
    "ytick.labelsize": 6.5,
    "legend.fontsize": 6.5,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "lines.linewidth": 1.0,
    "lines.markersize": 3.5,
    "hatch.linewidth": 0.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "workbench-report",
    "figure.dpi": 100,
}


def width_in(width: str) -> float:
    return COLUMN_WIDTH_IN if width == "column" else WIDE_WIDTH_IN


@contextmanager
def styled() -> Iterator[None]:
    """Apply ``RC`` while a chart is built and saved (rc values are read at both times)."""
    import matplotlib as mpl

    # matplotlib types rc_context's keys as a Literal of every setting name.
    with mpl.rc_context(RC):  # type: ignore[arg-type]
        yield


def new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def save(figure: Figure, fmt: str) -> bytes:
    """The figure as ``svg`` or ``png`` bytes, with no date or software stamp inside."""
    buffer = io.BytesIO()
    if fmt == "svg":
        metadata: dict[str, Any] = {"Creator": None, "Date": None, "Format": None, "Type": None}
        figure.savefig(buffer, format="svg", metadata=metadata)
    elif fmt == "png":
        figure.savefig(
            buffer, format="png", dpi=PNG_DPI, metadata={"Software": None}, facecolor="white"
        )
    else:
        raise ValueError(f"chart format must be svg or png, not {fmt!r}")
    return buffer.getvalue()


def shorten(label: str, limit: int) -> str:
    """Cut a long axis label with an ellipsis (the full name is in the report's tables)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
