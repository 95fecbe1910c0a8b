"""A scenario's clip: it passes through its keyframes, eases between them, captions in time,
and a foot on the ground keeps its femur upright however the pelvis moves."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import PROJECT
from viewer.model.animation import Player
from viewer.model.loader import load_atlas
from viewer.model.muscle_paths import load_motion
from viewer.model.scenario import ScenarioClip

ATLAS = load_atlas(PROJECT / "annotations" / "atlas.yaml")
SCENARIOS = {s.id: s for s in ATLAS.data.scenarios}
STANCE = {
    "trendelenburg": ("right",),
    "anterior_pelvic_tilt": ("right", "left"),
    "posterior_pelvic_tilt": ("right", "left"),
    "glute_versus_lumbar_extension": ("left",),
    "single_leg_romanian_deadlift": ("right",),
}
"""The legs whose foot stays on the ground throughout each standing scenario."""
DOWN = np.array([0.0, -1.0, 0.0])


@pytest.fixture(scope="module")
def skeleton():
    return load_motion(PROJECT / "annotations" / "motion.yaml", ATLAS).skeleton


@pytest.mark.parametrize("scenario_id", list(SCENARIOS))
def test_the_clip_passes_through_every_keyframe(scenario_id):
    clip = ScenarioClip.of(SCENARIOS[scenario_id])
    for keyframe, expected in zip(clip.scenario.keyframes, clip.keys, strict=True):
        assert np.allclose(clip.angles(keyframe.t), expected)
    assert clip.duration == clip.scenario.keyframes[-1].t


def test_it_eases_between_keyframes_and_holds_outside_the_clip():
    clip = ScenarioClip.of(SCENARIOS["anterior_pelvic_tilt"])  # 0 at 1 s, 12 degrees at 3 s
    tilt = [clip.pose_at(t).pelvis.tilt for t in (1.0, 1.5, 2.0, 2.5, 3.0)]
    assert tilt[0] == pytest.approx(0) and tilt[-1] == pytest.approx(12)
    assert tilt[2] == pytest.approx(6)  # half way at half time
    assert tilt[1] < 3 < 9 < tilt[3]  # slow at both ends: a cosine, not a line
    assert clip.pose_at(-1) == clip.pose_at(0)
    assert clip.pose_at(clip.duration + 5) == clip.pose_at(clip.duration)


def test_captions_switch_at_their_keyframes_in_either_wording():
    clip = ScenarioClip.of(SCENARIOS["trendelenburg"])
    assert clip.caption_at(0).startswith("Normal: standing on the right leg")
    assert clip.caption_at(1.49).startswith("Normal: standing")
    assert clip.caption_at(1.5).startswith("Normal (negative Trendelenburg sign)")
    assert clip.caption_at(5.49).startswith("Normal (negative")
    assert clip.caption_at(5.5).startswith("Weak (positive Trendelenburg sign)")
    assert clip.caption_at(8, "patient").startswith("Weak muscles")
    assert clip.title("patient") == SCENARIOS["trendelenburg"].plain_title


def test_the_pelvis_drops_on_the_lifted_left_side_only_in_the_weak_half():
    clip = ScenarioClip.of(SCENARIOS["trendelenburg"])
    assert clip.pose_at(3).pelvis.obliquity == 0 and clip.pose_at(3).left.flexion == 30
    weak = clip.pose_at(8)
    assert weak.pelvis.obliquity == 8 and weak.left.flexion == 30  # + drops the left side


@pytest.mark.parametrize("scenario_id", list(STANCE))
def test_a_stance_femur_stays_upright_in_the_room(scenario_id, skeleton):
    clip = ScenarioClip.of(SCENARIOS[scenario_id])
    moved = 0.0
    for t in np.linspace(0, clip.duration, 89):
        pose = clip.pose_at(t)
        transforms = skeleton.transforms(pose.pelvis, pose.right, pose.left)
        moved = max(moved, abs(pose.pelvis.tilt) + abs(pose.pelvis.obliquity))
        for side in STANCE[scenario_id]:
            axis = transforms[f"femur_{side[0]}"][:3, :3] @ DOWN
            assert np.allclose(axis, DOWN, atol=1e-9), (scenario_id, side, t)
    assert moved > 5  # the pelvis really moved over the upright femur


def test_the_player_plays_a_scenario_on_elapsed_time():
    clip = ScenarioClip.of(SCENARIOS["single_leg_romanian_deadlift"])
    player = Player()
    player.load(clip)
    player.advance(3.5)
    assert player.pose.pelvis.tilt == pytest.approx(65)
    assert player.pose.right.flexion == pytest.approx(65)
    assert player.pose.left.flexion == pytest.approx(0)  # the free leg in line with the trunk


def test_mirrored_the_trendelenburg_sign_stands_on_the_left_leg(skeleton):
    clip = ScenarioClip.of(SCENARIOS["trendelenburg"], mirrored=True)
    weak = clip.pose_at(8)
    assert weak.pelvis.obliquity == -8, "the right side drops"
    assert weak.right.flexion == 30 and weak.left.adduction == 8
    caption = clip.caption_at(8)
    assert "as the right foot lifts" in caption and "the left hip falls into adduction" in caption
    assert clip.caption_at(8, "patient").startswith("Weak muscles: as the right foot lifts")
    for t in np.linspace(0, clip.duration, 41):  # the stance femur, now the left, stays upright
        pose = clip.pose_at(t)
        transforms = skeleton.transforms(pose.pelvis, pose.right, pose.left)
        assert np.allclose(transforms["femur_l"][:3, :3] @ DOWN, DOWN, atol=1e-9), t


def test_only_one_sided_scenarios_can_be_mirrored():
    assert ScenarioClip.one_sided(SCENARIOS["trendelenburg"])
    assert not ScenarioClip.one_sided(SCENARIOS["glute_bridge"])
    assert ScenarioClip.of(SCENARIOS["glute_bridge"], mirrored=True).title() == (
        SCENARIOS["glute_bridge"].title
    )


@pytest.mark.parametrize(
    ("scenario_id", "upright"),
    [
        ("anterior_pelvic_tilt", True),
        ("posterior_pelvic_tilt", True),
        ("trendelenburg", True),
        ("glute_versus_lumbar_extension", True),
        ("single_leg_romanian_deadlift", False),
        ("hip_thrust", False),
    ],
)
def test_a_scenario_says_whether_the_trunk_stays_upright(scenario_id, upright):
    """In the tilts and the pelvic drop the trunk stays upright and the lower back bends to
    take the tilt up; in a hip hinge it moves with the pelvis on a neutral spine."""
    clip = ScenarioClip.of(SCENARIOS[scenario_id])
    assert clip.pose_at(clip.duration / 2).trunk_upright is upright
