"""The palette stays apart in greyscale, and a document's font finds its installed stand-in."""

from __future__ import annotations

from itertools import combinations, pairwise

from proposalkit.charts.style import (
    HATCHES,
    PALETTE,
    fallback_file,
    font_candidates,
    group_fill,
    hatch_colour,
    luma,
)

# Printed in greyscale, no two colours of the palette may lie closer than this in lightness: 0.2 of the
# range from black to white, 51 of 255 grey levels.
MIN_LUMA_STEP = 0.2


def test_the_palettes_colours_differ_in_greyscale_lightness_by_the_stated_margin():
    lightness = sorted(luma(colour) for colour in PALETTE)
    assert [round(value, 2) for value in lightness] == [0.21, 0.41, 0.63, 0.84]
    assert min(b - a for a, b in pairwise(lightness)) >= MIN_LUMA_STEP
    # Neither end is lost on paper: the darkest is no black, the lightest no white.
    assert lightness[0] >= 0.15 and lightness[-1] <= 0.9


def test_neighbouring_groups_are_far_apart_in_lightness_not_only_distinct():
    """The first groups in the legend lie next to each other on the chart: each step is a big one."""
    steps = [abs(luma(PALETTE[n]) - luma(PALETTE[n + 1])) for n in range(len(PALETTE) - 1)]
    assert min(steps) >= MIN_LUMA_STEP


def test_groups_beyond_the_palette_differ_in_hatching():
    looks = [group_fill(n) for n in range(len(PALETTE) * len(HATCHES))]
    assert len(set(looks)) == len(looks)
    for first, second in combinations(looks, 2):
        if first[1] == second[1]:  # the same pattern: then the lightness differs by the margin
            assert abs(luma(first[0]) - luma(second[0])) >= MIN_LUMA_STEP
    assert group_fill(0) == (PALETTE[0], "") and group_fill(len(PALETTE))[1] == HATCHES[1]


def test_hatching_shows_on_its_fill():
    for colour in PALETTE:
        assert abs(luma(hatch_colour(colour)) - luma(colour)) >= 0.35, colour


def test_luma_weights_are_bt601():
    assert luma("#000000") == 0 and round(luma("#ffffff"), 9) == 1
    assert round(luma("#ff0000"), 3) == 0.299 and round(luma("#00ff00"), 3) == 0.587


def test_word_fonts_try_themselves_then_their_metric_compatible_twins():
    assert font_candidates("Calibri") == ("Calibri", "Carlito")
    assert font_candidates("Arial")[:2] == ("Arial", "Liberation Sans")
    assert font_candidates("Times New Roman")[:2] == ("Times New Roman", "Liberation Serif")
    assert font_candidates("Gill Sans") == ("Gill Sans",)
    assert fallback_file("Gill Sans") == "DejaVuSans.ttf"
    assert fallback_file("Times New Roman") == fallback_file("Georgia") == "DejaVuSerif.ttf"
