"""The foramina as built: each one is crossed by what the annotation says passes through it,
and above or below piriformis as stated there (the relation is read from the annotations,
so a nerve moved in the builder, or a wrong entry in the file, fails here)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import trimesh
from scipy.spatial import cKDTree

from viewer.model.loader import load_atlas

ROOT = Path(__file__).resolve().parents[1]
ATLAS = load_atlas(ROOT / "annotations" / "atlas.yaml")
PASSAGES = [(s.id, p) for s in ATLAS.data.structures for p in s.passes]
NEAR_MM = 3.0
"""Tissue this close to a foramen's window is taken as passing through it there."""


def mesh(structure_id: str) -> trimesh.Trimesh:
    return trimesh.load(ROOT / "meshes" / f"{ATLAS.structures[structure_id].mesh}_r.ply")


def crossing(structure_id: str, foramen_id: str) -> np.ndarray:
    """The vertices of a structure within NEAR_MM of a foramen's window."""
    window = mesh(foramen_id).sample(20_000, seed=0)  # ~0.1 mm apart: as good as the surface
    points = np.asarray(mesh(structure_id).vertices)
    distance, _ = cKDTree(window).query(points)
    return points[distance <= NEAR_MM]


@pytest.mark.parametrize(("structure_id", "passage"), PASSAGES, ids=[s for s, _ in PASSAGES])
def test_what_passes_through_a_foramen_crosses_its_window(structure_id, passage):
    assert len(crossing(structure_id, passage.through)) > 0, (
        f"{structure_id} does not reach the {passage.through}"
    )


def near_window(structure_id: str, foramen_id: str) -> np.ndarray:
    """A structure's vertices within 30 mm of a foramen's window: its course through it."""
    points = np.asarray(mesh(structure_id).vertices)
    distance, _ = cKDTree(mesh(foramen_id).sample(20_000, seed=0)).query(points)
    return points[distance < 30.0]


def heights_leaving(structure_id: str, reference_id: str, foramen_id: str) -> tuple[float, float]:
    """How high (pelvis frame y) a structure and the reference lie where the structure leaves
    the foramen for the buttock: in a 4 mm slab a little lateral to the window's outer edge,
    or, for one that turns back into the pelvis at once (the pudendal nerve), at its most
    lateral point there."""
    edge = float(np.asarray(mesh(foramen_id).vertices)[:, 2].max()) + EXIT_MM
    own = near_window(structure_id, foramen_id)
    other = near_window(reference_id, foramen_id)
    z = min(edge, float(own[:, 2].max()) - 1.0)
    heights = []
    for points in (own, other):
        slab = points[np.abs(points[:, 2] - z) < 2.0]
        assert len(slab), f"nothing of {structure_id} or {reference_id} at z = {z:.0f} mm"
        heights.append(float(slab[:, 1].mean()))
    return heights[0], heights[1]


EXIT_MM = 4.0
"""Where "above or below piriformis" is judged: this far lateral to the window."""


@pytest.mark.parametrize(
    ("structure_id", "passage"),
    [(s, p) for s, p in PASSAGES if p.position],
    ids=[s for s, p in PASSAGES if p.position],
)
def test_above_or_below_piriformis_as_annotated(structure_id, passage):
    own, reference = heights_leaving(structure_id, passage.of, passage.through)
    if passage.position == "above":
        assert own > reference, (structure_id, own, reference)
    else:
        assert own < reference, (structure_id, own, reference)
