"""Posing the drawn atlas: bones placed rigidly, soft tissue bent by its skin weights.

Bones never change shape, so they are moved by their actor's matrix (free on
the CPU). Soft tissue is bent in place: the skin weights are computed once,
on the first pose, and each frame rewrites only the vertices that move, on
the side whose leg moved, straight into the arrays VTK draws from: bent at the
knee first, then turned at the hip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingAnnotation import vtkLegendBoxActor

from viewer.model.animation import NEUTRAL, ActionClip, Pose
from viewer.model.atlas import Atlas, Side
from viewer.model.contraction import modelled_parts, nearest_part, performers, strain
from viewer.model.covering import Covering, bed_of
from viewer.model.kinematics import HipPose, PelvisPose, Skeleton, side_point
from viewer.model.landmarks import Landmarks
from viewer.model.lumbar import LumbarChain, chain_from
from viewer.model.muscle_paths import MotionModel
from viewer.model.skinning import COVERINGS, KneeSkin, Rig, Skin, Turn
from viewer.scene.legend import make_legend
from viewer.scene.palette import rgb

SHORTENING_COLOUR = "#c0182a"
LENGTHENING_COLOUR = "#1f5fbf"
UNCHANGED_COLOUR = "#a69c9e"
"""Warm grey: a muscle at its resting length must not vanish into the ivory bone."""
CONTRACTION_LEGEND = (
    ("Shortens", SHORTENING_COLOUR),
    ("Holds its length", UNCHANGED_COLOUR),
    ("Lengthens", LENGTHENING_COLOUR),
)
"""Length change, not effort: a muscle holding the pelvis level works at the same length."""
FULL_SCALE_STRAIN = 0.25
"""A path a quarter shorter or longer than at neutral gets the full colour."""


def strain_colours(strains: np.ndarray, full_scale: float = FULL_SCALE_STRAIN) -> np.ndarray:
    """Diverging colours (..., 3) uint8: red for shortening, blue for lengthening, in proportion,
    the full colour at ``full_scale`` (a relative length change)."""
    s = np.clip(np.asarray(strains, dtype=float) / full_scale, -1.0, 1.0)[..., None]
    mid = np.array(rgb(UNCHANGED_COLOUR), float)
    end = np.where(s < 0, np.array(rgb(SHORTENING_COLOUR), float), rgb(LENGTHENING_COLOUR))
    return np.rint(mid + (end - mid) * np.abs(s)).astype(np.uint8)


@dataclass(frozen=True)
class SpineSkin:
    """A soft-tissue instance that bends with the lumbar spine: its rest shape, which every
    frame's bend starts from, and each vertex's level on the spine
    (:meth:`~viewer.model.skinning.Rig.spine_levels`)."""

    levels: np.ndarray
    points: np.ndarray
    normals: np.ndarray


@dataclass(frozen=True)
class CoveringRig:
    """A covering (the skin) and the vertices of each structure beneath it that carry it."""

    covering: Covering
    bed: dict[str, np.ndarray]
    """Per instance, the indices of its vertices in the covering's bed, in bed order."""
    rest: tuple[np.ndarray, np.ndarray]
    """The covering's own vertices and normals, drawn as built in the standing pose."""

    @classmethod
    def build(cls, covering: pv.PolyData, beneath: Mapping[str, pv.PolyData]) -> CoveringRig:
        ids = list(beneath)
        points = np.concatenate([np.asarray(beneath[i].points) for i in ids])
        owner = np.repeat(np.arange(len(ids)), [beneath[i].n_points for i in ids])
        start = np.r_[0, np.cumsum([beneath[i].n_points for i in ids])]
        chosen = bed_of(points, np.asarray(covering.points))
        bed = {ids[k]: chosen[owner[chosen] == k] - start[k] for k in np.unique(owner[chosen])}
        bed_points = np.concatenate([np.asarray(beneath[i].points)[v] for i, v in bed.items()])
        bed_normals = np.concatenate(
            [np.asarray(beneath[i].point_data["Normals"])[v] for i, v in bed.items()]
        )
        faces = covering.faces.reshape(-1, 4)[:, 1:]
        rest = (
            np.array(covering.points, dtype=float),
            np.array(covering.point_data["Normals"], dtype=float),
        )
        return cls(Covering.build(rest[0], faces, bed_points, bed_normals), bed, rest)


