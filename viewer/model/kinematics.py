"""Hip, knee and pelvis kinematics: poses, joint ranges and the rigid transforms they give.

The right hip follows the joint of Rajagopal et al. (2016): the femur turns
about the centre of its head by flexion (about +Z, mediolateral), then adduction
(about the once-turned +X, anteroposterior), then internal rotation (about the
femur's own long axis +Y). The signs are + flexion, + adduction, + internal
rotation. The left hip is the mirror image (z -> -z) of the right one, so the
same angles mean the same anatomical motion on both sides.

The knee follows the Rajagopal model's knee (see :class:`KneeModel`): + is flexion from
straight (0). A leg's angles travel together as (..., 4) arrays in :data:`LEG_DOFS`
order; code that knows only the hip may pass (..., 3) arrays, which mean a straight knee.

Everything here works on numpy arrays with any leading shape, so an animation
can pose a whole clip, or a plot sweep many angles, in one call.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from viewer.model.atlas import Side

HIP_DOFS = ("flexion", "adduction", "rotation")
"""The hip's degrees of freedom, in the order they are applied."""

LEG_DOFS = (*HIP_DOFS, "knee")
"""One leg's angles: the hip's, then the knee's flexion."""

PELVIS_DOFS = ("tilt", "obliquity", "rotation")
"""The pelvis's degrees of freedom, in the order they are applied."""

MIRROR = np.diag([1.0, 1.0, -1.0])
"""Reflection across the midline plane, which turns the right side into the left."""


@dataclass(frozen=True)
class HipPose:
    """The angles of one leg, in degrees: the hip's (+ flexion, + adduction, + internal
    rotation) and the knee's flexion (0 straight)."""

    flexion: float = 0.0
    adduction: float = 0.0
    rotation: float = 0.0
    knee: float = 0.0

    def as_array(self) -> np.ndarray:
        """The angles in :data:`LEG_DOFS` order, as the vectorised functions take them."""
        return np.array([self.flexion, self.adduction, self.rotation, self.knee], dtype=float)


@dataclass(frozen=True)
class PelvisPose:
    """The pelvis as a whole, in degrees, turning about the midpoint of the two hip centres.

    ``tilt`` + is anterior tilt (the ASIS go forward and down); ``obliquity`` +
    drops the left side (the right hip is hitched); ``rotation`` + turns the
    pelvis to face left (the right ASIS comes forward).
    """

    tilt: float = 0.0
    obliquity: float = 0.0
    rotation: float = 0.0

    def as_array(self) -> np.ndarray:
        return np.array([self.tilt, self.obliquity, self.rotation], dtype=float)


NEGATIVE_WORDS = {"flexion": "extension", "adduction": "abduction", "rotation": "external"}
"""What a negative angle of each hip degree of freedom means (the knee has none: 0 is
straight)."""


@dataclass(frozen=True)
class AngleRange:
    """The range of one degree of freedom, in degrees."""

    minimum: float
    maximum: float

    def clamp(self, angle: float) -> float:
        return float(min(max(angle, self.minimum), self.maximum))

    def __contains__(self, angle: float) -> bool:
        return self.minimum <= angle <= self.maximum


@dataclass(frozen=True)
class HipRanges:
    """How far a healthy adult hip (and the knee below it) moves in each degree of freedom."""

    flexion: AngleRange
    adduction: AngleRange
    rotation: AngleRange
    knee: AngleRange = AngleRange(0.0, 120.0)

    def clamp(self, pose: HipPose) -> HipPose:
        """The nearest pose inside the ranges, so a slider or a clip never overshoots."""
        return replace(
            pose, **{dof: getattr(self, dof).clamp(getattr(pose, dof)) for dof in LEG_DOFS}
        )

    def contains(self, pose: HipPose) -> bool:
        return all(getattr(pose, dof) in getattr(self, dof) for dof in LEG_DOFS)

    def describe(self) -> str:
        """The ranges in words, e.g. for a dialog that asks for angles."""
        hip = [
            f"{dof} {r.minimum:g} to {r.maximum:g} (negative: {NEGATIVE_WORDS[dof]})"
            for dof in HIP_DOFS
            for r in [getattr(self, dof)]
        ]
        return "; ".join([*hip, f"knee {self.knee.minimum:g} to {self.knee.maximum:g} (bent)"])

    def require(self, pose: HipPose) -> None:
        """ValueError naming every angle outside its normal range, with that range.

        A pose beyond the range is not a teaching picture but a broken one: the
        femur passes through the pelvis and the soft tissue folds on itself.
        """
        problems = [
            f"knee {angle:g}° is outside the knee's range, {r.minimum:g} (straight) to "
            f"{r.maximum:g}° of flexion"
            if dof == "knee"
            else f"{dof} {angle:g}° is outside the hip's range, {r.minimum:g} to "
            f"{r.maximum:g}° (negative: {NEGATIVE_WORDS[dof]})"
            for dof in LEG_DOFS
            for angle, r in [(getattr(pose, dof), getattr(self, dof))]
            if angle not in r
        ]
        if problems:
            raise ValueError("; ".join(problems))


