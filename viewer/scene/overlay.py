"""Renderers layered over the scene's own: the ghosts, and above them the overlay.

The overlay holds what is read rather than looked at, labels and colour legends, above
the ghosts (which a layer under it draws over the scene), so a nerve seen through the
muscles never runs across a label's words. Every layer shares the scene's camera, so
what is placed from world points lines up.
"""

from __future__ import annotations

import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkRenderer

GHOST_LAYER = 1
OVERLAY_LAYER = 2


class RendererLayer:
    """A renderer on layer ``layer`` of the plotter's render window, with its camera."""

    def __init__(self, plotter: pv.BasePlotter, layer: int):
        self._plotter = plotter
        self.renderer = vtkRenderer()
        self.renderer.SetLayer(layer)
        self.renderer.InteractiveOff()
        self.renderer.SetActiveCamera(plotter.renderer.GetActiveCamera())
        ren_win = plotter.ren_win
        ren_win.SetNumberOfLayers(max(ren_win.GetNumberOfLayers(), layer + 1))
        ren_win.AddRenderer(self.renderer)

    def close(self) -> None:
        """Take the layer out of the render window (before the window is finalised)."""
        self.renderer.RemoveAllViewProps()
        ren_win = self._plotter.ren_win
        if ren_win is not None:
            ren_win.RemoveRenderer(self.renderer)
