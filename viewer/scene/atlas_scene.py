"""The atlas drawn in a PyVista plotter: one actor per instance, restyled on selection.

The same class serves the window's embedded view and off-screen exports, so
a picture always shows what the window shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingAnnotation import vtkLegendBoxActor
from vtkmodules.vtkRenderingCore import vtkCellPicker

from viewer.model.atlas import Atlas, AttachmentSite
from viewer.model.landmarks import Landmarks
from viewer.scene import palette
from viewer.scene.attachment_areas import area_weights
from viewer.scene.legend import make_legend
from viewer.scene.mesh_library import MeshLibrary
from viewer.scene.views import DEFAULT_VIEW, VIEWS, camera_position

CLICK_TOLERANCE_PX = 4
"""A press and release closer than this is a click; further apart it is a drag (rotate)."""


@dataclass
class _Drawn:
    actor: pv.Actor
    mesh: pv.PolyData
    kind: str
    base_opacity: float
    base_rgb: np.ndarray | None = None
    """Per-vertex colours of a bone before any area is painted on it."""


class AtlasScene:
    """Actors for every loaded instance, and how they look for a given selection."""

    def __init__(
        self,
        plotter: pv.BasePlotter,
        atlas: Atlas,
        library: MeshLibrary,
        landmarks: Landmarks | None,
    ):
        self.plotter = plotter
        self.atlas = atlas
        self.landmarks = landmarks
        self._drawn: dict[str, _Drawn] = {}
        self._by_actor: dict[str, str] = {}
        self._area_cache: dict[tuple, np.ndarray] = {}
        self.selected: str | None = None
        self._legend: vtkLegendBoxActor | None = None

        plotter.set_background(palette.BACKGROUND_BOTTOM, top=palette.BACKGROUND_TOP)
        plotter.enable_depth_peeling(number_of_peels=4)
        for instance_id, mesh in library.meshes.items():
            self._add(instance_id, mesh)
        self._picker = vtkCellPicker()
        self._picker.SetTolerance(0.0005)
        self._picker.PickFromListOn()
        for drawn in self._drawn.values():
            self._picker.AddPickList(drawn.actor)
        self.set_view(DEFAULT_VIEW, render=False)

    def _add(self, instance_id: str, mesh: pv.PolyData) -> None:
        kind = self.atlas.instances[instance_id].structure.kind
        opacity = palette.KIND_OPACITY.get(kind, 1.0)
        style = dict(smooth_shading=True, specular=0.25, specular_power=20, name=instance_id)
        base_rgb = None
        if kind == "bone":
            base_rgb = np.tile(
                np.array(palette.rgb(palette.KIND_COLOURS["bone"]), np.uint8), (mesh.n_points, 1)
            )
            mesh.point_data["rgb"] = base_rgb.copy()
            actor = self.plotter.add_mesh(mesh, scalars="rgb", rgb=True, **style)
        else:
            actor = self.plotter.add_mesh(
                mesh, color=palette.KIND_COLOURS[kind], opacity=opacity, **style
            )
        self._drawn[instance_id] = _Drawn(actor, mesh, kind, opacity, base_rgb)
        self._by_actor[actor.GetAddressAsString("vtkActor")] = instance_id

    @property
    def instance_ids(self) -> list[str]:
        return list(self._drawn)

    def actor(self, instance_id: str) -> pv.Actor:
        return self._drawn[instance_id].actor

    # --- selection styling -------------------------------------------------

    def show_selection(self, instance_id: str | None, render: bool = True) -> None:
        """Emphasise ``instance_id`` and what relates to it; ``None`` restores the plain atlas."""
        self.selected = instance_id
        for drawn in self._drawn.values():
            drawn.actor.prop.opacity = drawn.base_opacity
            if drawn.base_rgb is not None:
                drawn.mesh.point_data["rgb"] = drawn.base_rgb
        if self._legend is not None:
            self.plotter.renderer.RemoveActor(self._legend)
            self._legend = None
        if instance_id is not None:
            self._emphasise(instance_id)
        if render:
            self.plotter.render()

    def _emphasise(self, instance_id: str) -> None:
        relations = self.atlas.relations(instance_id)
        related = {instance_id, *relations.nerves, *relations.arteries, *relations.supplies}
        for other_id, drawn in self._drawn.items():
            if drawn.kind == "bone" or other_id in related:
                continue
            vessel = drawn.kind in ("nerve", "artery")
            faded = palette.FADED_VESSEL_OPACITY if vessel else palette.FADED_OPACITY
            drawn.actor.prop.opacity = min(drawn.base_opacity, faded)
        selected = self._drawn.get(instance_id)
        if selected is not None and selected.base_rgb is not None:
            tint = np.array(palette.rgb(palette.SELECTED_BONE_COLOUR), np.uint8)
            selected.mesh.point_data["rgb"] = np.tile(tint, (selected.mesh.n_points, 1))
        painted = {self._paint(site) for site in relations.sites}
        entries = [
            (label, colour)
            for label, colour in palette.LEGEND
            if (label == "Origin" and "origin" in painted)
            or (label == "Insertion" and "insertion" in painted)
            or (label == "Nerve" and relations.nerves)
            or (label == "Artery" and relations.arteries)
        ]
        if entries:
            self._legend = make_legend(entries)
            self.plotter.renderer.AddActor(self._legend)

    def _paint(self, site: AttachmentSite) -> str | None:
        """Blend the site's area into its bone's colours; the role if anything was painted."""
        drawn = self._drawn.get(site.target)
        area = site.attachment.area
        if drawn is None or drawn.base_rgb is None or area is None or self.landmarks is None:
            return None
        weights = self._weights(site)
        if not weights.any():
            return None
        colour = palette.ORIGIN_COLOUR if site.role == "origin" else palette.INSERTION_COLOUR
        current = np.asarray(drawn.mesh.point_data["rgb"], dtype=float)
        blended = current + (np.array(palette.rgb(colour)) - current) * weights[:, None]
        drawn.mesh.point_data["rgb"] = blended.round().astype(np.uint8)
        return site.role

    def _weights(self, site: AttachmentSite) -> np.ndarray:
        area = site.attachment.area
        key = (site.target, tuple(area.landmarks), area.radius)
        if key not in self._area_cache:
            instance = self.atlas.instances[site.target]
            points = np.array(
                [self.landmarks.point(area.on, name, instance.side) for name in area.landmarks]
            )
            mesh = self._drawn[site.target].mesh
            self._area_cache[key] = area_weights(
                np.asarray(mesh.points), np.asarray(mesh.point_data["Normals"]), points, area.radius
            )
        return self._area_cache[key]

    # --- picking -------------------------------------------------------------

    def pick(self, x: int, y: int) -> str | None:
        """The instance drawn at display pixel (x, y) (VTK's origin: bottom left), if any."""
        if not self._picker.Pick(x, y, 0, self.plotter.renderer):
            return None
        actor = self._picker.GetActor()
        return self._by_actor.get(actor.GetAddressAsString("vtkActor")) if actor else None

    def on_click(self, callback: Callable[[str | None], None]) -> None:
        """Call ``callback`` with the picked instance (or None) on each click that is not a drag."""
        pressed: list[tuple[int, int]] = []
        iren = self.plotter.iren

        def press(*_):
            pressed[:] = [iren.get_event_position()]

        def release(*_):
            if not pressed:
                return
            x, y = iren.get_event_position()
            px, py = pressed.pop()
            if abs(x - px) <= CLICK_TOLERANCE_PX and abs(y - py) <= CLICK_TOLERANCE_PX:
                callback(self.pick(x, y))

        iren.add_observer("LeftButtonPressEvent", press)
        iren.add_observer("LeftButtonReleaseEvent", release)

    # --- camera ----------------------------------------------------------------

    def set_view(self, name: str, render: bool = True) -> None:
        """Look at the whole atlas from a named direction, filling the view."""
        bounds = np.array(self.plotter.renderer.ComputeVisiblePropBounds()).reshape(3, 2)
        centre = bounds.mean(axis=1)
        radius = float(np.linalg.norm(bounds[:, 1] - bounds[:, 0])) / 2 or 1.0
        self.plotter.camera_position = camera_position(VIEWS[name], centre, radius * 3.2)
        self.plotter.camera.view_angle = 30.0
        self.plotter.reset_camera_clipping_range()
        if render:
            self.plotter.render()

    def display_position(self, world: np.ndarray) -> tuple[int, int]:
        """Display pixel (VTK origin bottom left) of a world point, for tests and labels."""
        renderer = self.plotter.renderer
        renderer.SetWorldPoint(*world, 1.0)
        renderer.WorldToDisplay()
        x, y, _ = renderer.GetDisplayPoint()
        return round(x), round(y)
