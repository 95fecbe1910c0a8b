"""Moment arms by tendon excursion: exactness, the main actions' signs, and the annotation's claims."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.model.kinematics import HIP_DOFS, hip_rotation
from viewer.model.loader import load_atlas
from viewer.model.moment_arms import action_checks, moment_arm_table, moment_arms, parse_sweep
from viewer.model.muscle_paths import MotionModel, load_motion

KNOWN_DISAGREEMENTS: dict[tuple[str, str, str], str] = {}
"""Claims of the annotation file that the published geometry does not bear out at 0 degrees."""


@pytest.fixture(scope="module")
def atlas(project_paths):
    return load_atlas(project_paths.annotations)


@pytest.fixture(scope="module")
def motion(project_paths, atlas) -> MotionModel:
    return load_motion(project_paths.motion, atlas)


def arm(motion, muscle, part, dof, flexion=0.0, side="right"):
    path = motion.path(muscle, part)
    return float(
        moment_arms(motion, path, np.array([flexion, 0.0, 0.0]), side)[HIP_DOFS.index(dof)]
    )


def test_excursion_equals_the_lever_arm_of_a_straight_path(motion):
    # For a straight line the moment arm is -u . (w x (x - c)); the finite difference must agree.
    path = motion.path("gluteus_medius", "middle")
    pose = np.array([20.0, -10.0, 15.0])
    origin, insertion = motion.points(path, pose)
    unit = (insertion - origin) / np.linalg.norm(insertion - origin)
    centre = motion.skeleton.hip_centre
    rot = motion.skeleton.hip_transform(pose, "right")[:3, :3]
    z = np.array([0.0, 0.0, 1.0])
    x_axis = hip_rotation(np.array([pose[0], 0, 0])) @ np.array([1.0, 0, 0])
    y_axis = rot @ np.array([0.0, 1.0, 0.0])
    expected = [-unit @ np.cross(w, insertion - centre) for w in (z, x_axis, y_axis)]
    assert np.allclose(moment_arms(motion, path, pose), expected, atol=0.01)


def test_main_actions_have_the_right_sign(motion):
    for part in ("anterior", "middle", "posterior"):
        assert arm(motion, "gluteus_medius", part, "adduction") < -30  # abducts
        assert arm(motion, "gluteus_minimus", part, "adduction") < -30
    for part in ("cranial", "middle", "caudal"):
        for flexion in (0, 45, 90):
            assert arm(motion, "gluteus_maximus", part, "flexion", flexion) < -20  # extends
        assert arm(motion, "gluteus_maximus", part, "rotation") < -10  # rotates outwards
    assert arm(motion, "gluteus_maximus", "caudal", "adduction") > 20
    assert arm(motion, "tensor_fasciae_latae", "all", "flexion") > 20
    assert arm(motion, "tensor_fasciae_latae", "all", "adduction") < -30


def test_piriformis_turns_from_external_to_internal_rotator(motion):
    assert arm(motion, "piriformis", "all", "rotation", 0) < -20
    assert arm(motion, "piriformis", "all", "rotation", 90) > 10
    sweep = [arm(motion, "piriformis", "all", "rotation", f) for f in range(0, 91, 5)]
    assert sum(a * b < 0 for a, b in zip(sweep, sweep[1:], strict=False)) == 1


def test_anterior_abductors_rotate_internally_more_as_the_hip_flexes(motion):
    for muscle in ("gluteus_medius", "gluteus_minimus"):
        straight = arm(motion, muscle, "anterior", "rotation", 0)
        flexed = arm(motion, muscle, "anterior", "rotation", 90)
        assert 0 < straight < flexed - 30


@pytest.mark.parametrize("flexion", [0.0, 75.0])
def test_left_side_has_the_same_moment_arms(motion, flexion):
    for muscle, part in motion.paths:
        for dof in HIP_DOFS:
            left = arm(motion, muscle, part, dof, flexion, "left")
            assert left == pytest.approx(arm(motion, muscle, part, dof, flexion), abs=1e-6)


def test_moment_arms_are_vectorised(motion):
    path = motion.path("gluteus_maximus", "cranial")
    poses = np.array([[0, 0, 0], [60, -10, 20], [110, 20, -30]], float)
    together = moment_arms(motion, path, poses)
    assert together.shape == (3, 3)
    for pose, row in zip(poses, together, strict=True):
        assert np.allclose(moment_arms(motion, path, pose), row)


def test_annotated_actions_agree_with_the_geometry(atlas, motion):
    checks = action_checks(atlas, motion)
    assert len(checks) >= 25
    wrong = {
        (c.muscle, c.part, c.motion): round(c.moment_arm_mm, 1)
        for c in checks
        if not c.agrees and not c.position_dependent
    }
    assert set(wrong) == set(KNOWN_DISAGREEMENTS), wrong
    dependent = {c.muscle for c in checks if c.position_dependent}
    assert dependent == {"piriformis", "gluteus_medius"}


def test_position_dependent_actions_hold_somewhere_in_flexion(atlas, motion):
    """An action marked position-dependent must be borne out at some hip flexion angle."""
    by_angle = {
        flexion: {
            (c.muscle, c.part, c.motion): c.agrees
            for c in action_checks(atlas, motion, (flexion, 0.0, 0.0))
        }
        for flexion in range(0, 121, 15)
    }
    dependent = {
        (c.muscle, c.part, c.motion)
        for c in action_checks(atlas, motion, (0.0, 0.0, 0.0))
        if c.position_dependent
    }
    assert ("piriformis", "all", "internal_rotation") in dependent
    for key in dependent:
        assert any(agrees[key] for agrees in by_angle.values()), key


def test_table_has_a_row_per_part_angle_and_dof(motion):
    rows = moment_arm_table(motion, [0, 45, 90])
    crossed = sum(3 * p.crosses_hip + p.crosses_knee for p in motion.paths.values())
    assert len(rows) == crossed * 3
    assert {r.dof for r in rows if r.muscle == "semitendinosus"} == {
        "flexion",
        "adduction",
        "rotation",
        "knee_flexion",
    }
    assert {r.dof for r in rows if r.part == "short_head"} == {"knee_flexion"}
    bent = moment_arm_table(motion, [0], muscle="semimembranosus", knees_deg=[0, 60])
    knee = {r.knee_flexion_deg: r.moment_arm_mm for r in bent if r.dof == "knee_flexion"}
    assert 0 < knee[0.0] < knee[60.0]  # a knee flexor, more so as the knee bends
    only = moment_arm_table(motion, [0, 90], muscle="gluteus_minimus")
    assert {(r.muscle, r.part) for r in only} == {
        ("gluteus_minimus", p) for p in ("anterior", "middle", "posterior")
    }
    row = next(
        r for r in only if r.part == "middle" and r.dof == "adduction" and r.hip_flexion_deg == 0
    )
    assert row.moment_arm_mm == pytest.approx(arm(motion, "gluteus_minimus", "middle", "adduction"))


def test_sweep_includes_its_stop():
    assert parse_sweep("0:90:15") == [0, 15, 30, 45, 60, 75, 90]
    assert parse_sweep("0:90:20") == [0, 20, 40, 60, 80]
    assert parse_sweep("-10:-10:5") == [-10]
    assert parse_sweep("0:1:0.1")[-1] == pytest.approx(1.0)


@pytest.mark.parametrize("bad", ["0:90", "a:b:c", "0:90:0", "90:0:15", "0:90:-5"])
def test_sweep_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        parse_sweep(bad)
