"""Hip and pelvis kinematics: neutral pose, rotation order and signs on both sides, ranges."""

from __future__ import annotations

import json

import numpy as np
import pytest

from viewer.model.kinematics import (
    MIRROR,
    AngleRange,
    HipPose,
    HipRanges,
    PelvisPose,
    Skeleton,
    hip_rotation,
    transform_points,
)
from viewer.model.muscle_paths import MotionModel, load_motion

CENTRE = np.array([-56.276, -78.49, 77.26])
SKELETON = Skeleton(hip_centre=CENTRE)
MEDIAL = {"right": -1.0, "left": 1.0}
"""Sign of Z that points medially on each side."""


@pytest.fixture(scope="module")
def motion(project_paths) -> MotionModel:
    return load_motion(project_paths.motion)


def knee(side: str) -> np.ndarray:
    """A point 400 mm below the hip centre, where the knee is at the neutral pose."""
    return SKELETON.hip_centre_of(side) + np.array([0.0, -400.0, 0.0])


def moved(point: np.ndarray, pose: HipPose, side: str) -> np.ndarray:
    return transform_points(SKELETON.hip_transform(pose, side), point[None])[0]


@pytest.mark.parametrize("side", ["right", "left"])
def test_neutral_pose_is_identity(side):
    assert np.allclose(SKELETON.hip_transform(HipPose(), side), np.eye(4))
    assert np.allclose(SKELETON.pelvis_transform(PelvisPose()), np.eye(4))
    frame = SKELETON.transforms(PelvisPose(), HipPose(), HipPose())
    assert all(np.allclose(m, np.eye(4)) for m in frame.values())


@pytest.mark.parametrize("side", ["right", "left"])
def test_hip_centre_stays_put(side):
    centre = SKELETON.hip_centre_of(side)
    assert np.allclose(moved(centre, HipPose(70, -20, 30), side), centre)


@pytest.mark.parametrize("side", ["right", "left"])
def test_flexion_moves_the_knee_forward(side):
    at_90 = moved(knee(side), HipPose(flexion=90), side) - SKELETON.hip_centre_of(side)
    assert np.allclose(at_90, [400.0, 0.0, 0.0], atol=1e-9)
    extended = moved(knee(side), HipPose(flexion=-20), side)
    assert extended[0] < knee(side)[0] - 100


@pytest.mark.parametrize("side", ["right", "left"])
def test_adduction_moves_the_knee_medially(side):
    shift = moved(knee(side), HipPose(adduction=20), side) - knee(side)
    assert MEDIAL[side] * shift[2] == pytest.approx(400 * np.sin(np.radians(20)))
    shift = moved(knee(side), HipPose(adduction=-30), side) - knee(side)
    assert MEDIAL[side] * shift[2] < -150


@pytest.mark.parametrize("side", ["right", "left"])
def test_internal_rotation_turns_the_front_of_the_femur_medially(side):
    front = SKELETON.hip_centre_of(side) + np.array([30.0, -200.0, 0.0])
    shift = moved(front, HipPose(rotation=30), side) - front
    assert MEDIAL[side] * shift[2] == pytest.approx(30 * np.sin(np.radians(30)))
    assert np.allclose(moved(knee(side), HipPose(rotation=30), side), knee(side))


@pytest.mark.parametrize("side", ["right", "left"])
def test_order_is_flexion_then_adduction_then_rotation(side):
    # Adduction about the flexed femur's own axis still carries the knee medially,
    # and rotation about the femur's long axis leaves the knee where it is.
    centre = SKELETON.hip_centre_of(side)
    knee_at = moved(knee(side), HipPose(90, 30, 40), side) - centre
    assert knee_at[0] == pytest.approx(400 * np.cos(np.radians(30)))
    assert MEDIAL[side] * knee_at[2] == pytest.approx(200.0)
    assert knee_at[1] == pytest.approx(0.0, abs=1e-9)


def test_rotation_matches_the_opensim_sequence_and_not_another():
    q = np.radians([50.0, 20.0, 30.0])

    def about(axis, a):
        c, s = np.cos(a), np.sin(a)
        return {
            "x": np.array([[1, 0, 0], [0, c, -s], [0, s, c]]),
            "y": np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]]),
            "z": np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]]),
        }[axis]

    ours = hip_rotation(np.degrees(q))
    assert np.allclose(ours, about("z", q[0]) @ about("x", q[1]) @ about("y", q[2]))
    assert not np.allclose(ours, about("y", q[2]) @ about("x", q[1]) @ about("z", q[0]))


