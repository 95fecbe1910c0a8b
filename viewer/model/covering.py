"""The skin over a posed body: it follows the tissue beneath it and never lets anything through.

The skin is one closed surface over both legs, the pelvis and the lower back, 7 to 28 mm
out from the muscles. Weighting it between the bones like the muscles
(:mod:`viewer.model.skinning`) let the femur and the hamstrings through it at 90 degrees
of flexion, because its vertices lie far from the bones that weights are measured from.
So each skin vertex is instead carried by the structures right beneath it, its *bed*: at
rest it is tied to its nearest bed vertices, and in a pose it sits over where they went,
as far out along their turned normals as it was at rest. Where two moving parts meet (the
groin in flexion, the back of a bent knee), the skin between them cuts a chord and
something comes through it; a few rounds of pushing each such vertex back out to a small
clearance over the nearest bed vertex, each smoothed over the skin's neighbours so the
skin bulges rather than spikes, then a last unsmoothed push, close it.

Everything here is plain arrays: the scene gathers the bed's posed vertices and normals
and writes the result into the skin it draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from viewer.model.skinning import mesh_edges

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

BED_REACH_MM = 45.0
"""Tissue vertices this close to the skin at rest make up its bed. Deeper ones (vastus
intermedius under the groin's crease at 90 degrees of flexion) came through a 25 mm bed."""

BED_SPACING_MM = 2.5
"""The bed is thinned to about one vertex per cube of this size: the pushes test against
it every frame, and a denser bed changes where the skin lies by less than the clearance."""

TIES = 16
"""How many bed vertices each skin vertex is tied to (from 8, 16 folded a sixth fewer of
the skin's triangles by more than 90 degrees at the glute bridge's start and let less
through it)."""

CLEARANCE_MM = 3.0
"""How far out of the nearest bed vertex a pushed skin vertex ends: more than the bed's
spacing leaves between its vertices, so the surface between them stays beneath too."""

PUSH_ROUNDS = 4
"""Smoothed pushes before the last plain one (more changed nothing at the atlas's poses;
pushing along the skin's own normal instead, to leave two pressed structures at once, made
it worse: a crumpled crease has no reliable normal)."""

SMOOTHING_STEPS = 4
"""How often each push is averaged over the skin's neighbours."""


@dataclass(frozen=True)
class Covering:
    """A skin's ties to its bed, computed once from the rest shapes."""

    ties: np.ndarray
    """(N, TIES) indices into the bed of each skin vertex's nearest bed vertices."""
    shares: np.ndarray
    """(N, TIES) how much each tie counts (inverse square distance, rows sum to 1)."""
    depth: np.ndarray
    """(N,) how far out along its ties' mean normal each skin vertex lay at rest, mm."""
    drift: np.ndarray
    """(N, 3) the rest of its offset from its ties' mean point (small: it lay over them)."""
    neighbours: csr_matrix
    """(N, N) the mean over each skin vertex's neighbours, for smoothing the pushes."""
    corners: np.ndarray
    """(F, 3) the skin's triangles, for its normals."""

    @classmethod
    def build(
        cls,
        points: np.ndarray,
        faces: np.ndarray,
        bed_points: np.ndarray,
        bed_normals: np.ndarray,
    ) -> Covering:
        from scipy.sparse import csr_matrix, diags  # on the first pose, not at start-up
        from scipy.spatial import cKDTree

        points = np.asarray(points, dtype=float)
        bed_points = np.asarray(bed_points, dtype=float)
        distance, ties = cKDTree(bed_points).query(points, k=TIES)
        shares = 1.0 / np.maximum(distance, 1.0) ** 2
        shares /= shares.sum(axis=1, keepdims=True)
        foot, normal = _over(ties, shares, bed_points, np.asarray(bed_normals, dtype=float))
        offset = points - foot
        depth = np.einsum("ij,ij->i", offset, normal)
        n = len(points)
        i, j = mesh_edges(faces, n)
        adjacency = csr_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
        degree = np.maximum(np.asarray(adjacency.sum(axis=1)).ravel(), 1.0)
        return cls(
            ties=ties,
            shares=shares,
            depth=depth,
            drift=offset - depth[:, None] * normal,
            neighbours=csr_matrix(diags(1.0 / degree) @ adjacency),
            corners=np.asarray(faces, dtype=np.int64),
        )

    def pose(self, bed_points: np.ndarray, bed_normals: np.ndarray) -> np.ndarray:
        """The skin's vertices (N, 3) over the bed's posed vertices and normals."""
        from scipy.spatial import cKDTree

        foot, normal = _over(self.ties, self.shares, bed_points, bed_normals)
        points = foot + self.depth[:, None] * normal + self.drift
        bed = cKDTree(bed_points)
        for round_ in range(PUSH_ROUNDS + 1):
            _, nearest = bed.query(points)
            gap = np.einsum("ij,ij->i", points - bed_points[nearest], bed_normals[nearest])
            push = np.clip(CLEARANCE_MM - gap, 0.0, None)[:, None] * bed_normals[nearest]
            if round_ < PUSH_ROUNDS:  # spread it, so the skin bulges instead of spiking
                for _ in range(SMOOTHING_STEPS):
                    push = 0.5 * (push + self.neighbours @ push)
            points += push
        return points

    def normals(self, points: np.ndarray) -> np.ndarray:
        """Unit vertex normals (N, 3) of the skin at ``points``: area-weighted face normals."""
        a, b, c = (points[self.corners[:, k]] for k in range(3))
        face = np.cross(b - a, c - a)
        normals = np.zeros_like(points)
        for k in range(3):
            np.add.at(normals, self.corners[:, k], face)
        length = np.linalg.norm(normals, axis=1, keepdims=True)
        return normals / np.maximum(length, 1e-12)


def bed_of(points: np.ndarray, skin: np.ndarray) -> np.ndarray:
    """Indices of the tissue ``points`` that make up the skin's bed: within
    :data:`BED_REACH_MM` of the skin at rest, thinned to one per :data:`BED_SPACING_MM` cube."""
    from scipy.spatial import cKDTree

    points = np.asarray(points, dtype=float)
    distance, _ = cKDTree(np.asarray(skin, dtype=float)).query(
        points, distance_upper_bound=BED_REACH_MM
    )
    near = np.flatnonzero(np.isfinite(distance))
    cells = np.floor(points[near] / BED_SPACING_MM).astype(np.int64)
    _, first = np.unique(cells, axis=0, return_index=True)
    return near[np.sort(first)]


def _over(
    ties: np.ndarray, shares: np.ndarray, bed_points: np.ndarray, bed_normals: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each skin vertex's mean tied point and unit mean tied normal."""
    foot = np.einsum("ik,ikj->ij", shares, bed_points[ties])
    normal = np.einsum("ik,ikj->ij", shares, bed_normals[ties])
    return foot, normal / np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-12)
