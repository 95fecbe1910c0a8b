"""The atlas drawn in a PyVista plotter: one actor per instance, restyled on selection.

The same class serves the window's embedded view and off-screen exports, so
a picture always shows what the window shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingAnnotation import vtkLegendBoxActor
from vtkmodules.vtkRenderingCore import vtkCellPicker

from viewer.model.animation import NEUTRAL, Pose
from viewer.model.atlas import SIDE_SUFFIX, Atlas, AttachmentSite
from viewer.model.audience import TEXT_SCALE
from viewer.model.facts import Audience
from viewer.model.kinematics import Skeleton, transform_points
from viewer.model.landmarks import Landmarks
from viewer.model.skinning import COVERINGS
from viewer.model.visibility import VisibilityModel
from viewer.scene import palette
from viewer.scene.attachment_areas import area_weights
from viewer.scene.features import FeatureMarkers, PlacedFeature, bone_features
from viewer.scene.ghosts import GhostLayer
from viewer.scene.labels import Anchor, LabelLayer, make_labels
from viewer.scene.legend import make_legend
from viewer.scene.mesh_library import MeshLibrary
from viewer.scene.orientation import orientation_cube
from viewer.scene.overlay import OVERLAY_LAYER, RendererLayer
from viewer.scene.posing import ScenePosing, SceneRig
from viewer.scene.views import DEFAULT_VIEW, VIEWS, View, camera_position

FRAMED_HEIGHT_MM = 360.0
"""How far down from the top of the framed region the standard views reach: the pelvis and
the upper thigh (down to the middle of the femur), whatever else of the leg is drawn below."""
FRAMED_ABOVE_PELVIS_MM = 12.0
"""The framed region's top lies this far above the hip bones' highest point, so that L5 and
the lumbosacral junction are in the picture and the lumbar spine above rises out of it
rather than shrinking the hip."""
PELVIS_FRAMING = "hip_bone"
"""The bone whose instances fix the top of the framed region."""
THIGH_BODIES = ("pelvis", "femur", "patella")
"""The bones a frame holding the thighs and knees through a scenario's poses follows (the
pelvis too, which tilts with them in a hip hinge)."""


def framed_bounds(bounds: np.ndarray, top: float | None = None) -> np.ndarray:
    """Bounds (3, 2) cut to the framed region: from ``top`` (default: the scene's top) down
    :data:`FRAMED_HEIGHT_MM`."""
    framed = np.array(bounds, dtype=float).reshape(3, 2)
    if top is not None:
        framed[1, 1] = min(framed[1, 1], top)
    framed[1, 0] = max(framed[1, 0], framed[1, 1] - FRAMED_HEIGHT_MM)
    return framed


SEE_THROUGH = ("skin",)
"""Kinds drawn as a veil over the rest: a click goes through them to what lies beneath (the
skin is chosen from the structure list or search instead)."""
CLICK_TOLERANCE_PX = 4
"""A press and release closer than this is a click; further apart it is a drag (rotate)."""

VERTEX_COLOURS = "vertex_colours"
"""Point array of soft tissue coloured per vertex (e.g. by contraction)."""


@dataclass
class _Drawn:
    actor: pv.Actor
    mesh: pv.PolyData
    kind: str
    base_opacity: float
    base_rgb: np.ndarray | None = None
    """Per-vertex colours of a bone before any area is painted on it."""


@dataclass(frozen=True)
class Surface:
    """One instance as drawn: its mesh (bones carry vertex colours), colour, opacity, pose."""

    instance_id: str
    mesh: pv.PolyData
    colour: tuple[float, float, float]
    opacity: float
    transform: np.ndarray
    """4x4 placement of the mesh in the atlas frame (identity unless posed)."""


NEAR_MM = 30.0
"""A nerve or artery is labelled where it runs within this distance of the selection's box."""
FOCUS_CONTEXT_MM = 200.0
"""The least height and width a close-up shows: about half the pelvis, enough to place it."""


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
        self._legend_shown = True
        self.overlay = RendererLayer(plotter, OVERLAY_LAYER)
        """Labels and legends, drawn over everything else (the ghosts included)."""
        self._labels = LabelLayer(self.overlay.renderer)
        self._labels_shown = False
        self.label_audience: Audience = "clinician"
        self._visibility: VisibilityModel | None = None
        self.last_pick_point: np.ndarray | None = None
        """World position of the latest successful pick (for clicks on an area)."""
        self.skeleton: Skeleton | None = None
        """Where the hips turn; set it to make the scene poseable (:meth:`set_pose`)."""
        self.pose: Pose = NEUTRAL
        self._posing: ScenePosing | None = None
        self._tinted: set[str] = set()
        self._observers: list[int] = []
        """The scene's own observers on the plotter's interactor, removed by :meth:`close`."""

        plotter.set_background(palette.BACKGROUND_BOTTOM, top=palette.BACKGROUND_TOP)
        # No depth peeling: with software OpenGL it made each frame 5-10 times slower
        # (1-3 s against 0.2 s for the full scene), for a small gain in how faded
        # tissue overlaps. FXAA smooths edges at a fraction of multisampling's cost.
        plotter.ren_win.SetMultiSamples(0)
        plotter.renderer.SetUseFXAA(True)
        for instance_id, mesh in library.meshes.items():
            self._add(instance_id, mesh)
        self._picker = vtkCellPicker()
        self._picker.SetTolerance(0.0005)
        self._picker.PickFromListOn()
        for drawn in self._drawn.values():
            if drawn.kind not in SEE_THROUGH:
                self._picker.AddPickList(drawn.actor)
        self._ghosts = GhostLayer(plotter)
        self._features = FeatureMarkers(plotter.renderer)
        self._orientation = plotter.renderer.add_orientation_widget(
            orientation_cube(), interactive=False, viewport=(0.0, 0.0, 0.13, 0.17)
        )
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
        self._ghosts.clear()
        for drawn in self._drawn.values():
            drawn.actor.prop.opacity = drawn.base_opacity
            if drawn.base_rgb is None:
                drawn.actor.prop.color = palette.KIND_COLOURS[drawn.kind]
            else:
                drawn.mesh.point_data["rgb"] = drawn.base_rgb
        if self._legend is not None:
            self.overlay.renderer.RemoveActor(self._legend)
            self._legend = None
        if instance_id is not None:
            self._emphasise(instance_id)
        placed = self.features_of(instance_id)
        self._features.show(placed, self._drawn[instance_id].actor if placed else None)
        self._apply_visibility()
        self._update_labels()
        if render:
            self.plotter.render()

    def _emphasise(self, instance_id: str) -> None:
        relations = self.atlas.relations(instance_id)
        related = {
            instance_id,
            *relations.nerves,
            *relations.arteries,
            *relations.supplies,
            *relations.openings,
            *relations.passing,
            *relations.rim,
            *relations.roots,
            *relations.source,
        }
        for other_id, drawn in self._drawn.items():
            if drawn.kind == "bone" or other_id in related:
                continue
            vessel = drawn.kind in ("nerve", "artery")
            faded = palette.FADED_VESSEL_OPACITY if vessel else palette.FADED_OPACITY
            drawn.actor.prop.opacity = min(drawn.base_opacity, faded)
        selected = self._drawn.get(instance_id)
        ghosted = [*relations.nerves, *relations.arteries, *relations.roots, *relations.source]
        if selected is not None and selected.kind in ("nerve", "artery", "foramen"):
            ghosted.append(instance_id)
        if selected is not None:  # the selection is the clearest thing on screen
            solid = palette.SELECTED_OPACITY.get(selected.kind, palette.SELECTED_MIN_OPACITY)
            selected.actor.prop.opacity = max(selected.base_opacity, solid)
        for ghost_id in ghosted:
            drawn = self._drawn.get(ghost_id)
            if drawn is not None:
                self._ghosts.add(drawn.actor, drawn.mesh, palette.KIND_COLOURS[drawn.kind])
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
        if self.label_audience == "patient":
            entries = [(palette.PATIENT_LEGEND_WORDS[label], c) for label, c in entries]
        if entries:
            width, height = self.plotter.window_size
            self._legend = make_legend(
                entries, TEXT_SCALE[self.label_audience], aspect=width / max(height, 1)
            )
            self._legend.SetVisibility(self._legend_shown)
            self.overlay.renderer.AddActor(self._legend)

    def set_visibility(self, visibility: VisibilityModel | None, render: bool = True) -> None:
        """Follow the user's visibility choices (hidden, isolated, peeled, X-ray, opacity)."""
        self._visibility = visibility
        self.show_selection(self.selected, render=render)

    def _apply_visibility(self) -> None:
        if self._visibility is None:
            return
        for instance_id, drawn in self._drawn.items():
            style = self._visibility.style(instance_id)
            drawn.actor.SetVisibility(style.visible)
            if style.opacity is not None:
                drawn.actor.prop.opacity = min(drawn.actor.prop.opacity, style.opacity)
            if style.layer is not None:
                drawn.actor.prop.color = palette.layer_tint(drawn.kind, style.layer)
        if self._posing is not None:  # a covering shown again fits the pose it missed
            self._posing.cover({i: d.actor for i, d in self._drawn.items()})
        self._ghosts.follow()
        self._follow_features()

    def _follow_features(self) -> None:
        """Markers move with their structure; a covering's stand where it is standing only
        (its surface features are placed on the skin as built)."""
        drawn = self._drawn.get(self.selected or "")
        self._features.follow(self.pose == NEUTRAL or drawn is None or drawn.kind not in COVERINGS)

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
        self._ghosts.add_area(drawn.actor, drawn.mesh, weights, colour)
        current = np.asarray(drawn.mesh.point_data["rgb"], dtype=float)
        blended = current + (np.array(palette.rgb(colour)) - current) * weights[:, None]
        drawn.mesh.point_data["rgb"] = blended.round().astype(np.uint8)
        return site.role

    def _weights(self, site: AttachmentSite) -> np.ndarray:
        area = site.attachment.area
        side = self.atlas.instances[site.target].side or site.side  # a midline bone: the muscle's
        key = (site.target, side, tuple(area.landmarks), area.radius)
        if key not in self._area_cache:
            points = np.array(
                [self.landmarks.point(area.on, name, side) for name in area.landmarks]
            )
            mesh = self._drawn[site.target].mesh
            self._area_cache[key] = area_weights(
                np.asarray(mesh.points), np.asarray(mesh.point_data["Normals"]), points, area.radius
            )
        return self._area_cache[key]

    # --- labels and legend ------------------------------------------------------

    def show_labels(
        self,
        visible: bool,
        audience: Audience | None = None,
        render: bool = True,
        text_scale: float | None = None,
    ) -> None:
        """Name the selected structure and its highlighted relations with leader-line labels."""
        self._labels_shown = visible
        self._labels.text_scale = text_scale or self._labels.text_scale
        if audience is not None and audience != self.label_audience:
            # One audience for the whole view: the legend's words follow the labels'.
            self.label_audience = audience
            self.show_selection(self.selected, render=False)
        self._update_labels()
        if render:
            self.plotter.render()

    def show_orientation(self, visible: bool) -> None:
        """Show or hide the cube in the corner that says which way the view looks."""
        self._orientation.SetEnabled(visible)

    def show_legend(self, visible: bool, render: bool = True) -> None:
        """Show or hide the colour legend of the selection's highlights."""
        self._legend_shown = visible
        if self._legend is not None:
            self._legend.SetVisibility(visible)
        if render:
            self.plotter.render()

    @property
    def label_texts(self) -> list[str]:
        """The labels now shown, in anchor order (empty when labels are off)."""
        return self._labels.texts

    def label_anchors(self) -> list[Anchor]:
        """What the labels point at: the selection, its painted areas, nerves and arteries."""
        if self.selected is None or self.selected not in self._drawn:
            return []
        relations = self.atlas.relations(self.selected)
        anchors = [Anchor("structure", self.selected, self._points(self.selected))]
        for site in relations.sites:
            if site.target in self._drawn and site.attachment.area and self.landmarks:
                painted = self._weights(site) > 0.5
                if painted.any():
                    points = self._points(site.target)[painted]
                    anchors.append(Anchor(site.role, site.target, points))
        own = self._points(self.selected)
        for role, ids in (
            ("nerve", relations.nerves),
            ("artery", relations.arteries),
            ("supplied", relations.supplies),
            ("passing", relations.passing),
        ):
            anchors += [
                Anchor(role, i, _near(self._points(i), own)) for i in ids if i in self._drawn
            ]
        anchors += [
            Anchor("feature", self.selected, self._placed(item.point), item.feature.name)
            for item in self._features.placed
        ]
        return anchors

    def features_of(self, instance_id: str | None) -> list[PlacedFeature]:
        """A drawn bone's features that have a landmark (none for anything else)."""
        if instance_id is None or instance_id not in self._drawn:
            return []
        return bone_features(self.atlas, self.landmarks, instance_id)

    def feature_at(self, x: int, y: int) -> PlacedFeature | None:
        """The selected bone's feature whose marker is at display pixel (x, y), if any."""
        return self._features.at(x, y)

    def _placed(self, point: np.ndarray) -> np.ndarray:
        """A rest-pose point of the selected bone where the bone now is (a posed femur)."""
        matrix = np.asarray(self._drawn[self.selected].actor.user_matrix)
        return (matrix[:3, :3] @ point + matrix[:3, 3])[None]

    def _points(self, instance_id: str) -> np.ndarray:
        """The instance's points where they are drawn: a posed bone is placed by its actor's
        matrix, so labels and close-ups follow it (soft tissue is bent in place, then placed
        with the pelvis)."""
        drawn = self._drawn[instance_id]
        points = np.asarray(drawn.mesh.points, dtype=float)
        matrix = np.asarray(drawn.actor.user_matrix, dtype=float)
        if np.allclose(matrix, np.eye(4)):
            return points
        return points @ matrix[:3, :3].T + matrix[:3, 3]

    def _update_labels(self) -> None:
        anchors = self.label_anchors() if self._labels_shown else []
        if not anchors:
            self._labels.clear()
            return
        labels = make_labels(self.atlas, anchors, self.label_audience)
        obstacles = [self._legend] if self._legend is not None else []
        # the labels stand clear of the selection and of what passes through it (a foramen's
        # nerves and vessels), or their boxes would hide what they name
        passing = {a.instance_id for a in anchors if a.role == "passing"}
        kept_clear = np.vstack([anchors[0].points, *(self._points(i) for i in passing)])
        self._labels.set_labels(labels, kept_clear, obstacles)

    # --- picking -------------------------------------------------------------

    def pick(self, x: int, y: int) -> str | None:
        """The instance drawn at display pixel (x, y) (VTK's origin: bottom left), if any."""
        if not self._picker.Pick(x, y, 0, self.plotter.renderer):
            return None
        self.last_pick_point = np.array(self._picker.GetPickPosition())
        actor = self._picker.GetActor()
        return self._by_actor.get(actor.GetAddressAsString("vtkActor")) if actor else None

    def pick_bone(self, x: int, y: int) -> str | None:
        """Like :meth:`pick`, but looking through soft tissue, for clicks meant for a bone."""
        picker = vtkCellPicker()
        picker.SetTolerance(0.0005)
        picker.PickFromListOn()
        for drawn in self._drawn.values():
            if drawn.kind == "bone":
                picker.AddPickList(drawn.actor)
        if not picker.Pick(x, y, 0, self.plotter.renderer):
            return None
        self.last_pick_point = np.array(picker.GetPickPosition())
        return self._by_actor.get(picker.GetActor().GetAddressAsString("vtkActor"))

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

        self._observers += [
            iren.add_observer("LeftButtonPressEvent", press),
            iren.add_observer("LeftButtonReleaseEvent", release),
        ]

    def close(self) -> None:
        """Drop what the scene hooked into its plotter: click observers and label layout.

        Called before the plotter itself closes, so no callback of the scene can
        run on a render window that is going away.
        """
        iren = self.plotter.iren
        while self._observers:
            observer = self._observers.pop()
            if iren is not None:
                iren.remove_observer(observer)
        self._labels.clear()
        self._ghosts.close()
        self._features.clear()
        self._legend = None
        self.overlay.close()

    # --- camera ----------------------------------------------------------------

    def set_view(
        self,
        name: str,
        render: bool = True,
        with_spine: bool = False,
        poses: Sequence[Pose] = (),
    ) -> None:
        """Look at the gluteal region from a named direction, filling the view.

        The frame holds the pelvis and the upper thigh: the lower femur, the knee and
        the leg stay below the picture's lower edge rather than shrinking the hip.
        ``with_spine`` raises its top to hold the lumbar spine too (a scenario in which the
        lower back bends); ``poses``: the thighs and knees in each of these poses are held
        too (an exercise whose knee muscles work).
        """
        bounds = self.framing_bounds(with_spine, poses)
        corners = np.array(np.meshgrid(*bounds)).reshape(3, -1).T
        self.frame(name, corners)
        if render:
            self.plotter.render()

    def framing_bounds(self, with_spine: bool = False, poses: Sequence[Pose] = ()) -> np.ndarray:
        """The region the standard views and handouts frame (see :func:`framed_bounds`): up to
        just above the hip bones where one is drawn, else up to the top of the scene;
        ``with_spine``: up to just above the lumbar spine, the lower edge where it was;
        ``poses``: grown to hold the femurs and patellae carried by each pose."""
        tops = [
            drawn.actor.GetBounds()[3]
            for instance_id, drawn in self._drawn.items()
            if instance_id.startswith(PELVIS_FRAMING) and drawn.actor.GetVisibility()
        ]
        top = max(tops) + FRAMED_ABOVE_PELVIS_MM if tops else None
        bounds = framed_bounds(self.plotter.renderer.ComputeVisiblePropBounds(), top)
        spine = [
            drawn.actor.GetBounds()[3]
            for instance_id, drawn in self._drawn.items()
            if with_spine
            and self.atlas.instances[instance_id].structure.body == "spine"
            and drawn.actor.GetVisibility()
        ]
        if spine:
            bounds[1, 1] = max(bounds[1, 1], max(spine) + FRAMED_ABOVE_PELVIS_MM)
        for corner in self._posed_thigh_corners(poses):
            bounds[:, 0] = np.minimum(bounds[:, 0], corner)
            bounds[:, 1] = np.maximum(bounds[:, 1], corner)
        return bounds

    def _posed_thigh_corners(self, poses: Sequence[Pose]) -> list[np.ndarray]:
        """The corners of the drawn pelvic bones', femurs' and patellae's boxes, carried by each
        pose, so that a frame can hold the pelvis, the thighs and the knees as they move."""
        if not poses or self.skeleton is None:
            return []
        moves = [self.skeleton.transforms(p.pelvis, p.right, p.left) for p in poses]
        corners = []
        for instance_id, drawn in self._drawn.items():
            instance = self.atlas.instances[instance_id]
            if instance.structure.body not in THIGH_BODIES or not drawn.actor.GetVisibility():
                continue
            box = np.array(np.meshgrid(*np.reshape(drawn.mesh.bounds, (3, 2)))).reshape(3, -1).T
            body = instance.structure.body
            if body != "pelvis":  # the pelvis is one body; the leg's bones are per side
                body += SIDE_SUFFIX[instance.side or "right"]
            for placed in moves:
                corners += list(transform_points(placed[body], box))
        return corners

    def frame(
        self,
        name: str | View,
        points: np.ndarray,
        side_room: float = 0.0,
        min_extent: float = 0.0,
    ) -> None:
        """Look from a named direction at just ``points``, filling the view (a close-up).

        ``side_room`` is the share of the width kept free on each side, for labels;
        ``min_extent`` (mm) the least height and width shown, for context around a
        small structure.
        """
        view = VIEWS[name] if isinstance(name, str) else name
        points = np.asarray(points, dtype=float)
        lo, hi = points.min(axis=0), points.max(axis=0)
        centre = (lo + hi) / 2
        self.plotter.camera_position = camera_position(view, centre, 1.0)
        camera = self.plotter.camera
        camera.view_angle = 30.0
        forward = -np.asarray(view.direction, float)
        forward /= np.linalg.norm(forward)
        up = np.asarray(camera.GetViewUp())
        right = np.cross(forward, up)
        offsets = points - centre
        half_h = max(np.abs(offsets @ up).max(), min_extent / 2)
        half_w = max(np.abs(offsets @ right).max(), min_extent / 2) / max(1e-6, 1 - 2 * side_room)
        width, height = self.plotter.renderer.GetSize()
        needed = 1.08 * max(half_h, half_w * height / max(width, 1), 1.0)
        depth = np.abs(offsets @ forward).max()
        distance = needed / np.tan(np.radians(camera.view_angle / 2)) + depth
        self.plotter.camera_position = camera_position(view, centre, distance)
        self.plotter.reset_camera_clipping_range()

    def focus_on(self, instance_id: str, render: bool = True) -> None:
        """Close in on one instance, keeping the current direction of view.

        A small structure (piriformis, a bursa) still shows :data:`FOCUS_CONTEXT_MM`
        around it, so the bones beside it say where in the body it is.
        """
        camera = self.plotter.camera
        direction = np.subtract(camera.position, camera.focal_point)
        direction /= np.linalg.norm(direction)
        view = View("focus", "Focus", tuple(direction), tuple(camera.up))
        self.frame(view, self._points(instance_id), min_extent=FOCUS_CONTEXT_MM)
        if render:
            self.plotter.render()

    def camera_state(self) -> dict:
        """The camera as plain numbers, for bookmarks."""
        camera = self.plotter.camera
        return {
            "position": tuple(camera.position),
            "focal_point": tuple(camera.focal_point),
            "view_up": tuple(camera.up),
            "view_angle": camera.view_angle,
        }

    def set_camera_state(self, state: dict, render: bool = True) -> None:
        camera = self.plotter.camera
        camera.position = state["position"]
        camera.focal_point = state["focal_point"]
        camera.up = state["view_up"]
        camera.view_angle = state.get("view_angle", 30.0)
        self.plotter.reset_camera_clipping_range()
        if render:
            self.plotter.render()

    def copy_to(self, plotter: pv.BasePlotter) -> AtlasScene:
        """The same selection, labels, legend and camera drawn on another plotter.

        Pictures are rendered by a twin on an off-screen plotter of the
        requested size, so they are sharp at any size and the window is untouched.
        """
        library = MeshLibrary(meshes={i: d.mesh.copy() for i, d in self._drawn.items()})
        twin = AtlasScene(plotter, self.atlas, library, self.landmarks)
        twin._area_cache = self._area_cache  # same geometry, so the same areas
        twin._legend_shown = self._legend_shown
        twin._labels_shown = self._labels_shown
        twin.label_audience = self.label_audience
        twin._labels.text_scale = self._labels.text_scale
        twin.show_selection(self.selected, render=False)
        twin.skeleton = self.skeleton
        if self._posing is not None:
            meshes = {i: d.mesh for i, d in twin._drawn.items()}
            twin._posing = ScenePosing(self._posing.rig, meshes)
            twin.set_pose(self.pose, render=False)
        for instance_id in self._tinted:
            colours = self._drawn[instance_id].mesh.point_data[VERTEX_COLOURS]
            twin.set_vertex_colours(instance_id, np.array(colours))
        plotter.camera.DeepCopy(self.plotter.camera)
        plotter.reset_camera_clipping_range()
        return twin

    def surfaces(self) -> list[Surface]:
        """Every drawn instance as it looks now, for writing the scene to a 3D file."""
        return [
            Surface(
                instance_id,
                drawn.mesh,
                drawn.actor.prop.color.float_rgb,
                float(drawn.actor.prop.opacity),
                np.asarray(drawn.actor.user_matrix, dtype=float),
            )
            for instance_id, drawn in self._drawn.items()
            if drawn.actor.visibility
        ]

    # --- posing ----------------------------------------------------------------

    def set_pose(self, pose: Pose, render: bool = True) -> None:
        """Turn the hips and pelvis to ``pose``: bones move rigidly, soft tissue bends.

        The first call computes the skin weights (about ten seconds for the whole atlas on a
        2-core machine).
        """
        if self._posing is None:
            if self.skeleton is None:
                raise RuntimeError("set the scene's skeleton before posing it")
            meshes = {i: d.mesh for i, d in self._drawn.items()}
            rig = SceneRig.build(self.skeleton, self.atlas, self.landmarks, meshes)
            self._posing = ScenePosing(rig, meshes)
        self.pose = pose
        self._posing.apply(pose, {i: d.actor for i, d in self._drawn.items()})
        self._ghosts.follow()
        self._follow_features()
        if render:
            self.plotter.render()

    def clear_vertex_colours(self) -> None:
        """Every structure back to its own colour (no contraction or scenario tint)."""
        for instance_id in list(self._tinted):
            self.set_vertex_colours(instance_id, None)

    def set_vertex_colours(self, instance_id: str, colours: np.ndarray | None) -> None:
        """Colour a soft-tissue instance per vertex ((N, 3) uint8); None: its own colour again."""
        drawn = self._drawn.get(instance_id)
        if drawn is None or drawn.base_rgb is not None:
            return
        mapper = drawn.actor.mapper
        if colours is None:
            mapper.ScalarVisibilityOff()
            self._tinted.discard(instance_id)
        elif instance_id in self._tinted:
            drawn.mesh.point_data[VERTEX_COLOURS][:] = colours
            drawn.mesh.GetPointData().GetArray(VERTEX_COLOURS).Modified()
        else:
            drawn.mesh.point_data[VERTEX_COLOURS] = np.asarray(colours, dtype=np.uint8)
            mapper.SetScalarModeToUsePointFieldData()
            mapper.SelectColorArray(VERTEX_COLOURS)
            mapper.SetColorModeToDirectScalars()
            mapper.ScalarVisibilityOn()
            self._tinted.add(instance_id)

    def display_position(self, world: np.ndarray) -> tuple[int, int]:
        """Display pixel (VTK origin bottom left) of a world point, for tests and labels."""
        renderer = self.plotter.renderer
        renderer.SetWorldPoint(*world, 1.0)
        renderer.WorldToDisplay()
        x, y, _ = renderer.GetDisplayPoint()
        return round(x), round(y)


def _near(points: np.ndarray, around: np.ndarray) -> np.ndarray:
    """The ``points`` within :data:`NEAR_MM` of the box of ``around`` (all, if none are).

    A nerve runs far beyond the muscle it supplies: its label points at the part
    beside the muscle, and a close-up frames the muscle, not the nerve's whole course.
    """
    lo, hi = around.min(axis=0) - NEAR_MM, around.max(axis=0) + NEAR_MM
    inside = np.all((points >= lo) & (points <= hi), axis=1)
    return points[inside] if inside.any() else points