def test_left_is_the_mirror_of_the_right():
    pose = HipPose(35, -15, 25)
    points = np.array([[-60.0, -150.0, 90.0], [10.0, -300.0, 60.0]])
    right = transform_points(SKELETON.hip_transform(pose, "right"), points)
    left = transform_points(SKELETON.hip_transform(pose, "left"), points @ MIRROR)
    assert np.allclose(left, right @ MIRROR)


def test_transforms_are_vectorised():
    angles = np.array([[0, 0, 0], [45, 10, -20], [100, -30, 40]], float)
    points = np.array([[1.0, 2.0, 3.0], [-50.0, -300.0, 80.0]])
    stacked = transform_points(SKELETON.hip_transform(angles, "right"), points)
    assert stacked.shape == (3, 2, 3)
    for i, a in enumerate(angles):
        one = transform_points(SKELETON.hip_transform(HipPose(*a), "right"), points)
        assert np.allclose(stacked[i], one)


def test_pelvis_signs():
    asis_r, asis_l = np.array([5.0, 1.6, 120.0]), np.array([5.0, 1.6, -120.0])
    tilt = SKELETON.pelvis_transform(PelvisPose(tilt=15))
    forward_down = transform_points(tilt, asis_r[None])[0] - asis_r
    assert forward_down[0] > 5 and forward_down[1] < -5
    drop = SKELETON.pelvis_transform(PelvisPose(obliquity=10))
    assert transform_points(drop, asis_l[None])[0, 1] < asis_l[1] - 10
    assert transform_points(drop, asis_r[None])[0, 1] > asis_r[1] + 10
    turn = SKELETON.pelvis_transform(PelvisPose(rotation=10))
    assert transform_points(turn, asis_r[None])[0, 0] > asis_r[0] + 10


def test_femur_follows_the_pelvis():
    pelvis, hip = PelvisPose(10, 5, -8), HipPose(30, 5, 10)
    frame = SKELETON.transforms(pelvis, hip, HipPose())
    assert np.allclose(frame["femur_r"], SKELETON.femur_transform(hip, "right", pelvis))
    centre = SKELETON.hip_centre_of("right")
    # The femoral head stays in the acetabulum however both move.
    head_on_femur = transform_points(frame["femur_r"], centre[None])[0]
    head_on_pelvis = transform_points(frame["pelvis"], centre[None])[0]
    assert np.allclose(head_on_femur, head_on_pelvis)


def test_ranges_clamp_and_contain():
    ranges = HipRanges(AngleRange(-30, 120), AngleRange(-45, 30), AngleRange(-45, 45))
    assert ranges.clamp(HipPose(150, -60, 10)) == HipPose(120, -45, 10)
    assert ranges.contains(HipPose(120, -45, 45))
    assert not ranges.contains(HipPose(0, 31, 0))


def test_project_ranges_are_those_of_a_real_hip(motion):
    r = motion.ranges
    assert (r.flexion.minimum, r.flexion.maximum) == (-30, 120)
    assert (r.adduction.minimum, r.adduction.maximum) == (-45, 30)
    assert (r.rotation.minimum, r.rotation.maximum) == (-45, 45)


def test_hip_centre_agrees_with_the_mesh_landmark(motion, project_paths):
    if not project_paths.landmarks.exists():
        pytest.skip("meshes/landmarks.json not built")
    landmarks = json.loads(project_paths.landmarks.read_text(encoding="utf-8"))
    head = landmarks["structures"]["femur"]["head_centre"]
    assert np.allclose(motion.skeleton.hip_centre, head, atol=0.5)


def test_a_pose_beyond_the_range_is_refused_naming_the_range(motion):
    motion.ranges.require(HipPose(flexion=120, adduction=-45, rotation=45))  # the limits: fine
    with pytest.raises(ValueError) as refused:
        motion.ranges.require(HipPose(flexion=170, rotation=-60))
    message = str(refused.value)
    assert "flexion 170° is outside the hip's range, -30 to 120°" in message
    assert "rotation -60° is outside the hip's range, -45 to 45° (negative: external)" in message
    assert "adduction" not in message
    assert "flexion -30 to 120 (negative: extension)" in motion.ranges.describe()
