"""A covering follows the tissue beneath it and is pushed out of anything that comes through:
on a sphere of tissue inside a sphere of skin, without Qt or VTK."""

from __future__ import annotations

import numpy as np
import trimesh
from scipy.spatial import cKDTree

from viewer.model.covering import CLEARANCE_MM, Covering, bed_of


def _sphere(radius: float) -> trimesh.Trimesh:
    return trimesh.creation.icosphere(subdivisions=4, radius=radius)


TISSUE = _sphere(40.0)
SKIN = _sphere(55.0)


def _covering() -> tuple[Covering, np.ndarray]:
    bed = bed_of(TISSUE.vertices, SKIN.vertices)
    covering = Covering.build(
        SKIN.vertices, SKIN.faces, TISSUE.vertices[bed], TISSUE.vertex_normals[bed]
    )
    return covering, bed


def test_the_bed_is_the_tissue_near_the_skin_thinned():
    deep = _sphere(5.0)  # a core 50 mm under the skin is not part of its bed
    points = np.concatenate([TISSUE.vertices, deep.vertices])
    bed = bed_of(points, SKIN.vertices)
    assert bed.max() < len(TISSUE.vertices)
    assert 0 < len(bed) <= len(TISSUE.vertices)


def test_the_skin_at_rest_is_where_it_was_built():
    covering, bed = _covering()
    posed = covering.pose(TISSUE.vertices[bed], TISSUE.vertex_normals[bed])
    assert np.abs(posed - SKIN.vertices).max() < 1e-6


def test_the_skin_follows_the_tissue_it_lies_on():
    covering, bed = _covering()
    shift = np.array([30.0, 0.0, 0.0])
    posed = covering.pose(TISSUE.vertices[bed] + shift, TISSUE.vertex_normals[bed])
    assert np.allclose(posed, SKIN.vertices + shift, atol=1e-6)


def test_tissue_that_comes_through_the_skin_is_covered_again():
    covering, bed = _covering()
    points = TISSUE.vertices[bed].copy()
    bulge = points[:, 0] > 30  # the tissue's side swells 25 mm out, past the skin
    points[bulge, 0] += 25.0
    normals = TISSUE.vertex_normals[bed]
    posed = covering.pose(points, normals)
    _, nearest = cKDTree(points).query(posed)
    gap = np.einsum("ij,ij->i", posed - points[nearest], normals[nearest])
    assert gap.min() > CLEARANCE_MM - 0.01
    far = SKIN.vertices[:, 0] < -30  # the other side did not move
    assert np.abs(posed[far] - SKIN.vertices[far]).max() < 1e-6


def test_normals_point_out_of_a_closed_skin():
    covering, _ = _covering()
    normals = covering.normals(SKIN.vertices)
    assert np.allclose(np.linalg.norm(normals, axis=1), 1.0)
    assert (np.einsum("ij,ij->i", normals, SKIN.vertices) > 0).all()