@dataclass(frozen=True)
class SceneRig:
    """What posing needs to know of a scene's meshes, computed once from their rest shapes."""

    skeleton: Skeleton
    bodies: dict[str, str]
    """The rigid body each bone instance moves with (``pelvis``, ``femur_l``, ``tibia_r``...)."""
    sides: dict[str, Side]
    """The leg whose motion bends each soft-tissue instance."""
    skins: dict[str, Skin]
    """The soft-tissue instances with vertices that move, and how they move."""
    knee_skins: dict[str, KneeSkin]
    """The soft-tissue instances that reach the knee, and how they bend there."""
    lumbar: LumbarChain | None = None
    """How the lumbar spine bends as the pelvis tilts; None: it moves with the pelvis."""
    spine_skins: Mapping[str, SpineSkin] = field(default_factory=dict)
    """The soft-tissue instances that bend with the spine, and how."""
    coverings: Mapping[str, CoveringRig] = field(default_factory=dict)
    """The coverings (the skin), carried by the structures beneath them."""

    @classmethod
    def build(
        cls,
        skeleton: Skeleton,
        atlas: Atlas,
        landmarks: Landmarks | None,
        meshes: Mapping[str, pv.PolyData],
    ) -> SceneRig:
        bones = {
            i: np.asarray(m.points)
            for i, m in meshes.items()
            if atlas.instances[i].structure.kind == "bone"
        }
        rig = Rig(atlas, landmarks, bones)
        sides: dict[str, Side] = {
            i: atlas.instances[i].side or "right"
            for i in meshes
            if i not in bones and atlas.instances[i].structure.kind not in COVERINGS
        }
        skins, knee_skins = {}, {}
        weights = rig.all_weights(
            {i: (meshes[i].points, meshes[i].faces.reshape(-1, 4)[:, 1:]) for i in sides}
        )
        for instance_id, side in sides.items():
            mesh = meshes[instance_id]
            skin = Skin.build(
                mesh.points,
                mesh.point_data["Normals"],
                weights[instance_id],
                skeleton.hip_centre_of(side),
            )
            if len(skin.moving):
                skins[instance_id] = skin
            if skeleton.knee is not None:
                pivot = skeleton.hip_centre_of(side) + side_point(skeleton.knee.pivot, side)
                distances = rig.knee_distances(np.asarray(mesh.points), side)
                bend = KneeSkin.build(mesh.points, mesh.point_data["Normals"], pivot, distances)
                if len(bend.moving):
                    knee_skins[instance_id] = bend
        vertebrae = [i for i in bones if atlas.instances[i].structure.body == "spine"]
        lumbar = chain_from(dict(skeleton.lumbar), vertebrae, landmarks)
        spine_skins = {}
        if lumbar is not None:
            for instance_id in sides:
                mesh = meshes[instance_id]
                levels = rig.spine_levels(np.asarray(mesh.points), lumbar)
                if levels.max(initial=0.0) > 1e-3:
                    spine_skins[instance_id] = SpineSkin(
                        levels,
                        np.array(mesh.points, dtype=float),
                        np.array(mesh.point_data["Normals"], dtype=float),
                    )
        bodies = {i: rig.body(i) for i in bones}
        beneath = {i: m for i, m in meshes.items() if i in bones or i in sides}
        coverings = {
            i: CoveringRig.build(m, beneath)
            for i, m in meshes.items()
            if atlas.instances[i].structure.kind in COVERINGS
        }
        return cls(skeleton, bodies, sides, skins, knee_skins, lumbar, spine_skins, coverings)


