"""The lumbar spine as built: each body's size against published morphometry, the lumbar
curve, and the discs filling the spaces between the bodies."""

from __future__ import annotations

import os

import numpy as np
import pytest
import trimesh
from scipy.spatial import cKDTree

from meshes.build import LEVELS, LUMBAR, PARAMETERS
from meshes.pelvis import Sacrum
from meshes.spine import LumbarVertebra, disc_name, stack

MESHES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "meshes")


def built_levels() -> dict[str, LumbarVertebra]:
    """Each level placed as the builder places it, lowest first."""
    levels = stack(PARAMETERS["lumbar_vertebrae"], Sacrum(PARAMETERS))
    return {name: vertebra for name, vertebra, _, _ in levels}


LEVEL = built_levels()


def mesh(name: str) -> trimesh.Trimesh:
    return trimesh.load(os.path.join(MESHES, f"{name}.ply"), process=False)


def body_size(name: str) -> tuple[float, float]:
    """Width (side to side, in front of the pedicles) and depth (front to back) of the body at
    mid-height: the mesh's points in a 4 mm slab through the body's centre, in front of the
    vertebral canal."""
    level = LEVEL[name]
    p = np.asarray(mesh(name).vertices) - level.centre
    along, back = p @ level.axis, p @ level.back
    body = p[(np.abs(along) < 2.0) & (back < 17.0)]
    front = body[body @ level.back < 4.0]  # in front of the pedicles
    width = np.ptp(front[:, 2])
    midline = body[np.abs(body[:, 2]) < 4.0]
    return width, np.ptp(midline @ level.back)


# Published ranges (adults; Panjabi et al. 1992 and Gray's): body width ~40 mm at L1 to
# ~50 mm at L5, depth ~30-36 mm, height ~24-28 mm; lumbar discs ~8-13 mm, thickest low down
@pytest.mark.parametrize("name", LUMBAR)
def test_each_body_has_a_published_size(name):
    width, depth = body_size(name)
    assert 36.0 <= width <= 56.0, (name, width)
    assert 26.0 <= depth <= 40.0, (name, depth)
    assert 23.0 <= PARAMETERS["lumbar_vertebrae"][name]["height"] <= 29.0


def test_the_bodies_widen_from_l1_down_to_l5():
    widths = [body_size(name)[0] for name in LUMBAR]  # L5 first
    assert all(lower > upper for lower, upper in zip(widths, widths[1:], strict=False)), widths


def test_the_lumbar_curve_is_a_lordosis_of_published_size():
    # the angle between the S1 endplate and the upper endplate of L1, concave backwards:
    # ~40-60 degrees standing (Legaye 1998; Gray's)
    sacrum = Sacrum(PARAMETERS)
    l1 = LEVEL[LUMBAR[-1]]
    angle = np.degrees(np.arccos(np.clip(sacrum.n1 @ l1.axis, -1, 1)))
    assert 40.0 <= angle <= 65.0, angle
    assert l1.axis[0] < sacrum.n1[0]  # L1 faces further back than the sacral base
    # the apex of the curve is in the middle: L3's body lies in front of L1's and L5's
    x = {name: LEVEL[name].centre[0] for name in LUMBAR}
    assert x["l3_vertebra"] > x["l1_vertebra"] and x["l3_vertebra"] > x["l5_vertebra"]


@pytest.mark.parametrize(("upper", "lower"), LEVELS)
def test_each_disc_fills_the_space_between_its_bodies(upper, lower):
    disc = mesh(disc_name(upper, lower))
    assert disc.is_watertight and disc.volume > 0
    height = PARAMETERS["lumbar_vertebrae"][upper]["disc"]
    assert 7.0 <= height <= 13.0
    # it touches both bones (within 1 mm) and lies in front of the vertebral canal
    points = disc.sample(3000, seed=1)
    for bone in (upper, lower):
        bone_points = mesh(bone).sample(40000, seed=1)
        gap = cKDTree(bone_points).query(points)[0]
        assert gap.min() < 1.0, (bone, gap.min())
    level = LEVEL[upper]
    behind = (np.asarray(disc.vertices) - level.c_low) @ level.back
    assert behind.max() < 22.0  # the canal's front wall is ~22 mm behind the body's centre
