"""The back muscles' lines of action run from the pelvis to the vertebrae and change length as
the lumbar spine bends: erector spinae and multifidus shorten as the lordosis deepens (an
anterior pelvic tilt under an upright trunk) and lengthen as it flattens; quadratus lumborum
shortens on the side the pelvis is hitched up and lengthens on the side that drops."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.model.contraction import performers
from viewer.model.data import load_data
from viewer.model.errors import AnnotationError
from viewer.model.muscle_paths import PATH_DOFS, load_motion
from viewer.model.scenario import ScenarioClip

BACK = ("erector_spinae", "multifidus", "quadratus_lumborum")


@pytest.fixture(scope="module")
def loaded(project_paths):
    atlas, landmarks, _ = load_data(project_paths)
    return atlas, load_motion(project_paths.motion, atlas, landmarks=landmarks)


def bend(tilt: float = 0.0, obliquity: float = 0.0) -> np.ndarray:
    """Path angles with the legs at rest and the spine taking back the pelvis's motion."""
    angles = np.zeros(len(PATH_DOFS))
    angles[4:] = (tilt, obliquity)
    return angles


def strain(model, muscle: str, angles: np.ndarray, side: str = "right") -> float:
    path = model.path(muscle)
    return float(model.length(path, angles, side) / model.length(path, np.zeros(4), side) - 1)


def test_the_back_muscles_cross_the_spine_and_not_the_hip(loaded):
    _, model = loaded
    assert model.lumbar is not None
    for muscle in BACK:
        path = model.path(muscle)
        assert path.crosses_spine and not path.crosses_hip, muscle
    assert not model.path("psoas_major").crosses_spine
    assert model.path("psoas_major").crosses_hip


@pytest.mark.parametrize("muscle", ["erector_spinae", "multifidus"])
@pytest.mark.parametrize("side", ["right", "left"])
def test_the_lumbar_extensors_shorten_as_the_lordosis_deepens(loaded, muscle, side):
    _, model = loaded
    assert strain(model, muscle, bend(tilt=12), side) < -0.02
    assert strain(model, muscle, bend(tilt=-10), side) > 0.02


def test_quadratus_lumborum_shortens_on_the_hitched_side(loaded):
    _, model = loaded
    # + obliquity on a side's own terms drops the other side: this side is hitched up
    assert strain(model, "quadratus_lumborum", bend(obliquity=8), "right") < -0.03
    assert strain(model, "quadratus_lumborum", bend(obliquity=-8), "right") > 0.03
    assert strain(model, "quadratus_lumborum", bend(obliquity=8), "left") == pytest.approx(
        strain(model, "quadratus_lumborum", bend(obliquity=8), "right")
    )


def test_the_legs_alone_leave_the_back_muscles_unchanged(loaded):
    _, model = loaded
    for muscle in BACK:
        assert strain(model, muscle, np.array([40.0, -20.0, 10.0, 60.0])) == pytest.approx(0)


def test_without_the_built_discs_the_spine_moves_with_the_pelvis(project_paths, loaded):
    atlas, _ = loaded
    rigid = load_motion(project_paths.motion, atlas)
    assert rigid.lumbar is None
    assert strain(rigid, "erector_spinae", bend(tilt=12)) == pytest.approx(0)


def test_every_muscle_said_to_extend_the_lumbar_spine_shortens_as_it_does(loaded):
    atlas, model = loaded
    named = performers(atlas, "lumbar_extension")
    assert set(BACK) <= set(named)
    for muscle in named:
        assert strain(model, muscle, bend(tilt=10)) < 0, muscle


def test_a_scenario_with_the_trunk_upright_bends_the_spine_on_each_sides_terms(loaded):
    atlas, model = loaded
    scenario = next(s for s in atlas.data.scenarios if s.id == "trendelenburg")
    clip = ScenarioClip.of(scenario)
    t = np.linspace(0.0, clip.duration, 30)
    right, left = clip.path_angles(t, "right"), clip.path_angles(t, "left")
    pelvis = clip.angles(t)[:, 8:10]
    assert np.allclose(right[:, 4:], pelvis)
    assert np.allclose(left[:, 4:], pelvis * [1, -1])
    assert np.abs(pelvis[:, 1]).max() > 3  # the pelvis drops: the spine bends against it


def test_a_scenario_moving_the_trunk_with_the_pelvis_leaves_the_spine_straight(loaded):
    atlas, _ = loaded
    scenario = next(s for s in atlas.data.scenarios if s.trunk != "upright")
    clip = ScenarioClip.of(scenario)
    t = np.linspace(0.0, clip.duration, 30)
    assert np.allclose(clip.path_angles(t, "right")[:, 4:], 0.0)


def test_a_point_on_a_bone_that_is_not_a_vertebra_is_reported(project_paths, tmp_path):
    atlas, _, _ = load_data(project_paths)
    text = project_paths.motion.read_text(encoding="utf-8").replace(
        "vertebra: l3_vertebra, at: [-124.0", "vertebra: sacrum, at: [-124.0"
    )
    path = tmp_path / "motion.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        load_motion(path, atlas)
    (problem,) = caught.value.problems
    assert "no vertebra 'sacrum'" in problem.message
    assert problem.line == next(
        i for i, line in enumerate(text.splitlines(), 1) if "vertebra: sacrum" in line
    )


def test_a_spine_point_must_name_its_vertebra(project_paths, tmp_path):
    text = project_paths.motion.read_text(encoding="utf-8").replace(
        "{body: spine, vertebra: l1_vertebra, at: [-86.0", "{body: spine, at: [-86.0"
    )
    path = tmp_path / "motion.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        load_motion(path)
    assert any("names its vertebra" in p.message for p in caught.value.problems)


@pytest.mark.parametrize(
    ("motion", "tilt"), [("anterior_pelvic_tilt", 10.0), ("posterior_pelvic_tilt", -10.0)]
)
def test_every_muscle_said_to_tilt_the_pelvis_shortens_as_it_does(loaded, motion, tilt):
    """Standing with the thighs and trunk upright, a pelvic tilt turns both hips and the
    lumbar spine by as much: each muscle the annotation file says tilts the pelvis that way
    (any modelled part its action names) shortens."""
    atlas, model = loaded
    angles = bend(tilt=tilt)
    angles[0] = tilt
    named = [(s.id, a.part) for s in atlas.data.structures for a in s.actions if a.motion == motion]
    assert len(named) >= 3
    for muscle, part in named:
        parts = [p for p in model.paths.values() if p.muscle == muscle and part in ("all", p.part)]
        assert parts, muscle
        for path in parts:
            change = model.length(path, angles) / model.length(path, np.zeros(4)) - 1
            assert change < 0, (muscle, path.part, change)
