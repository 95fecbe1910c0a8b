"""The overlay: a renderer over every other layer, for what is read rather than looked at.

Labels and colour legends are drawn here, above the ghosts (which a second layer draws
over the scene), so a nerve seen through the muscles never runs across a label's words.
The overlay shares the scene's camera, so labels placed from world points line up.
"""

from __future__ import annotations

import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkRenderer


class Overlay:
    """A renderer on the top layer of the plotter's render window."""

    LAYER = 2

    def __init__(self, plotter: pv.BasePlotter):
        self._plotter = plotter
        self.renderer = vtkRenderer()
        self.renderer.SetLayer(self.LAYER)
        self.renderer.InteractiveOff()
        self.renderer.SetActiveCamera(plotter.renderer.GetActiveCamera())
        ren_win = plotter.ren_win
        ren_win.SetNumberOfLayers(max(ren_win.GetNumberOfLayers(), self.LAYER + 1))
        ren_win.AddRenderer(self.renderer)

    def close(self) -> None:
        """Take the overlay out of the render window (before the window is finalised)."""
        self.renderer.RemoveAllViewProps()
        ren_win = self._plotter.ren_win
        if ren_win is not None:
            ren_win.RemoveRenderer(self.renderer)
