"""Exercises in the annotation file: each has a picture the atlas can pose; errors name line and field."""

from __future__ import annotations

import pytest

from tests.conftest import PROJECT
from tests.model.test_loader import line_of, only_problem
from tests.model.test_scenario_loader import SCENARIO
from viewer.model.loader import load_atlas
from viewer.model.scenario import ScenarioClip, exercise_picture, key_frames

EXERCISES = """
exercises:
  - id: stand_on_one_leg
    name: Single-leg stance
    instruction: Stand on one leg with the pelvis level.
    scenario: hip_drop_demo
    at: 2
  - id: side_lying_abduction
    name: Side-lying hip abduction
    instruction: Lie on your side and lift the top leg.
    right: {adduction: -30}
    view: side_lying
"""


@pytest.fixture
def with_exercises(mini_text):
    text = mini_text.replace(
        "    plain: If this muscle is weak, the hip drops when you stand on one leg.\n",
        "    plain: If this muscle is weak, the hip drops when you stand on one leg.\n"
        "    exercises: [stand_on_one_leg, side_lying_abduction]\n",
    )
    return text + EXERCISES + SCENARIO


def test_exercises_load_and_a_note_lists_them(write_yaml, with_exercises):
    atlas = load_atlas(write_yaml(with_exercises))
    assert [e.id for e in atlas.exercises_for("gluteus_medius")] == [
        "stand_on_one_leg",
        "side_lying_abduction",
    ]
    pose, view = exercise_picture(atlas, atlas.exercises["stand_on_one_leg"])
    assert (pose.right.adduction, pose.pelvis.obliquity, view) == (8, 8, "posterior")
    pose, view = exercise_picture(atlas, atlas.exercises["side_lying_abduction"])
    assert (pose.right.adduction, view) == (-30, "side_lying")


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "    scenario: hip_drop_demo\n",
            "    scenario: hip_drop_dem\n",
            "exercises[0](stand_on_one_leg).scenario",
            "no scenario with id 'hip_drop_dem'",
        ),
        (
            "    at: 2\n",
            "    at: 20\n",
            "exercises[0](stand_on_one_leg).at",
            "after the scenario's end (2 s)",
        ),
        (
            "    view: side_lying\n",
            "",
            "exercises[1](side_lying_abduction)",
            "needs a view",
        ),
        (
            "    at: 2\n",
            "    at: 2\n    right: {flexion: 10}\n",
            "exercises[0](stand_on_one_leg)",
            "not both",
        ),
    ],
)
def test_each_error_names_its_line_and_field(write_yaml, with_exercises, old, new, field, message):
    assert old in with_exercises
    text = with_exercises.replace(old, new, 1)
    problem = only_problem(write_yaml(text))
    assert problem.field == field
    assert message in problem.message
    if new and field.endswith(("scenario", ".at")):
        assert problem.line == line_of(text, new.strip().splitlines()[0])


def test_a_note_may_only_suggest_a_defined_exercise(write_yaml, with_exercises):
    text = with_exercises.replace(
        "exercises: [stand_on_one_leg, side_lying_abduction]",
        "exercises: [stand_on_one_leg, side_plank]",
    )
    problem = only_problem(write_yaml(text))
    assert problem.field == "clinical_notes[0](hip_drop).exercises[1]"
    assert "no exercise with id 'side_plank'" in problem.message
    assert problem.line == line_of(text, "side_plank")


def test_every_exercise_of_the_atlas_has_a_picture():
    atlas = load_atlas(PROJECT / "annotations" / "atlas.yaml")
    suggested = {e for note in atlas.data.clinical_notes for e in note.exercises}
    assert suggested == set(atlas.exercises), "every exercise is suggested by a note"
    for exercise in atlas.exercises.values():
        pose, view = exercise_picture(atlas, exercise)
        assert view and pose is not None, exercise.id
        assert len(exercise.instruction) < 200, "one line or two, not a page"


def test_the_trendelenburg_handout_shows_the_level_and_the_dropped_pelvis():
    atlas = load_atlas(PROJECT / "annotations" / "atlas.yaml")
    frames = key_frames(ScenarioClip.of(atlas.scenarios["trendelenburg"]))
    obliquities = [f.pose.pelvis.obliquity for f in frames]
    assert 0 in obliquities and 8 in obliquities
    dropped = frames[obliquities.index(8)]
    assert dropped.caption.startswith("Weak (positive Trendelenburg sign)")
    level = [f for f in frames if f.pose.left.flexion == 30 and f.pose.pelvis.obliquity == 0]
    assert level, "the lifted left foot with the pelvis level"
