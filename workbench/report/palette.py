"""Colours, hatches and line styles that survive a black-and-white printer.

Both palettes tell series apart by more than hue: phases carry hatches as well as fills,
lines carry dashes and markers, and the heat-map scales run monotonically in lightness.
The colour palette uses the Okabe-Ito set (safe for the common colour-vision deficiencies);
the grey-scale one uses greys only, for journals that print figures without colour.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Palette:
    name: str
    sequential: str  # a matplotlib colormap name, light for low values
    phase_fills: tuple[str, ...]
    phase_hatches: tuple[str, ...]
    lines: tuple[str, ...]
    line_styles: tuple[str, ...]
    markers: tuple[str, ...]
    bar: str
    ink: str
    frontier: str
    interval: str
    accent: str
    muted: str


COLOUR = Palette(
    name="colour",
    sequential="YlGnBu",
    phase_fills=("#fde9c9", "#cfe8f3", "#d8efd9", "#f6d5e5", "#eeeeee", "#fff5bf"),
    phase_hatches=("", "", "", "", "", ""),
    lines=("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"),
    line_styles=("-", "--", "-.", ":", "-", "--", "-."),
    markers=("o", "s", "^", "D", "v", "P", "X"),
    bar="#7f8c99",
    ink="#222222",
    frontier="#b2182b",
    interval="#b2182b",
    accent="#0072B2",
    muted="#bdbdbd",
)

GREYSCALE = Palette(
    name="greyscale",
    sequential="Greys",
    phase_fills=("#f2f2f2", "#d9d9d9", "#ffffff", "#bfbfbf", "#e6e6e6", "#cccccc"),
    phase_hatches=("", "////", "....", "\\\\\\\\", "xx", "oo"),
    lines=("#000000", "#404040", "#000000", "#606060", "#202020", "#505050", "#000000"),
    line_styles=("-", "--", ":", "-.", "-", "--", ":"),
    markers=("o", "s", "^", "D", "v", "P", "X"),
    bar="#8c8c8c",
    ink="#000000",
    frontier="#000000",
    interval="#7f7f7f",
    accent="#000000",
    muted="#d0d0d0",
)

PALETTES = {p.name: p for p in (COLOUR, GREYSCALE)}


def palette_for(greyscale: bool) -> Palette:
    return GREYSCALE if greyscale else COLOUR
