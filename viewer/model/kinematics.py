"""Hip and pelvis kinematics: poses, joint ranges and the rigid transforms they give.

The right hip follows the joint of Rajagopal et al. (2016): the femur turns
about the centre of its head by flexion (about +Z, mediolateral), then adduction
(about the once-turned +X, anteroposterior), then internal rotation (about the
femur's own long axis +Y). The signs are + flexion, + adduction, + internal
rotation. The left hip is the mirror image (z -> -z) of the right one, so the
same angles mean the same anatomical motion on both sides.

Everything here works on numpy arrays with any leading shape, so an animation
can pose a whole clip, or a plot sweep many angles, in one call.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from viewer.model.atlas import Side

HIP_DOFS = ("flexion", "adduction", "rotation")
"""The hip's degrees of freedom, in the order they are applied."""

PELVIS_DOFS = ("tilt", "obliquity", "rotation")
"""The pelvis's degrees of freedom, in the order they are applied."""

MIRROR = np.diag([1.0, 1.0, -1.0])
"""Reflection across the midline plane, which turns the right side into the left."""


@dataclass(frozen=True)
class HipPose:
    """The angles of one hip, in degrees: + flexion, + adduction, + internal rotation."""

    flexion: float = 0.0
    adduction: float = 0.0
    rotation: float = 0.0

    def as_array(self) -> np.ndarray:
        """The angles in :data:`HIP_DOFS` order, as the vectorised functions take them."""
        return np.array([self.flexion, self.adduction, self.rotation], dtype=float)


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
"""What a negative angle of each hip degree of freedom means."""


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
    """How far a healthy adult hip moves in each degree of freedom."""

    flexion: AngleRange
    adduction: AngleRange
    rotation: AngleRange

    def clamp(self, pose: HipPose) -> HipPose:
        """The nearest pose inside the ranges, so a slider or a clip never overshoots."""
        return replace(
            pose,
            flexion=self.flexion.clamp(pose.flexion),
            adduction=self.adduction.clamp(pose.adduction),
            rotation=self.rotation.clamp(pose.rotation),
        )

    def contains(self, pose: HipPose) -> bool:
        return all(getattr(pose, dof) in getattr(self, dof) for dof in HIP_DOFS)

    def describe(self) -> str:
        """The ranges in words, e.g. for a dialog that asks for angles."""
        return "; ".join(
            f"{dof} {r.minimum:g} to {r.maximum:g} (negative: {NEGATIVE_WORDS[dof]})"
            for dof in HIP_DOFS
            for r in [getattr(self, dof)]
        )

    def require(self, pose: HipPose) -> None:
        """ValueError naming every angle outside its normal range, with that range.

        A pose beyond the range is not a teaching picture but a broken one: the
        femur passes through the pelvis and the soft tissue folds on itself.
        """
        problems = [
            f"{dof} {angle:g}° is outside the hip's range, {r.minimum:g} to {r.maximum:g}° "
            f"(negative: {NEGATIVE_WORDS[dof]})"
            for dof in HIP_DOFS
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


def side_point(right_point: np.ndarray, side: Side) -> np.ndarray:
    """A right-side point (or points) carried to ``side``."""
    point = np.asarray(right_point, dtype=float)
    return point @ MIRROR if side == "left" else point


@dataclass(frozen=True)
class Skeleton:
    """The bones that move and where they turn: the two hip centres (right one given)."""

    hip_centre: np.ndarray
    """Right hip joint centre in the pelvis frame, mm; the left one is its mirror."""

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

    def transforms(
        self, pelvis: PelvisPose, right: HipPose, left: HipPose
    ) -> dict[str, np.ndarray]:
        """Every moving body's 4x4 transform for one frame, by body name."""
        moved = self.pelvis_transform(pelvis)
        return {
            "pelvis": moved,
            "femur_r": moved @ self.hip_transform(right, "right"),
            "femur_l": moved @ self.hip_transform(left, "left"),
        }