def axis_rotation(axis: int, radians: np.ndarray) -> np.ndarray:
    """Right-handed rotations by ``radians`` (any shape) about x, y or z: shape (..., 3, 3)."""
    c, s = np.cos(radians), np.sin(radians)
    out = np.zeros(np.shape(radians) + (3, 3))
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    out[..., axis, axis] = 1.0
    out[..., i, i] = c
    out[..., j, j] = c
    out[..., i, j] = -s
    out[..., j, i] = s
    return out


def hip_rotation(angles_deg: np.ndarray, side: Side = "right") -> np.ndarray:
    """Femur orientation in the pelvis frame for hip angles (..., 3) in degrees: (..., 3, 3).

    Body-fixed order flexion (Z), adduction (X), internal rotation (Y), as in
    the OpenSim joint the muscle paths were published with; the left side is
    the right one conjugated by the mirror.
    """
    q = np.radians(np.asarray(angles_deg, dtype=float))
    rot = axis_rotation(2, q[..., 0]) @ axis_rotation(0, q[..., 1]) @ axis_rotation(1, q[..., 2])
    return rot if side == "right" else MIRROR @ rot @ MIRROR


def pelvis_rotation(angles_deg: np.ndarray) -> np.ndarray:
    """Pelvis orientation for (tilt, obliquity, rotation) (..., 3) in degrees: (..., 3, 3).

    The signs of :class:`PelvisPose` are turned into right-handed angles about
    Z (tilt), X (obliquity) and Y (rotation), applied in that body-fixed order.
    """
    q = np.radians(np.asarray(angles_deg, dtype=float))
    return axis_rotation(2, -q[..., 0]) @ axis_rotation(0, -q[..., 1]) @ axis_rotation(1, q[..., 2])


def rigid(rotation: np.ndarray, pivot: np.ndarray) -> np.ndarray:
    """4x4 transforms (..., 4, 4) turning by ``rotation`` (..., 3, 3) about the point ``pivot``."""
    rotation = np.asarray(rotation, dtype=float)
    out = np.zeros(rotation.shape[:-2] + (4, 4))
    out[..., :3, :3] = rotation
    out[..., :3, 3] = pivot - rotation @ np.asarray(pivot, dtype=float)
    out[..., 3, 3] = 1.0
    return out