class ScenePosing:
    """Poses one scene's actors and meshes by a :class:`SceneRig`; :meth:`apply` per frame."""

    def __init__(self, rig: SceneRig, meshes: Mapping[str, pv.PolyData]):
        self.rig = rig
        bending = {*rig.skins, *rig.knee_skins, *rig.spine_skins}
        self._targets = {i: _Target(meshes[i]) for i in bending}
        self._placed: dict[str, np.ndarray] = {}
        self._hips: dict[Side, HipPose] = {}
        self._spine: PelvisPose | None = None
        """The pelvic tilt and obliquity the spine last took up."""
        self._meshes = meshes
        self._pose = NEUTRAL
        self._covered: dict[str, Pose] = {}
        """The pose each covering was last fitted to."""

    def apply(self, pose: Pose, actors: Mapping[str, pv.Actor]) -> None:
        """Move bones and bend soft tissue for ``pose``; only what changed is touched."""
        transforms = self.rig.skeleton.transforms(pose.pelvis, pose.right, pose.left)
        spine = pose.pelvis if pose.trunk_upright else PelvisPose()  # what the spine takes up
        if self.rig.lumbar is not None:  # each vertebra turns on the discs below it
            for vertebra, matrix in self.rig.lumbar.transforms(spine).items():
                transforms[vertebra] = transforms["pelvis"] @ matrix
        changed = {
            body
            for body, matrix in transforms.items()
            if body not in self._placed or not np.array_equal(matrix, self._placed[body])
        }
        for instance_id, actor in actors.items():
            body = self.rig.bodies.get(instance_id, "pelvis")  # soft tissue rides the pelvis
            if body in changed:
                actor.user_matrix = transforms[body]
        self._placed = transforms
        tilted = self._spine != spine
        for side in ("right", "left"):
            hip = pose.hip(side)
            turned = self._hips.get(side) != hip
            if not turned and not tilted:
                continue
            turn = Turn.of(self.rig.skeleton.hip_transform(hip, side)[:3, :3])
            knee = self.rig.skeleton.knee_transform(hip.knee, side)
            for instance_id, target in self._targets.items():
                on_spine = self.rig.spine_skins.get(instance_id)
                if self.rig.sides[instance_id] != side or not (turned or on_spine is not None):
                    continue
                bend = self.rig.knee_skins.get(instance_id)
                bent = bend.bend(knee) if bend is not None else None
                if on_spine is not None and self.rig.lumbar is not None:  # then the spine's bend
                    start = bent or (on_spine.points, on_spine.normals)
                    bent = self.rig.lumbar.bend(*start, on_spine.levels, spine)
                if bent is not None:  # before the hip's turn, so vertices it holds still show it
                    target.points[:] = bent[0].reshape(-1)
                    target.normals[:] = bent[1].reshape(-1)
                skin = self.rig.skins.get(instance_id)
                if skin is not None:
                    skin.pose(turn, target.points, target.normals, bent)
                target.modified()
            self._hips[side] = hip
        self._spine = spine
        self._pose = pose
        self.cover(actors)

    def cover(self, actors: Mapping[str, pv.Actor]) -> None:
        """Fit each shown covering over what lies beneath it in the current pose.

        A hidden covering (the skin in clinician mode) costs nothing: it is fitted when
        it is shown again (the scene calls this whenever visibility changes).
        """
        for instance_id, rig in self.rig.coverings.items():
            actor = actors.get(instance_id)
            if actor is None or not actor.GetVisibility():
                continue
            if self._covered.get(instance_id, NEUTRAL) == self._pose:
                continue
            if self._pose == NEUTRAL:  # standing: exactly as built
                points, normals = rig.rest
            else:
                points = rig.covering.pose(*self._bed(rig))
                normals = rig.covering.normals(points)
            target = _Target(self._meshes[instance_id])
            target.points[:] = points.reshape(-1)
            target.normals[:] = normals.reshape(-1)
            target.modified()
            self._covered[instance_id] = self._pose

    def _bed(self, rig: CoveringRig) -> tuple[np.ndarray, np.ndarray]:
        """The covering's bed vertices and normals as posed, in the pelvis's frame (the
        covering rides the pelvis like all soft tissue; bones carry their own matrices)."""
        to_pelvis = np.linalg.inv(self._placed["pelvis"])
        points, normals = [], []
        for instance_id, chosen in rig.bed.items():
            mesh = self._meshes[instance_id]
            p = np.asarray(mesh.points)[chosen]
            n = np.asarray(mesh.point_data["Normals"])[chosen]
            body = self.rig.bodies.get(instance_id, "pelvis")
            if body != "pelvis":
                matrix = to_pelvis @ self._placed[body]
                p = p @ matrix[:3, :3].T + matrix[:3, 3]
                n = n @ matrix[:3, :3].T
            points.append(p)
            normals.append(n)
        return np.concatenate(points), np.concatenate(normals)


