"""Action clips, the player, the motion data in the annotation file, and contraction signs."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import PROJECT
from viewer.model.animation import NEUTRAL, NotPlayable, Player, action_clip, pose_for
from viewer.model.contraction import modelled_parts, performers, strain
from viewer.model.errors import AtlasDataError
from viewer.model.kinematics import HipPose
from viewer.model.loader import load_atlas
from viewer.model.muscle_paths import load_motion
from viewer.scene.palette import rgb
from viewer.scene.posing import LENGTHENING_COLOUR, SHORTENING_COLOUR, strain_colours


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(PROJECT / "annotations" / "atlas.yaml")


@pytest.fixture(scope="module")
def model(atlas):
    return load_motion(PROJECT / "annotations" / "motion.yaml", atlas)


NOT_ANIMATED = {
    "pelvic_stabilisation",
    "knee_stabilisation",
    "knee_internal_rotation",  # the model's knee bends but does not turn
    "knee_external_rotation",
    "pelvic_floor_support",  # a lift of the pelvic floor, no joint turns
    # motions of the lumbar spine and of the pelvis as a whole: the scenarios show them
    "lumbar_extension",
    "lumbar_lateral_flexion",
    "anterior_pelvic_tilt",
    "posterior_pelvic_tilt",
    "pelvic_elevation",
}


def test_every_joint_motion_is_animated_within_the_normal_range(atlas, model):
    for motion in atlas.motions.values():
        if motion.id in NOT_ANIMATED:
            assert not motion.playable
            continue
        assert motion.playable, motion.id
        limits = getattr(model.ranges, motion.dof)
        assert motion.start in limits, motion.id
        assert motion.start + motion.direction * motion.amplitude in limits, motion.id


def test_knee_flexion_bends_the_knee_and_straightens_it(atlas, model):
    clip = action_clip(atlas, "knee_flexion", "right", model.ranges)
    assert clip.pose_at(clip.duration / 2).right == HipPose(knee=90.0)
    assert clip.pose_at(clip.duration).right == HipPose()


def test_knee_extension_straightens_a_bent_knee_and_bends_it_again(atlas, model):
    clip = action_clip(atlas, "knee_extension", "left", model.ranges)
    assert clip.pose_at(0.0).left == HipPose(knee=90.0)
    assert clip.pose_at(clip.duration / 2).left == HipPose()
    assert clip.pose_at(clip.duration).left == HipPose(knee=90.0)
    assert clip.duration == pytest.approx(
        action_clip(atlas, "knee_flexion", "left", model.ranges).duration
    )


def test_clip_goes_out_to_the_amplitude_and_back(atlas, model):
    clip = action_clip(atlas, "abduction", "left", model.ranges)
    assert clip.duration >= 2.0
    assert clip.pose_at(0.0) == NEUTRAL
    assert clip.pose_at(clip.duration).left == HipPose()
    assert clip.pose_at(clip.duration / 2).left.adduction == pytest.approx(-40)
    assert clip.pose_at(clip.duration / 4).left.adduction == pytest.approx(-20)
    assert clip.pose_at(clip.duration / 2).right == HipPose()
    angles = clip.angles(np.linspace(0, clip.duration, 101))[:, 1]
    assert np.all(np.diff(angles[:50]) < 0) and np.all(np.diff(angles[51:]) > 0)


def test_a_held_motion_cannot_be_played(atlas, model):
    with pytest.raises(NotPlayable, match="cannot be played"):
        action_clip(atlas, "pelvic_stabilisation", "right", model.ranges)


def test_player_plays_pauses_loops_and_resets(atlas, model):
    clip = action_clip(atlas, "flexion", "right", model.ranges)
    player = Player()
    changes = []
    player.changed.connect(lambda: changes.append(player.time))
    player.advance(1.0)
    assert player.pose == NEUTRAL and not changes
    player.load(clip)
    player.advance(clip.duration / 2)
    assert player.pose.right.flexion == pytest.approx(90)
    player.pause()
    player.advance(1.0)
    assert player.time == pytest.approx(clip.duration / 2)
    player.set_speed(2.0)
    player.play()
    player.advance(clip.duration / 2)  # 2x: a whole clip later, looped to the same place
    assert player.time == pytest.approx(clip.duration / 2)
    player.set_loop(False)
    player.advance(clip.duration)
    assert player.time == clip.duration and not player.playing
    player.seek(-5)
    assert player.time == 0
    player.seek(clip.duration / 4)
    player.reset()
    assert player.pose == NEUTRAL and not player.playing
    assert len(changes) >= 8


def test_a_pose_is_set_on_the_side_of_the_structure(atlas):
    pose = pose_for(atlas, "piriformis_l", {"flexion": 90, "rotation": 20})
    assert pose.left == HipPose(90, 0, 20) and pose.right == HipPose()
    assert pose_for(atlas, None, {"adduction": 10}).right.adduction == 10


def test_performers_shorten_in_their_motion(atlas, model):
    """Every part listed as performing a motion shortens in it, with known exceptions."""
    assert "gluteus_medius" in performers(atlas, "abduction")
    (middle,) = [p for p in modelled_parts(model, "gluteus_medius") if p.part == "middle"]
    peak = action_clip(atlas, "abduction", "right", model.ranges).angles(1.0)
    assert strain(model, middle, peak) < -0.1
    assert strain(model, middle, [0, 25, 0]) > 0.05  # adduction stretches it
    assert strain(model, middle, [0, 0, 0]) == pytest.approx(0)


@pytest.mark.parametrize(
    ("scenario_id", "sign"), [("anterior_pelvic_tilt", -1), ("posterior_pelvic_tilt", 1)]
)
def test_iliopsoas_shortens_in_anterior_tilt_and_lengthens_in_posterior_tilt(
    atlas, model, scenario_id, sign
):
    """The tilt scenarios name iliopsoas among their actors, and its colours say what its
    captions say: red (shorter) with the pelvis tipped forwards, blue (longer) backwards."""
    scenario = next(s for s in atlas.data.scenarios if s.id == scenario_id)
    assert {"psoas_major", "iliacus"} <= set(scenario.structures)
    held = max(scenario.keyframes, key=lambda k: abs(k.right.flexion) if k.right else 0.0)
    hip = [held.right.flexion, held.right.adduction, held.right.rotation]
    for muscle in ("psoas_major", "iliacus"):
        (path,) = modelled_parts(model, muscle)
        assert sign * strain(model, path, hip) > 0.01, muscle


def test_colours_diverge_red_for_shortening_blue_for_lengthening():
    colours = strain_colours(np.array([-1.0, -0.05, 0.0, 0.05, 1.0]))
    assert tuple(colours[0]) == rgb(SHORTENING_COLOUR)
    assert tuple(colours[-1]) == rgb(LENGTHENING_COLOUR)
    assert colours[1, 0] > colours[1, 2] and colours[3, 2] > colours[3, 0]
    assert (
        np.abs(colours[2].astype(int) - colours[1]).sum()
        < np.abs(colours[2].astype(int) - colours[0]).sum()
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("    dof: flexion\n", "needs direction and amplitude"),
        ("    dof: none\n    amplitude: 10\n", "need a dof"),
        ("    dof: flexion\n    direction: 2\n    amplitude: 10\n", "direction"),
        ("    dof: flexion\n    direction: 1\n    amplitude: 200\n", "amplitude"),
    ],
)
def test_motion_animation_fields_are_validated(write_yaml, fields, message):
    text = (PROJECT / "annotations" / "atlas.yaml").read_text(encoding="utf-8")
    marker = (
        "    plain: Bringing the thigh forwards and up, as when lifting the knee to climb a step.\n"
    )
    start = text.index(marker) + len(marker)
    end = text.index("  - id: extension")
    with pytest.raises(AtlasDataError, match=message):
        load_atlas(write_yaml(text[:start] + fields + text[end:]))


def test_only_bones_have_a_body(write_yaml):
    text = (PROJECT / "annotations" / "atlas.yaml").read_text(encoding="utf-8")
    text = text.replace("    mesh: piriformis\n", "    mesh: piriformis\n    body: femur\n")
    with pytest.raises(AtlasDataError, match="only bones have a body"):
        load_atlas(write_yaml(text))


def test_reset_stands_up_even_from_a_scenario_that_starts_lying_down(project_paths):
    from viewer.model.loader import load_atlas as load
    from viewer.model.scenario import ScenarioClip

    atlas = load(project_paths.annotations)
    bridge = next(s for s in atlas.data.scenarios if s.id == "glute_bridge")
    player = Player()
    player.load(ScenarioClip.of(bridge))
    assert player.pose.right.flexion > 30, "the bridge starts lying with the hips bent"
    player.reset()
    assert player.pose == NEUTRAL and player.shown_clip is None and not player.playing
    player.play()  # Play after Reset shows the clip again, from its beginning
    assert player.pose.right.flexion > 30 and player.time == 0