def transform_points(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Apply 4x4 transform(s) (..., 4, 4) to points (N, 3) or (..., N, 3).

    One matrix and a mesh's vertices is the per-frame case; a stack of
    matrices and one set of points poses them for many frames at once.
    """
    matrix = np.asarray(matrix, dtype=float)
    points = np.asarray(points, dtype=float)
    rot = matrix[..., :3, :3]
    shift = matrix[..., None, :3, 3]
    return points @ np.swapaxes(rot, -1, -2) + shift


def knee_angles(leg_deg: np.ndarray) -> np.ndarray:
    """The knee angle (...) of leg angles (..., 4); 0 (straight) for hip-only angles (..., 3)."""
    leg = np.asarray(leg_deg, dtype=float)
    return leg[..., 3] if leg.shape[-1] > 3 else np.zeros(leg.shape[:-1])


MIRROR_4 = np.diag([1.0, 1.0, -1.0, 1.0])
""":data:`MIRROR` as a 4x4 transform."""


@dataclass(frozen=True)
class KneeModel:
    """The right knee: how the tibia and the patella move on the femur as the knee bends.

    The tibia follows the Rajagopal et al. (2016) knee: about a frame fixed in the femur
    (``frame``, axes as columns, at ``pivot``), the tibia turns by the knee angle about the
    frame's x axis, then by spline functions of the angle about its z and y axes, and glides
    along its y and z axes (scaled to the atlas femur). The patella turns in the trochlea
    about ``patella_pivot`` by the model's patellofemoral rotation. Points are in the femur
    frame, mm from the hip centre, with every angle at 0.

    The muscle paths turn about ``path_pivot``, the model's own (on the joint line), so their
    moment arms are the published model's; the drawn bones turn about ``pivot``, the centre
    of the atlas femur's condyles, on which the atlas tibia rolls without cutting in.
    """

    pivot: np.ndarray
    path_pivot: np.ndarray
    frame: np.ndarray
    knots: np.ndarray
    rotation_z: np.ndarray
    rotation_y: np.ndarray
    translation_y: np.ndarray
    translation_z: np.ndarray
    patella_pivot: np.ndarray
    patella_rotation: np.ndarray

    @cached_property
    def _splines(self) -> list:
        """The published functions: natural cubic splines through their knots (OpenSim's
        SimmSpline); scipy is imported when the knee first bends, not at start-up."""
        from scipy.interpolate import CubicSpline

        return [
            CubicSpline(self.knots, values, bc_type="natural")
            for values in (
                self.rotation_z,
                self.rotation_y,
                self.translation_y,
                self.translation_z,
                self.patella_rotation - self.patella_rotation[0],
            )
        ]

    def tibia(self, knee_deg: np.ndarray, pivot: np.ndarray | None = None) -> np.ndarray:
        """4x4 motions (..., 4, 4) of the tibia in the femur frame (mm from the hip centre),
        turning about ``pivot`` (default: the drawn bones' :attr:`pivot`)."""
        q = np.radians(np.asarray(knee_deg, dtype=float))
        rz, ry, ty, tz, _ = (f(q) for f in self._splines)
        joint = np.zeros(np.shape(q) + (4, 4))
        joint[..., :3, :3] = axis_rotation(0, q) @ axis_rotation(2, rz) @ axis_rotation(1, ry)
        joint[..., 1, 3] = ty
        joint[..., 2, 3] = tz
        joint[..., 3, 3] = 1.0
        frame = np.eye(4)
        frame[:3, :3] = self.frame
        frame[:3, 3] = self.pivot if pivot is None else pivot
        return frame @ joint @ np.linalg.inv(frame)

    def patella(self, knee_deg: np.ndarray) -> np.ndarray:
        """4x4 motions (..., 4, 4) of the patella in the femur frame (mm from the hip centre)."""
        turn = self._splines[4](np.radians(np.asarray(knee_deg, dtype=float)))
        return rigid(axis_rotation(2, turn), self.patella_pivot)


def side_point(right_point: np.ndarray, side: Side) -> np.ndarray:
    """A right-side point (or points) carried to ``side``."""
    point = np.asarray(right_point, dtype=float)
    return point @ MIRROR if side == "left" else point


@dataclass(frozen=True)
class Skeleton:
    """The bones that move and where they turn: the two hip centres (right one given)."""

    hip_centre: np.ndarray
    """Right hip joint centre in the pelvis frame, mm; the left one is its mirror."""
    knee: KneeModel | None = None
    """The knee; None holds the leg straight (a model with no knee data)."""
    lumbar: tuple[tuple[str, float], ...] = ()
    """Each lumbar disc's share of the pelvis's tilt and obliquity, from the lumbosacral disc
    up (:mod:`viewer.model.lumbar`); empty: the spine moves with the pelvis as one block."""

    def hip_centre_of(self, side: Side) -> np.ndarray:
        return side_point(self.hip_centre, side)

    @property
    def pelvis_pivot(self) -> np.ndarray:
        """Midpoint of the hip centres: the pelvis tilts and drops about the hip axis."""
        return np.array([self.hip_centre[0], self.hip_centre[1], 0.0])

    def pelvis_transform(self, pose: PelvisPose | np.ndarray) -> np.ndarray:
        """4x4 transform(s) placing pelvis-fixed points (pelvis frame, mm) for ``pose``."""
        angles = pose.as_array() if isinstance(pose, PelvisPose) else pose
        return rigid(pelvis_rotation(angles), self.pelvis_pivot)

    def hip_transform(self, pose: HipPose | np.ndarray, side: Side) -> np.ndarray:
        """4x4 transform(s) of the femur relative to the pelvis, for its neutral-pose points."""
        angles = pose.as_array() if isinstance(pose, HipPose) else pose
        return rigid(hip_rotation(angles, side), self.hip_centre_of(side))

    def femur_transform(
        self, hip: HipPose | np.ndarray, side: Side, pelvis: PelvisPose | np.ndarray | None = None
    ) -> np.ndarray:
        """4x4 transform(s) of the femur in the scene: the pelvis motion, then the hip's."""
        joint = self.hip_transform(hip, side)
        return joint if pelvis is None else self.pelvis_transform(pelvis) @ joint

    def knee_transform(self, knee_deg: np.ndarray, side: Side, body: str = "tibia") -> np.ndarray:
        """4x4 transform(s) of the ``tibia`` or ``patella`` relative to the femur at rest, in the
        pelvis frame, for knee angles (...) in degrees; ``paths``: the tibia as the muscle
        paths see it (see :class:`KneeModel`)."""
        knee_deg = np.asarray(knee_deg, dtype=float)
        if self.knee is None:
            return np.broadcast_to(np.eye(4), knee_deg.shape + (4, 4)).copy()
        if body == "patella":
            local = self.knee.patella(knee_deg)
        else:
            pivot = self.knee.path_pivot if body == "paths" else None
            local = self.knee.tibia(knee_deg, pivot)
        shift = np.eye(4)
        shift[:3, 3] = self.hip_centre
        placed = shift @ local @ np.linalg.inv(shift)
        return placed if side == "right" else MIRROR_4 @ placed @ MIRROR_4

    def transforms(
        self, pelvis: PelvisPose, right: HipPose, left: HipPose
    ) -> dict[str, np.ndarray]:
        """Every moving body's 4x4 transform for one frame, by body name."""
        moved = self.pelvis_transform(pelvis)
        out = {"pelvis": moved}
        for side, suffix, leg in (("right", "_r", right), ("left", "_l", left)):
            femur = moved @ self.hip_transform(leg, side)
            out[f"femur{suffix}"] = femur
            out[f"tibia{suffix}"] = femur @ self.knee_transform(leg.knee, side)
            out[f"patella{suffix}"] = femur @ self.knee_transform(leg.knee, side, "patella")
        return out


def rodrigues(v: np.ndarray, k: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
    """Vectors ``v`` (3, n) turned about unit axis ``k`` by angles given by cos, sin (n,): (n, 3).

    v cos + (k x v) sin + k (k . v)(1 - cos), one coordinate at a time and in place,
    so every operation runs over a contiguous array and few temporaries are made.
    """
    x, y, z = v
    kx, ky, kz = (float(c) for c in k)
    along = kx * x
    along += ky * y
    along += kz * z
    along *= 1 - cos
    out = np.empty((len(cos), 3), dtype=np.float32)
    cross = np.empty_like(cos)
    for j, (a, b, c, kb, kc) in enumerate(
        ((x, y, z, ky, kz), (y, z, x, kz, kx), (z, x, y, kx, ky))
    ):
        np.multiply(kb, c, out=cross)  # (k x v)_j = kb * c - kc * b
        cross -= kc * b
        cross *= sin
        column = a * cos
        column += cross
        column += (kx, ky, kz)[j] * along
        out[:, j] = column
    return out


def axis_angle(rotation: np.ndarray) -> tuple[np.ndarray, float]:
    """Unit axis and angle (radians, 0..pi) of a rotation matrix."""
    r = np.asarray(rotation, dtype=float)
    angle = float(np.arccos(np.clip((np.trace(r) - 1) / 2, -1.0, 1.0)))
    axis = np.array([r[2, 1] - r[1, 2], r[0, 2] - r[2, 0], r[1, 0] - r[0, 1]])
    norm = np.linalg.norm(axis)
    if norm < 1e-9:
        if angle < 1e-6:
            return np.array([1.0, 0.0, 0.0]), 0.0
        # A half turn: the axis is the column of R + I with the largest norm.
        columns = r + np.eye(3)
        axis = columns[:, np.argmax(np.linalg.norm(columns, axis=0))]
        norm = np.linalg.norm(axis)
    return axis / norm, angle
