"""Ghosts: the selection's nerve, artery and attachment areas, seen through what covers them.

A selected muscle is drawn opaque, so it is the clearest thing on screen; its
nerve runs deep to it and its origin lies under it. Ghosts are faint copies
of those structures drawn in a second renderer layer over the scene, with the
depth buffer cleared: where the real structure is in view the ghost only
adds a little of its own colour, where tissue covers it the ghost shows its
course. An attachment area's ghost is only its outline: filled, the broad
origin of gluteus medius would paint the muscle itself orange. Ghosts share
the camera, the geometry (so bending tissue bends them too) and the placement
of what they copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv

from viewer.scene.overlay import GHOST_LAYER, RendererLayer

GHOST_OPACITY = 0.4
"""Enough to follow a nerve through a muscle, little enough not to hide the muscle."""
OUTLINE_OPACITY = 0.9
OUTLINE_WIDTH = 3.0
AREA_THRESHOLD = 0.5
"""An attachment area's ghost covers the vertices painted at least this much."""


@dataclass
class Ghost:
    actor: pv.Actor
    source: pv.Actor
    """The actor copied: the ghost follows its placement and visibility."""


class GhostLayer:
    """A renderer over the plotter's own, drawing only ghosts."""

    def __init__(self, plotter: pv.BasePlotter):
        self._layer = RendererLayer(plotter, GHOST_LAYER)
        self.renderer = self._layer.renderer
        self.ghosts: list[Ghost] = []

    def add(
        self, source: pv.Actor, mesh: pv.DataSet, colour: str, opacity: float = GHOST_OPACITY
    ) -> pv.Actor:
        """A ghost of ``mesh`` (the source's own geometry, or a part of it) in ``colour``."""
        mapper = pv.DataSetMapper(mesh)
        mapper.scalar_visibility = False
        actor = pv.Actor(mapper=mapper)
        actor.prop.color = colour
        actor.prop.opacity = opacity
        actor.prop.interpolation = "gouraud"
        actor.PickableOff()
        self.renderer.AddActor(actor)
        self.ghosts.append(Ghost(actor, source))
        self.follow()
        return actor

    def add_area(
        self, source: pv.Actor, mesh: pv.PolyData, weights: np.ndarray, colour: str
    ) -> None:
        """The outline of the part of a bone's ``mesh`` that an attachment area paints."""
        inside = np.asarray(weights) >= AREA_THRESHOLD
        if not inside.any():
            return
        patch = mesh.extract_points(inside, adjacent_cells=False).extract_surface(
            algorithm="dataset_surface"
        )
        outline = patch.extract_feature_edges(
            boundary_edges=True, feature_edges=False, manifold_edges=False, non_manifold_edges=False
        )
        if outline.n_cells:
            actor = self.add(source, outline, colour, OUTLINE_OPACITY)
            actor.prop.line_width = OUTLINE_WIDTH

    def follow(self) -> None:
        """Place and show each ghost as its source is placed and shown (after posing)."""
        for ghost in self.ghosts:
            ghost.actor.user_matrix = ghost.source.user_matrix
            ghost.actor.SetVisibility(ghost.source.GetVisibility())

    def clear(self) -> None:
        for ghost in self.ghosts:
            self.renderer.RemoveActor(ghost.actor)
        self.ghosts = []

    def close(self) -> None:
        """Take the layer out of the render window (before the window is finalised)."""
        self.clear()
        self._layer.close()
