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


def make_legend(entries: list[tuple[str, str]], width: float = 0.15) -> vtkLegendBoxActor:
    """A legend box in the lower right corner listing ``(label, #colour)`` entries."""
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
    height = 0.035 * len(entries) + 0.01
    legend.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
    legend.GetPositionCoordinate().SetValue(0.98 - width, 0.02)
    legend.GetPosition2Coordinate().SetValue(width, height)
    legend.PickableOff()
    return legend