class _Target:
    """Flat views of a mesh's point and normal arrays, written in place each frame."""

    def __init__(self, mesh: pv.PolyData):
        self._vtk = (mesh.GetPoints(), mesh.GetPointData().GetArray("Normals"))
        self.points = np.asarray(mesh.points).reshape(-1)
        self.normals = np.asarray(mesh.point_data["Normals"]).reshape(-1)

    def modified(self) -> None:
        for array in self._vtk:
            array.Modified()


class ContractionColours:
    """Colours the muscles performing a clip's motion by how much each fibre part shortens.

    The strains are computed for the whole clip when it is loaded (one vectorised
    length call per fibre part); a frame only interpolates them and looks colours up.
    """

    SAMPLES = 241
    """Times per clip at which the path lengths are computed."""

    def __init__(self, atlas: Atlas, model: MotionModel, meshes: Mapping[str, pv.PolyData]):
        self._atlas = atlas
        self._model = model
        self._meshes = meshes
        self._part_of: dict[str, np.ndarray] = {}
        self._times = np.zeros(1)
        self._strains: dict[str, np.ndarray] = {}
        """Per performing instance: strains (SAMPLES, parts) through the clip."""
        self._full_scale: dict[str, float] = {}
        """Per instance, the length change that gets the full colour (default
        :data:`FULL_SCALE_STRAIN`)."""

    def load(self, clip: ActionClip) -> None:
        """Prepare the colours of ``clip``'s performers on its side."""
        self._times = np.linspace(0.0, clip.duration, self.SAMPLES)
        angles = clip.angles(self._times)
        self._strains = {}
        for muscle in performers(self._atlas, clip.motion):
            instance_id = self._atlas.instance_of(muscle, clip.side)
            parts = modelled_parts(self._model, muscle)
            if not parts or instance_id not in self._meshes:
                continue
            if instance_id not in self._part_of:
                points = np.asarray(self._meshes[instance_id].points)
                self._part_of[instance_id] = nearest_part(self._model, parts, points, clip.side)
            strains = np.stack([strain(self._model, p, angles, clip.side) for p in parts], axis=1)
            # from where the motion starts: a knee straightening from bent shortens the
            # quadriceps, though they stay longer than with the knee straight
            self._strains[instance_id] = (1 + strains) / (1 + strains[:1]) - 1

    @property
    def instances(self) -> list[str]:
        """The instances the loaded clip colours."""
        return list(self._strains)

    def strains_at(self, t: float) -> dict[str, np.ndarray]:
        """Per performing instance, each fibre part's strain (parts,) at time ``t`` (s)."""
        i = np.interp(t, self._times, np.arange(len(self._times)))
        lo = int(min(np.floor(i), len(self._times) - 2))
        f = i - lo
        return {k: (1 - f) * v[lo] + f * v[lo + 1] for k, v in self._strains.items()}

    def colours_at(self, t: float) -> dict[str, np.ndarray]:
        """Per-vertex colours (N, 3) uint8 of each performing instance at time ``t`` (s)."""
        return {
            k: strain_colours(parts, self._full_scale.get(k, FULL_SCALE_STRAIN))[self._part_of[k]]
            for k, parts in self.strains_at(t).items()
        }


def contraction_legend() -> vtkLegendBoxActor:
    """The colour key of :func:`strain_colours`, in the upper right corner of the view."""
    legend = make_legend(list(CONTRACTION_LEGEND))
    width, height = legend.GetPosition2Coordinate().GetValue()[:2]
    legend.GetPositionCoordinate().SetValue(0.98 - width, 0.98 - height)
    return legend
