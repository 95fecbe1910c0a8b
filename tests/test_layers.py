"""Layers of the deep gluteal region as relations between the built meshes: what lies on
what, seen from behind (the sciatic nerve on the short rotators, under gluteus maximus),
and where the pudendal nerve and vessels cross the ischial spine."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import trimesh
from scipy.spatial import cKDTree

ROOT = Path(__file__).resolve().parents[1]
OVERLAP_MM = 2.0
"""Two surfaces overlap, seen from behind, where their points lie this close across."""


def points(name: str) -> np.ndarray:
    return np.asarray(trimesh.load(ROOT / "meshes" / f"{name}_r.ply", process=False).vertices)


def behind(front: str, back: str, level=np.mean) -> float:
    """The share of the points of ``back`` that lie in front of ``front`` where the two
    overlap seen from behind (+x anterior), judged against the middle of ``front``'s
    thickness there (``level``=np.max: against its front surface, for a muscle that wraps
    round what it covers): 0 when ``back`` lies wholly behind, about a half when mixed.

    Only the core of ``front`` counts, where it is at least half its greatest thickness:
    at its edges, seen from behind, a muscle moulded round it would count as in front."""
    a, b = points(front), points(back)
    tree = cKDTree(a[:, 1:])
    seen = []
    for point in b:
        near = tree.query_ball_point(point[1:], OVERLAP_MM)
        if near:
            seen.append((point[0] > level(a[near, 0]), np.ptp(a[near, 0])))
    assert len(seen) > 20, f"{back} does not cross {front} seen from behind"
    wrong, thickness = np.array(seen).T
    core = thickness >= 0.5 * thickness.max()
    return float(wrong[core].mean())


@pytest.mark.parametrize(
    "rotator", ["superior_gemellus", "obturator_internus", "inferior_gemellus", "quadratus_femoris"]
)
def test_the_sciatic_nerve_lies_on_the_short_rotators(rotator):
    assert behind(rotator, "sciatic_nerve") <= 0.02


def test_the_sciatic_nerve_lies_deep_to_gluteus_maximus():
    """Maximus lies on the nerve, moulded round it in a groove of its deep surface."""
    assert behind("sciatic_nerve", "gluteus_maximus", level=np.max) <= 0.02


@pytest.mark.parametrize("vessel", ["pudendal_nerve", "internal_pudendal_artery"])
def test_the_pudendal_nerve_and_vessels_cross_the_ischial_spine(vessel):
    landmarks = json.loads((ROOT / "meshes" / "landmarks.json").read_text())["structures"]
    spine = np.array(landmarks["hip_bone"]["ischial_spine"])
    ligament = cKDTree(points("sacrospinous_ligament"))
    course = points(vessel)
    near_spine = np.linalg.norm(course - spine, axis=1).min()
    on_ligament = ligament.query(course)[0].min()
    assert min(near_spine, on_ligament) <= 6.0, (near_spine, on_ligament)


def lateral_of(outer: str, inner: str, mesh_dir: Path = ROOT / "meshes") -> int:
    """How many points of ``inner`` lie lateral to (+z) the outer surface of ``outer`` where
    the two overlap seen from the side: each would show through it in a lateral view.
    As in ``behind``, only the core of ``outer`` counts (at least half its greatest
    thickness), not its thin edges, beside which a nerve may pass."""
    a = np.asarray(trimesh.load(mesh_dir / f"{outer}_r.ply", process=False).vertices)
    b = np.asarray(trimesh.load(mesh_dir / f"{inner}_r.ply", process=False).vertices)
    tree = cKDTree(a[:, :2])
    seen = []
    for point in b:
        near = tree.query_ball_point(point[:2], OVERLAP_MM)
        if near:
            seen.append((point[2] > a[near, 2].max(), np.ptp(a[near, 2])))
    assert seen, f"{inner} does not cross {outer} seen from the side"
    shows, thickness = np.array(seen).T
    return int(shows[thickness >= 0.5 * thickness.max()].sum())


def test_the_superior_gluteal_nerve_ends_inside_tensor_fasciae_latae():
    """The nerve ends in the muscle it supplies, deep to its outer surface: its tip does not
    show through tensor fasciae latae in a view from the side."""
    assert lateral_of("tensor_fasciae_latae", "superior_gluteal_nerve") == 0
