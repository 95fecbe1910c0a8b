"""Clinical scenarios in the annotation file: a valid one loads, each error names line and field."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import PROJECT
from tests.model.test_loader import line_of, only_problem
from viewer.model.loader import load_atlas

SCENARIO = """
scenarios:
  - id: hip_drop_demo
    title: Hip drop
    plain_title: The hip drops
    text: The pelvis drops on the lifted side.
    plain: The hip drops.
    structures: [gluteus_medius, hip_bone]
    view: posterior
    clinical_note: hip_drop
    keyframes:
      - t: 0
        caption: Standing.
        plain_caption: Standing.
      - t: 2
        right: {adduction: 8}
        pelvis: {obliquity: 8}
    citations: [gray42]
"""


@pytest.fixture
def with_scenario(mini_text):
    return mini_text + SCENARIO


def test_a_valid_scenario_loads(write_yaml, with_scenario):
    atlas = load_atlas(write_yaml(with_scenario))
    (scenario,) = atlas.data.scenarios
    assert scenario.keyframes[1].pelvis.obliquity == 8
    assert scenario.keyframes[1].left is None


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "structures: [gluteus_medius, hip_bone]",
            "structures: [gluteus_medius, femur]",
            "scenarios[0](hip_drop_demo).structures[1]",
            "no structure with id 'femur'",
        ),
        (
            "    citations: [gray42]\n",
            "    citations: [nobody2020]\n",
            "scenarios[0](hip_drop_demo).citations[0]",
            "no citation with id 'nobody2020'",
        ),
        (
            "clinical_note: hip_drop",
            "clinical_note: knee_pain",
            "scenarios[0](hip_drop_demo).clinical_note",
            "no clinical note with id 'knee_pain'",
        ),
        (
            "      - t: 0\n",
            "      - t: 0.5\n",
            "scenarios[0](hip_drop_demo).keyframes[0].t",
            "must be at t: 0",
        ),
        (
            "      - t: 2\n",
            "      - t: 0.0\n",
            "scenarios[0](hip_drop_demo).keyframes[1].t",
            "times must increase",
        ),
        (
            "view: posterior",
            "view: from_the_moon",
            "scenarios[0](hip_drop_demo).view",
            "Input should be",
        ),
        (
            "        plain_caption: Standing.\n",
            "",
            "scenarios[0](hip_drop_demo).keyframes[0]",
            "both wordings",
        ),
        (
            "right: {adduction: 8}",
            "right: {adduction: 8, tilt: 3}",
            "scenarios[0](hip_drop_demo).keyframes[1].right.tilt",
            "unknown key",
        ),
    ],
)
def test_each_error_names_its_line_and_field(write_yaml, mini_text, old, new, field, message):
    assert old in SCENARIO
    text = mini_text + SCENARIO.replace(old, new)
    problem = only_problem(write_yaml(text))
    assert problem.field == field
    assert message in problem.message
    if new:
        assert problem.line == line_of(text, new.strip().splitlines()[0])


def test_duplicate_scenario_id(write_yaml, with_scenario):
    text = with_scenario + SCENARIO.split("scenarios:\n", 1)[1]
    problem = only_problem(write_yaml(text))
    assert problem.field == "scenarios[1](hip_drop_demo).id"
    assert "duplicate scenario id" in problem.message


def test_angles_outside_the_motion_files_ranges(write_yaml, with_scenario, tmp_path):
    text = with_scenario.replace("right: {adduction: 8}", "right: {adduction: 8, flexion: 130}")
    path = write_yaml(text)
    load_atlas(path)  # no motion.yaml beside it: no range to check against
    shutil.copy(PROJECT / "annotations" / "motion.yaml", tmp_path / "motion.yaml")
    problem = only_problem(path)
    assert problem.field == "scenarios[0](hip_drop_demo).keyframes[1].right.flexion"
    assert problem.line == line_of(text, "flexion: 130")
    assert "outside the hip's flexion range (-30 to 120" in problem.message


def test_a_broken_motion_file_only_skips_the_range_check(write_yaml, with_scenario, tmp_path):
    path = write_yaml(with_scenario)
    (tmp_path / "motion.yaml").write_text("hip: [not, a, mapping\n", encoding="utf-8")
    load_atlas(path)


def test_the_project_scenarios_load():
    atlas = load_atlas(PROJECT / "annotations" / "atlas.yaml")
    assert {s.id for s in atlas.data.scenarios} >= {
        "trendelenburg",
        "anterior_pelvic_tilt",
        "posterior_pelvic_tilt",
        "glute_versus_lumbar_extension",
        "glute_bridge",
        "hip_thrust",
        "single_leg_romanian_deadlift",
    }
