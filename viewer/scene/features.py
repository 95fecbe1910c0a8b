"""A selected bone's named features (spines, tuberosities, lines, notches) as points to click.

A bone's facts list its features, but a student has to find them on the
bone: each feature with a landmark gets a small marker on the surface, which
hover and click name, and which the labels name when they are on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkCellPicker, vtkRenderer

from viewer.model.atlas import Atlas
from viewer.model.landmarks import MIRROR, Landmarks
from viewer.model.schema import Feature
from viewer.scene.palette import FEATURE_COLOUR

MARKER_RADIUS_MM = 3.5
MIDLINE_MM = 5.0
"""A midline structure's landmark further than this from the midline has a twin."""


@dataclass(frozen=True)
class PlacedFeature:
    feature: Feature
    point: np.ndarray
    """Where its landmark is on the bone at rest (world millimetres)."""


def bone_features(
    atlas: Atlas, landmarks: Landmarks | None, instance_id: str
) -> list[PlacedFeature]:
    """The features of a bone instance (or of the skin, with its injection sites) that have a
    landmark, where they are on that side; on both sides for a midline structure's feature
    off the midline (the two dimples over the posterior superior iliac spines)."""
    instance = atlas.instances[instance_id]
    structure = instance.structure
    if structure.kind not in ("bone", "skin") or landmarks is None:
        return []
    features = list(structure.features)
    if structure.kind == "skin":  # the injection sites marked on it, named as in the file
        features += [
            Feature(id=x.id, name=x.name, text=x.text, plain=x.plain, landmark=x.landmark)
            for x in atlas.data.surface_sites
            if x.landmark
        ]
    placed = []
    for f in features:
        if f.landmark is None or not landmarks.has(structure.id, f.landmark):
            continue
        point = landmarks.point(structure.id, f.landmark, instance.side)
        placed.append(PlacedFeature(f, point))
        if structure.sides == "midline" and abs(point[2]) > MIDLINE_MM:
            placed.append(PlacedFeature(f, point * MIRROR))
    return placed


class FeatureMarkers:
    """Markers of one bone's features in a renderer, with their own picker."""

    def __init__(self, renderer: vtkRenderer):
        self._renderer = renderer
        self._actor: pv.Actor | None = None
        self.placed: list[PlacedFeature] = []
        self._picker = vtkCellPicker()
        self._picker.SetTolerance(0.0005)
        self._picker.PickFromListOn()

    def show(self, placed: list[PlacedFeature], bone: pv.Actor | None) -> None:
        """Mark ``placed`` features on ``bone`` (following its placement); [] removes them."""
        self.clear()
        self.placed = placed
        if not placed:
            return
        spheres = []
        for index, item in enumerate(placed):
            sphere = pv.Sphere(
                radius=MARKER_RADIUS_MM, center=item.point, theta_resolution=12, phi_resolution=12
            )
            sphere.cell_data["feature"] = np.full(sphere.n_cells, index)
            spheres.append(sphere)
        mesh = pv.merge(spheres)
        mapper = pv.DataSetMapper(mesh)
        mapper.scalar_visibility = False
        self._actor = pv.Actor(mapper=mapper)
        self._actor.prop.color = FEATURE_COLOUR
        self._actor.prop.specular = 0.3
        self._bone = bone
        self._renderer.AddActor(self._actor)
        self._picker.AddPickList(self._actor)
        self.follow()

    def follow(self, shown: bool = True) -> None:
        """Move with the bone (a posed femur); ``shown`` False hides the markers even
        while the bone shows."""
        if self._actor is not None:
            self._actor.user_matrix = self._bone.user_matrix
            self._actor.SetVisibility(shown and self._bone.GetVisibility())

    def at(self, x: int, y: int) -> PlacedFeature | None:
        """The feature whose marker is drawn at display pixel (x, y), if any."""
        if self._actor is None or not self._picker.Pick(x, y, 0, self._renderer):
            return None
        if self._picker.GetActor() is not self._actor:
            return None
        index = self._actor.mapper.dataset.cell_data["feature"][self._picker.GetCellId()]
        return self.placed[int(index)]

    def clear(self) -> None:
        if self._actor is not None:
            self._picker.DeletePickList(self._actor)
            self._renderer.RemoveActor(self._actor)
        self._actor = None
        self.placed = []
