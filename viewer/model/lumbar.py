"""The lumbar spine bending with the pelvis, so that the trunk above it stays upright.

When the pelvis tilts forwards with the trunk held upright, the lumbar lordosis deepens by as
much; when it tilts backwards the lumbar spine flattens; when it drops on one side the spine
bends sideways against the drop. Each intervertebral disc takes a share of the pelvis's tilt
and obliquity (``lumbar`` in ``motion.yaml``), turning the vertebra above it back by that
share about the disc's centre; the shares add up to one, so L1 keeps its orientation in the
room. The discs' places are those of the built meshes (their endplate centres, landmarks of
``meshes/landmarks.json``), so nothing about the spine's shape is written twice.

Bones move rigidly with their vertebra. Soft tissue gets a level along the column (0 at the
sacrum's endplate, rising by one across each disc, constant along a vertebra's body) scaled
by how near it lies to the spine rather than the pelvis, and bends by the share of the chain
below that level: psoas moves with the bodies it arises from, iliacus on the ilium does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from viewer.model.kinematics import PelvisPose, axis_angle, pelvis_rotation, rigid, rodrigues
from viewer.model.landmarks import Landmarks

LOWER, UPPER = "lower_endplate_centre", "upper_endplate_centre"
"""The landmarks of a disc's mesh where it meets the bone below and the one above."""
BODY = "body_centre"
"""A vertebra's landmark at the centre of its body."""


@dataclass(frozen=True)
class Disc:
    """One disc of the chain and the vertebra that turns on it."""

    id: str
    vertebra: str
    """The instance above the disc, which turns on it."""
    lower: np.ndarray
    upper: np.ndarray
    share: float
    """The part of the pelvis's tilt and obliquity this disc takes back."""

    @property
    def centre(self) -> np.ndarray:
        return 0.5 * (self.lower + self.upper)


@dataclass(frozen=True)
class LumbarChain:
    """The lumbar discs from the lumbosacral disc up, and how the spine bends on them."""

    discs: tuple[Disc, ...]

    def turns(self, pelvis: PelvisPose) -> list[np.ndarray]:
        """Each disc's turn (3, 3) in the pelvis frame: its share of the pelvis's tilt and
        obliquity, backwards."""
        return self._turns(np.array([pelvis.tilt, pelvis.obliquity]))

    def transforms(self, pelvis: PelvisPose) -> dict[str, np.ndarray]:
        """Each vertebra's 4x4 transform in the pelvis frame: the turns of every disc below
        it, each about that disc's centre at rest."""
        return self.placements(np.array([pelvis.tilt, pelvis.obliquity]))

    def placements(self, bend_deg: np.ndarray) -> dict[str, np.ndarray]:
        """Each vertebra's transforms (..., 4, 4) in the pelvis frame for the pelvis's tilt and
        obliquity (..., 2) in degrees taken back by the spine: many frames in one call, as the
        muscle paths are posed."""
        bend = np.asarray(bend_deg, dtype=float)
        out, placed = {}, np.broadcast_to(np.eye(4), bend.shape[:-1] + (4, 4))
        for disc, turn in zip(self.discs, self._turns(bend), strict=True):
            placed = placed @ rigid(turn, disc.centre)
            out[disc.vertebra] = placed
        return out

    def _turns(self, bend_deg: np.ndarray) -> list[np.ndarray]:
        angles = np.concatenate([bend_deg, np.zeros(bend_deg.shape[:-1] + (1,))], axis=-1)
        return [pelvis_rotation(-disc.share * angles) for disc in self.discs]

    def levels(self, points: np.ndarray) -> np.ndarray:
        """Each point's level (N,) along the column: how many discs lie below it, counting
        the one it is level with by how far up that disc it lies."""
        points = np.asarray(points, dtype=float)
        level = np.zeros(len(points))
        for disc in self.discs:
            axis = disc.upper - disc.lower
            height = float(np.linalg.norm(axis))
            level += np.clip((points - disc.lower) @ (axis / height) / height, 0.0, 1.0)
        return level

    def bend(
        self, points: np.ndarray, normals: np.ndarray, levels: np.ndarray, pelvis: PelvisPose
    ) -> tuple[np.ndarray, np.ndarray]:
        """``points`` and ``normals`` (N, 3) bent by the chain up to their ``levels`` (N,): the
        whole turns of the discs below, and the part of the next disc's turn that the level
        reaches into it."""
        points = np.asarray(points, dtype=float)
        normals = np.asarray(normals, dtype=float)
        out, out_normals = points.copy(), normals.copy()
        levels = np.clip(np.asarray(levels, dtype=float), 0.0, len(self.discs))
        placed = np.eye(4)
        for k, (disc, turn) in enumerate(zip(self.discs, self.turns(pelvis), strict=True)):
            inside = (levels > k) & (levels <= k + 1)
            if inside.any():
                axis, angle = axis_angle(turn)
                angles = (levels[inside] - k) * angle
                local = _turn_about(points[inside], disc.centre, axis, angles)
                local_normals = _turn_about(normals[inside], np.zeros(3), axis, angles)
                out[inside] = local @ placed[:3, :3].T + placed[:3, 3]
                out_normals[inside] = local_normals @ placed[:3, :3].T
            placed = placed @ rigid(turn, disc.centre)
        return out, out_normals


def chain_from(
    shares: Mapping[str, float], vertebrae: Iterable[str], landmarks: Landmarks | None
) -> LumbarChain | None:
    """The chain of the discs in ``shares`` (lumbosacral first), placed at their built endplate
    landmarks, each turning the vertebra whose body lies on it (of ``vertebrae``, by their
    ``body_centre`` landmarks); None where a disc, a vertebra or a landmark is not loaded."""
    if landmarks is None or not shares:
        return None
    centres = {v: landmarks.point(v, BODY, None) for v in vertebrae if landmarks.has(v, BODY)}
    discs = []
    for disc_id, share in shares.items():
        if not (centres and landmarks.has(disc_id, LOWER) and landmarks.has(disc_id, UPPER)):
            return None
        upper = landmarks.point(disc_id, UPPER, None)
        above = min(centres, key=lambda v: float(np.linalg.norm(centres[v] - upper)))
        lower = landmarks.point(disc_id, LOWER, None)
        discs.append(Disc(disc_id, above, lower, upper, float(share)))
    if len({d.vertebra for d in discs}) < len(discs):
        return None  # two discs under one vertebra: some level is missing
    return LumbarChain(tuple(discs))


def _turn_about(points: np.ndarray, pivot: np.ndarray, axis: np.ndarray, angles: np.ndarray):
    """Points (N, 3) turned about ``pivot`` and ``axis`` by their own angles (N,)."""
    offsets = np.ascontiguousarray((points - pivot).T)
    return pivot + rodrigues(offsets, axis, np.cos(angles), np.sin(angles)).astype(float)
