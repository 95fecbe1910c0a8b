"""Muscle paths: the data file loads and is checked, lengths match the source model, wrapping."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from viewer.model.errors import AnnotationError
from viewer.model.kinematics import MIRROR
from viewer.model.loader import load_atlas
from viewer.model.muscle_paths import BODIES, MotionModel, load_motion

PARTS = {
    ("gluteus_maximus", "cranial"),
    ("gluteus_maximus", "middle"),
    ("gluteus_maximus", "caudal"),
    ("gluteus_medius", "anterior"),
    ("gluteus_medius", "middle"),
    ("gluteus_medius", "posterior"),
    ("gluteus_minimus", "anterior"),
    ("gluteus_minimus", "middle"),
    ("gluteus_minimus", "posterior"),
    ("piriformis", "all"),
    ("tensor_fasciae_latae", "all"),
}

OPENSIM_LENGTH_MM = {
    ("gluteus_maximus", "cranial"): 191.454,
    ("gluteus_maximus", "middle"): 218.409,
    ("gluteus_maximus", "caudal"): 218.892,
    ("gluteus_medius", "anterior"): 126.129,
    ("gluteus_minimus", "posterior"): 82.401,
    ("piriformis", "all"): 138.094,
}
"""Musculotendon lengths at the default pose that OpenSim 4.6 reports for the source models."""
OPENSIM_HIP_CENTRE = np.array([-56.276, -78.49, 77.26])
"""The source models' hip centre. The atlas's lies further from the midline (motion.yaml),
so the lengths are compared with the femur placed where OpenSim has it."""


@pytest.fixture(scope="module")
def motion_file(project_paths) -> Path:
    return project_paths.motion


@pytest.fixture(scope="module")
def motion(motion_file, project_paths) -> MotionModel:
    return load_motion(motion_file, load_atlas(project_paths.annotations))


def test_every_part_has_a_path(motion, project_paths):
    assert set(motion.paths) >= PARTS
    atlas = load_atlas(project_paths.annotations)
    # the pelvic floor crosses no joint: its action moves no bone of the model
    moves = {m.id for m in atlas.motions.values() if m.dof != "none" or m.scenario}
    muscles = [s for s in atlas.data.structures if {a.motion for a in s.actions} & moves]
    expected = {(s.id, p.id) for s in muscles for p in s.parts}
    expected |= {(s.id, "all") for s in muscles if not s.parts}
    expected -= {("iliotibial_tract", "all")}  # drawn by tensor fasciae latae's path
    assert set(motion.paths) == expected


def test_lengths_match_the_published_model(motion_file, project_paths):
    # Gluteus maximus wraps over its cylinders here, so this checks the wrapping too.
    source = load_motion(
        motion_file, load_atlas(project_paths.annotations), hip_centre=OPENSIM_HIP_CENTRE
    )
    for key, expected in OPENSIM_LENGTH_MM.items():
        assert source.length(source.paths[key], np.zeros(3)) == pytest.approx(expected, abs=0.01)


STRAIGHT_LENGTH_MM = {("psoas_major", "all"): 227.66, ("iliacus", "all"): 204.94}
"""The source model's path lengths through its points at the default pose, wraps left out
(Rajagopal 2016, computed from the model file's points)."""


def test_hip_flexors_wrap_over_the_pelvic_brim(motion_file, project_paths):
    """The hip flexors' paths are the published points, and at the default pose they wrap a
    little way over their cylinders at the brim: a few mm longer than the straight lines."""
    source = load_motion(
        motion_file, load_atlas(project_paths.annotations), hip_centre=OPENSIM_HIP_CENTRE
    )
    for key, straight in STRAIGHT_LENGTH_MM.items():
        wrapped = source.length(source.paths[key], np.zeros(3))
        assert straight + 0.5 < wrapped < straight + 5.0, (key, wrapped)


@pytest.mark.parametrize(("dof", "low", "high"), [(0, -30, 120), (1, -45, 30), (2, -45, 45)])
def test_length_is_continuous_through_each_range(motion, dof, low, high):
    hip = np.zeros((1501, 3))
    hip[:, dof] = np.linspace(low, high, 1501)  # 0.1 degree steps
    for path in motion.paths.values():
        steps = np.abs(np.diff(motion.length(path, hip)))
        assert steps.max() < 0.2, (path.key, hip[steps.argmax()])


def test_length_is_continuous_over_combined_poses(motion):
    f, a, r = np.meshgrid(
        np.arange(-30, 121, 1.0), np.arange(-45, 6, 1.0), np.arange(-25, 26, 5.0), indexing="ij"
    )
    hip = np.stack([f, a, r], axis=-1)
    for path in motion.paths.values():
        lengths = motion.length(path, hip)
        for axis, step_deg in ((0, 1.0), (1, 1.0), (2, 5.0)):
            # no part lengthens by more than 120 mm per radian (no moment arm is larger)
            limit = 120 * np.radians(step_deg)
            assert np.abs(np.diff(lengths, axis=axis)).max() < limit, (path.key, axis)


@pytest.mark.parametrize(
    ("dof", "corner"), [(1, (120, 28, 45)), (2, (120, 30, 37)), (0, (-3, 29, -45))]
)
def test_gluteus_maximus_length_is_continuous_in_the_corners_of_the_range(motion, dof, corner):
    # Where the paths once switched sides of their cylinders (cranial part: flexion 120 with
    # adduction and internal rotation; middle part: near 0 flexion, adduction and external
    # rotation), and over the whole range on a coarser grid.
    hip = np.tile(np.array(corner, float), (401, 1))
    hip[:, dof] += np.linspace(-2.0, 2.0, 401)  # 0.01 degree steps
    for part in ("cranial", "middle", "caudal"):
        steps = np.abs(np.diff(motion.length(motion.path("gluteus_maximus", part), hip)))
        assert steps.max() < 0.03, (part, hip[steps.argmax()])


def test_wrapped_lengths_are_continuous_over_the_whole_range(motion):
    f, a, r = np.meshgrid(
        np.arange(-30, 121, 1.5), np.arange(-45, 31, 1.5), np.arange(-45, 46, 1.5), indexing="ij"
    )
    hip = np.stack([f, a, r], axis=-1)
    for path in motion.paths.values():
        if not path.wraps:
            continue
        lengths = motion.length(path, hip)
        for axis in range(3):
            # the largest moment arm anywhere is about 155 mm (cranial gluteus maximus wrapped
            # far round its cylinder at 120 degrees flexion); a side switch jumps by 5 to 50 mm
            limit = 170 * np.radians(1.5)
            assert np.abs(np.diff(lengths, axis=axis)).max() < limit, (path.key, axis)


def test_gluteus_maximus_wraps_when_the_hip_flexes(motion):
    path = motion.path("gluteus_maximus", "middle")
    straight = motion.points(path, np.array([90.0, 0, 0]))
    polyline = motion.polyline(path, np.array([90.0, 0, 0]))
    assert len(polyline) > len(straight)
    chord = np.linalg.norm(np.diff(straight, axis=0), axis=1).sum()
    drawn = np.linalg.norm(np.diff(polyline, axis=0), axis=1).sum()
    assert drawn > chord + 1.0
    assert drawn == pytest.approx(float(motion.length(path, np.array([90.0, 0, 0]))), abs=0.5)
    cylinder, _ = path.wraps[0]
    on_surface = (polyline[1:-1] - cylinder.centre) @ cylinder.axes
    radii = np.linalg.norm(on_surface[:, :2], axis=1)
    assert np.isclose(radii, cylinder.radius).sum() >= 10


@pytest.mark.parametrize("pose", [(0, 0, 0), (60, -20, 25), (100, 10, -30)])
def test_left_paths_mirror_the_right(motion, pose):
    hip = np.array(pose, float)
    for path in motion.paths.values():
        right, left = motion.polyline(path, hip, "right"), motion.polyline(path, hip, "left")
        assert np.allclose(left, right @ MIRROR)
        assert motion.length(path, hip, "left") == pytest.approx(motion.length(path, hip))


def test_path_ends_at_origin_and_insertion(motion):
    path = motion.path("gluteus_medius", "middle")
    line = motion.polyline(path, np.array([30.0, 0, 0]))
    assert np.allclose(line[0], path.points[0])
    assert not np.allclose(line[-1], path.points[-1])  # the insertion moved with the femur


def test_hip_centre_override_moves_only_the_leg_points(motion_file):
    base = load_motion(motion_file)
    shifted = load_motion(motion_file, hip_centre=base.skeleton.hip_centre + 2.0)
    for key, path in base.paths.items():
        delta = shifted.paths[key].points - path.points
        on_leg = np.isin(path.bodies, [BODIES.index("femur"), BODIES.index("tibia")])
        assert np.allclose(delta[on_leg], 2.0)
        assert np.allclose(delta[~on_leg], 0.0)


def test_hamstrings_shorten_as_the_knee_bends(motion):
    """They cross behind the knee: bending it brings origin and insertion together."""
    for key in [("semitendinosus", "all"), ("biceps_femoris", "long_head")]:
        path = motion.path(*key)
        knees = np.zeros((5, 4))
        knees[:, 3] = [0, 30, 60, 90, 120]
        assert np.all(np.diff(motion.length(path, knees)) < 0), key
    gmax = motion.path("gluteus_maximus", "caudal")
    bent = np.array([0.0, 0.0, 0.0, 90.0])
    assert motion.length(gmax, bent) == pytest.approx(motion.length(gmax, np.zeros(3)))


def test_a_path_must_run_down_the_leg(motion_file, tmp_path):
    text = motion_file.read_text(encoding="utf-8").replace(
        "{body: tibia, at: [-29.0, -462.2, -20.9]", "{body: pelvis, at: [-29.0, -462.2, -20.9]"
    )
    (problem,) = problems_of(tmp_path, text)
    assert "spine, pelvis, femur, tibia" in problem.message


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def problems_of(tmp_path: Path, text: str, atlas=None):
    path = tmp_path / "motion.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        load_motion(path, atlas)
    assert all(p.file == path for p in caught.value.problems)
    return caught.value.problems


def test_unknown_key_names_line_and_field(tmp_path, motion_file):
    text = motion_file.read_text(encoding="utf-8").replace(
        "        source: glmed2_r\n", "        source: glmed2_r\n        colour: red\n"
    )
    (problem,) = problems_of(tmp_path, text)
    assert problem.line == line_of(text, "colour: red")
    assert problem.field == "muscles[1](gluteus_medius).parts[1](middle).colour"
    assert "unknown key" in problem.message


def test_muscles_and_parts_must_exist_in_the_atlas(tmp_path, motion_file, project_paths):
    atlas = load_atlas(project_paths.annotations)
    text = motion_file.read_text(encoding="utf-8")
    text = text.replace("      - id: caudal\n", "      - id: lowest\n")
    text = text.replace("  - id: piriformis\n", "  - id: piriformes\n")
    problems = problems_of(tmp_path, text, atlas)
    assert {p.field for p in problems} == {
        "muscles[0](gluteus_maximus).parts[2](lowest).id",
        "muscles[3](piriformes).id",
    }
    assert problems[0].line == line_of(text, "- id: lowest")


def test_wraps_must_name_a_surface_and_a_segment(tmp_path, motion_file):
    text = motion_file.read_text(encoding="utf-8")
    text = text.replace(
        "{surface: gmax2_at_pelvis, after_point: 1}", "{surface: gmax9, after_point: 3}"
    )
    messages = sorted(p.message for p in problems_of(tmp_path, text))
    assert messages == ["no wrap surface 'gmax9'", "the path has segments 0..2 only"]


def test_a_range_must_include_the_neutral_pose(tmp_path, motion_file):
    text = motion_file.read_text(encoding="utf-8").replace("{min: -45, max: 30", "{min: 5, max: 30")
    (problem,) = problems_of(tmp_path, text)
    assert problem.field == "hip.ranges.adduction"
    assert "below 0 to above 0" in problem.message


def test_paths_must_cross_the_hip_once(tmp_path, motion_file):
    text = motion_file.read_text(encoding="utf-8")
    old = "{body: femur, at: [-22, -10, 56], name: glmed2_r-P2_0}"
    assert old in text
    (problem,) = problems_of(tmp_path, text.replace(old, old.replace("femur", "pelvis")))
    assert problem.field == "muscles[1](gluteus_medius).parts[1](middle).points"
