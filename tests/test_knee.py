"""The knee as built and as it bends: the leg bones against the femur through the knee's
range, the patella in its groove, and the tissue that inserts below the knee on its bones."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import trimesh

from viewer.model.kinematics import transform_points
from viewer.model.loader import load_atlas
from viewer.model.muscle_paths import load_motion

ROOT = Path(__file__).resolve().parents[1]
KNEE_ANGLES = (0.0, 30.0, 60.0, 90.0, 120.0)


def mesh(name: str) -> trimesh.Trimesh:
    return trimesh.load(ROOT / "meshes" / f"{name}_r.ply", process=False)


@pytest.fixture(scope="module")
def skeleton():
    atlas = load_atlas(ROOT / "annotations" / "atlas.yaml")
    return load_motion(ROOT / "annotations" / "motion.yaml", atlas).skeleton


def signed_distance(name: str):
    """Signed distance to a bone's surface (negative inside), via VTK."""
    import pyvista as pv
    import vtk

    bone = mesh(name)
    faces = np.hstack([np.full((len(bone.faces), 1), 3), bone.faces]).ravel()
    implicit = vtk.vtkImplicitPolyDataDistance()
    implicit.SetInput(pv.PolyData(np.asarray(bone.vertices, float), faces))
    return lambda pts: np.array([implicit.EvaluateFunction(*map(float, p)) for p in pts])


@pytest.fixture(scope="module")
def femur_distance():
    return signed_distance("femur")


def knee_region(points: np.ndarray, below: float = -560.0) -> np.ndarray:
    """Only the points near the joint (the rest of the leg cannot reach the femur)."""
    return points[points[:, 1] > below]


@pytest.mark.parametrize("bone", ["tibia", "fibula"])
@pytest.mark.parametrize("knee", KNEE_ANGLES)
def test_the_leg_bones_never_cut_into_the_femur(skeleton, femur_distance, bone, knee):
    rest = knee_region(np.asarray(mesh(bone).vertices))
    posed = transform_points(skeleton.knee_transform(np.float64(knee), "right"), rest)
    assert femur_distance(posed).min() >= -1.0


@pytest.mark.parametrize("knee", KNEE_ANGLES)
def test_the_patella_rides_in_front_of_the_femur(skeleton, femur_distance, knee):
    """Close to the trochlea and condyles all through the range (the cartilage between is a
    few millimetres thick), never inside the femur."""
    rest = np.asarray(mesh("patella").vertices)
    posed = transform_points(skeleton.knee_transform(np.float64(knee), "right", "patella"), rest)
    gaps = femur_distance(posed)
    assert gaps.min() >= 0.5
    assert gaps.min() <= 8.0


def test_the_knee_bends_backwards_and_is_straight_at_zero(skeleton):
    straight = skeleton.knee_transform(np.float64(0.0), "right")
    assert np.allclose(straight, np.eye(4))
    ankle = np.asarray(mesh("tibia").vertices)[:, 1].argmin()
    point = np.asarray(mesh("tibia").vertices)[ankle]
    bent = transform_points(skeleton.knee_transform(np.float64(90.0), "right"), point[None])[0]
    assert bent[0] < point[0] - 250.0  # the ankle swings behind the knee
    left = skeleton.knee_transform(np.float64(90.0), "left")
    mirrored = point * [1, 1, -1]
    assert np.allclose(transform_points(left, mirrored[None])[0], bent * [1, 1, -1])


@pytest.mark.parametrize(
    ("structure", "bone", "landmark"),
    [
        ("iliotibial_tract", "tibia", "gerdys_tubercle"),
        ("biceps_femoris", "fibula", "fibular_head"),
        ("semitendinosus", "tibia", "pes_anserinus"),
        ("semimembranosus", "tibia", "semimembranosus_insertion"),
    ],
)
def test_insertions_below_the_knee_reach_their_bone(structure, bone, landmark):
    """The tissue touches its bone (within 2 mm) where its insertion area is painted."""
    landmarks = json.loads((ROOT / "meshes" / "landmarks.json").read_text())["structures"]
    at = np.array(landmarks[bone][landmark])
    tissue = np.asarray(mesh(structure).vertices)
    near = tissue[np.linalg.norm(tissue - at, axis=1) < 15.0]
    assert len(near), f"{structure} does not come near {landmark}"
    assert np.abs(signed_distance(bone)(near)).min() <= 2.0
