"""Colours and opacities, one place for the whole program (view, legend, exports)."""

from __future__ import annotations

import numpy as np

KIND_COLOURS: dict[str, str] = {
    "bone": "#e9dfc8",
    "muscle": "#a8402f",
    "fascia": "#c4d3de",
    "nerve": "#f2c530",
    "artery": "#d81f26",
    "ligament": "#bfb49a",
    "bursa": "#7fb8d8",
    "foramen": "#5fbf8f",
    "disc": "#b9cfd6",
    "skin": "#d9a184",
}
"""Atlas conventions: ivory bone, red-brown muscle, silvery fascia, yellow nerve, bright red
artery (fascia was bone-coloured: the iliotibial tract read as a second long bone); the
intervertebral discs a pale blue-grey, as fibrocartilage looks, apart from the bone; the
skin a warm, mid skin tone that stays apart from the muscle's red-brown beneath it."""

KIND_OPACITY: dict[str, float] = {"bursa": 0.7, "fascia": 0.85, "foramen": 0.45, "skin": 0.42}
"""A foramen is an opening drawn as a window: see-through, so what passes through shows;
the skin is a veil, so the muscles and bones read through it and the body's outline tells
where they lie (at 22 % the body's shape did not read as a body, only as an outline)."""

FEATURE_COLOUR = "#17806d"
"""A bone's named features: teal, apart from origin, insertion, nerve and artery."""
ORIGIN_COLOUR = "#f08a24"
INSERTION_COLOUR = "#2b7bd6"
SELECTED_BONE_COLOUR = "#f6df8e"
BACKGROUND_TOP = "#f4f6f8"
BACKGROUND_BOTTOM = "#c9d3dd"

FADED_OPACITY = 0.18
"""Unrelated soft tissue while something is selected: visible as context, not in the way."""

FADED_VESSEL_OPACITY = 0.25

SELECTED_MIN_OPACITY = 0.85
"""A selected bursa (see-through by nature) is drawn this solid: still showing what lies
under it, but clearly the thing selected."""
SELECTED_OPACITY = {"foramen": 0.55, "skin": 0.6}
"""A selected foramen stays a see-through window (its outline is drawn over the scene):
drawn solid it read as a lid, not an opening with something passing through it."""

AREA_FEATHER_MM = 3.0
"""Width of the soft edge of a painted attachment area."""

PATIENT_LEGEND_WORDS = {
    "Origin": "Where it starts",
    "Insertion": "Where it attaches",
    "Nerve": "Its nerve",
    "Artery": "Its blood supply",
}
"""The legend in patient mode: no anatomical jargon next to the colours."""

LEGEND = (
    ("Origin", ORIGIN_COLOUR),
    ("Insertion", INSERTION_COLOUR),
    ("Nerve", KIND_COLOURS["nerve"]),
    ("Artery", KIND_COLOURS["artery"]),
)


XRAY_PALEST = 0.6
"""In X-ray the most superficial layer is its colour mixed this far towards white."""
XRAY_DARKEST = 0.35
"""... and the deepest is its colour this much darker: layers stay apart by tint."""


def layer_tint(kind: str, layer: float) -> str:
    """The X-ray colour of ``kind`` tissue at ``layer`` (0 superficial .. 1 deepest)."""
    colour = np.array(rgb(KIND_COLOURS[kind]), dtype=float)
    pale = colour + (255.0 - colour) * XRAY_PALEST * (1.0 - layer)
    shaded = pale * (1.0 - XRAY_DARKEST * layer)
    r, g, b = (int(round(v)) for v in np.clip(shaded, 0, 255))
    return f"#{r:02x}{g:02x}{b:02x}"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as a tuple of 0-255 integers."""
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
