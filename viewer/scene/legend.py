"""A colour legend drawn in the 3D view (and so in every exported picture).

VTK's legend colours an entry's text with the entry colour, which makes pale
swatch colours unreadable; here the swatches carry their colour as scalars and
the text stays dark.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingAnnotation import vtkLegendBoxActor

from viewer.scene.palette import rgb

TEXT_COLOUR = (0.1, 0.1, 0.1)


def _swatch(hex_colour: str) -> pv.PolyData:
    square = pv.PolyData(
        np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], float), faces=[4, 0, 1, 2, 3]
    )
    square.cell_data["colour"] = np.array([rgb(hex_colour)], dtype=np.uint8)
    square.cell_data.active_scalars_name = "colour"
    return square


LINE_HEIGHT = 0.028
"""One entry's height as a share of the view's height, at text scale 1."""
CHAR_WIDTH = 0.62
"""A character's width for the box, as a share of the line height (generous for capitals)."""


def make_legend(
    entries: list[tuple[str, str]], text_scale: float = 1.0, aspect: float = 16 / 9
) -> vtkLegendBoxActor:
    """A legend box in the lower right corner listing ``(label, #colour)`` entries.

    VTK shrinks the text until it fits the box, so the box is sized for its
    longest label at the wanted text height: longer words (a patient's) make a
    wider box, never smaller text. ``aspect`` is the view's width over its height.
    """
    line = LINE_HEIGHT * text_scale
    chars = max(len(label) for label, _ in entries)
    width = min(0.6, line * (CHAR_WIDTH * chars + 2.0) / aspect)
    legend = vtkLegendBoxActor()
    legend.SetNumberOfEntries(len(entries))
    legend.ScalarVisibilityOn()
    for i, (label, colour) in enumerate(entries):
        legend.SetEntry(i, _swatch(colour), label, TEXT_COLOUR)
    legend.UseBackgroundOn()
    legend.SetBackgroundColor(1.0, 1.0, 1.0)
    legend.SetBackgroundOpacity(0.9)
    legend.BorderOn()
    legend.GetEntryTextProperty().SetColor(*TEXT_COLOUR)
    legend.GetEntryTextProperty().BoldOff()
    legend.GetEntryTextProperty().ShadowOff()
    legend.SetPadding(4)
    height = line * len(entries) + 0.01
    legend.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
    legend.GetPositionCoordinate().SetValue(0.98 - width, 0.02)
    legend.GetPosition2Coordinate().SetValue(width, height)
    legend.PickableOff()
    return legend
