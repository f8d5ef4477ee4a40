"""How charts look on paper: the font and width a document gives them, the fonts that stand in for Word's
where those are not installed, and a palette whose colours stay apart when printed in greyscale."""

from __future__ import annotations

from dataclasses import dataclass

CM_PER_INCH = 2.54
POINTS_PER_CM = 72 / CM_PER_INCH


@dataclass(frozen=True)
class Look:
    """What a chart is drawn for: the family of the document's body text, as the document names it, and the
    width it is printed at (the page's text width), so that its type prints at the size it is drawn at."""

    font: str = "Calibri"
    width_cm: float = 16.0  # A4 with 2.5 cm margins


# Faces with the same metrics as the fonts Word documents name, as Linux distributions package them
# (fonts-crosextra-carlito and -caladea, fonts-liberation2); the named font itself is used when installed.
METRIC_TWINS = {
    "calibri": ("Carlito",),
    "cambria": ("Caladea",),
    "arial": ("Liberation Sans", "Arimo"),
    "helvetica": ("Liberation Sans", "Arimo"),
    "times new roman": ("Liberation Serif", "Tinos"),
    "times": ("Liberation Serif", "Tinos"),
    "courier new": ("Liberation Mono", "Cousine"),
}
SERIF = {"cambria", "times new roman", "times", "georgia", "garamond", "book antiqua", "palatino linotype"}
# Where neither is installed: the DejaVu file matplotlib ships (never a system copy, whose version varies).
FALLBACK_SANS = "DejaVuSans.ttf"
FALLBACK_SERIF = "DejaVuSerif.ttf"


def font_candidates(family: str) -> tuple[str, ...]:
    """The installed families to try for `family`, in order: itself, then its metric-compatible twins."""
    return (family, *METRIC_TWINS.get(family.strip().lower(), ()))


def fallback_file(family: str) -> str:
    """The name of the font file in matplotlib's data folder that stands in for an uninstalled `family`."""
    return FALLBACK_SERIF if family.strip().lower() in SERIF else FALLBACK_SANS


# One colour per group, in the order groups first appear, each a step of greyscale lightness from the ones
# beside it: navy, orange, teal and pale gold print as about 21%, 63%, 41% and 84% grey (Rec. 601 luma),
# at least 0.2 apart. Beyond four groups the colours repeat with a hatching, so that every group of up to
# sixteen differs in lightness or in pattern.
PALETTE = ("#1f3864", "#f08a3c", "#3a7d7c", "#ffd966")
HATCHES = ("", "////", "....", "xxxx")
EDGE = "#404040"  # a thin outline, so a pale bar keeps its edge on white paper


def luma(colour: str) -> float:
    """The greyscale lightness of a `#rrggbb` colour, 0 (black) to 1 (white): ITU-R BT.601 luma, the
    weights printers' and image tools' greyscale conversions use."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue


def group_fill(n: int) -> tuple[str, str]:
    """The fill colour and hatching of the `n`th group (0-based)."""
    return PALETTE[n % len(PALETTE)], HATCHES[(n // len(PALETTE)) % len(HATCHES)]


def hatch_colour(fill: str) -> str:
    """Hatching that shows on `fill`: white on a dark colour, dark grey on a light one."""
    return "#ffffff" if luma(fill) < 0.5 else EDGE
