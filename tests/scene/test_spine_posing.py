"""The drawn lumbar spine bends as the pelvis tilts: the vertebrae turn on their discs, the
discs bend between them, psoas keeps to the bodies it arises from, and iliacus, on the
ilium, stays with the pelvis."""

from __future__ import annotations

import numpy as np
import pytest

from tests.scene.rigged import rigged_atlas
from viewer.model.animation import Pose
from viewer.model.kinematics import PelvisPose, transform_points
from viewer.scene.posing import ScenePosing

TILTS = [PelvisPose(tilt=12), PelvisPose(tilt=-10), PelvisPose(obliquity=8)]


@pytest.fixture(scope="module")
def posed(project_paths):
    atlas = rigged_atlas(project_paths)

    def pose(pelvis: PelvisPose) -> dict:
        atlas.posing.apply(Pose(pelvis=pelvis, trunk_upright=True), {})
        return {i: np.array(m.points) for i, m in atlas.meshes.items()}

    return atlas.landmarks, atlas.rig, atlas.rest, pose


def test_each_vertebra_is_its_own_body(posed):
    _, rig, _, _ = posed
    assert rig.lumbar is not None
    assert {rig.bodies[f"l{k}_vertebra"] for k in range(1, 6)} == {
        f"l{k}_vertebra" for k in range(1, 6)
    }
    assert rig.bodies["sacrum"] == "pelvis"


@pytest.mark.parametrize("pelvis", TILTS)
def test_psoas_keeps_to_the_bodies_it_arises_from(posed, pelvis):
    """Psoas's vertices beside each body's origin landmark move with that vertebra (in the
    pelvis's frame, where soft tissue is written), within 1 mm."""
    landmarks, rig, rest, pose = posed
    points = pose(pelvis)
    moves = rig.lumbar.transforms(pelvis)
    for vertebra, matrix in moves.items():
        origin = landmarks.point(vertebra, "psoas_origin", "right")
        near = np.linalg.norm(rest["psoas_major_r"] - origin, axis=1) < 8.0
        assert near.sum() > 5, vertebra
        expected = transform_points(matrix, rest["psoas_major_r"][near])
        gap = np.linalg.norm(points["psoas_major_r"][near] - expected, axis=1)
        assert gap.max() <= 1.0, (vertebra, gap.max())


@pytest.mark.parametrize("pelvis", TILTS)
def test_discs_bend_between_their_vertebrae_and_iliacus_stays_on_the_ilium(posed, pelvis):
    landmarks, rig, rest, pose = posed
    points = pose(pelvis)
    moves = rig.lumbar.transforms(pelvis)
    disc = "disc_l4_l5"
    top = landmarks.point(disc, "upper_endplate_centre", None)
    bottom = landmarks.point(disc, "lower_endplate_centre", None)
    for end, vertebra in ((top, "l4_vertebra"), (bottom, "l5_vertebra")):
        near = np.argsort(np.linalg.norm(rest[disc] - end, axis=1))[:8]  # its endplate's middle
        expected = transform_points(moves[vertebra], rest[disc][near])
        assert np.linalg.norm(points[disc][near] - expected, axis=1).max() <= 1.5
    fossa = landmarks.point("hip_bone", "iliac_fossa", "right")
    on_ilium = np.linalg.norm(rest["iliacus_r"] - fossa, axis=1) < 20.0
    assert on_ilium.sum() > 5
    assert np.abs(points["iliacus_r"][on_ilium] - rest["iliacus_r"][on_ilium]).max() < 0.5


def test_the_neutral_pose_is_the_rest_shape(posed):
    _, _, rest, pose = posed
    pose(PelvisPose(tilt=12))
    points = pose(PelvisPose())
    for instance in ("psoas_major_r", "disc_l3_l4", "lumbar_plexus_r"):
        np.testing.assert_allclose(points[instance], rest[instance], atol=1e-3)


def test_a_copy_of_a_posed_scene_bends_from_the_rest_shape(project_paths):
    """A picture's twin is made from the window's meshes as they are drawn (posed) and posed
    again by the same rig: the spine's bend starts from the rig's rest shape, not from the
    drawn one, so the twin shows the pose once, not twice."""
    atlas = rigged_atlas(project_paths)
    meshes, rig = atlas.meshes, atlas.rig
    tilted = Pose(pelvis=PelvisPose(tilt=-10), trunk_upright=True)
    atlas.posing.apply(tilted, {})
    twins = {i: m.copy() for i, m in meshes.items()}
    ScenePosing(rig, twins).apply(tilted, {})
    for instance in ("disc_l2_l3", "psoas_major_r"):
        np.testing.assert_allclose(twins[instance].points, meshes[instance].points, atol=1e-4)


def test_with_the_trunk_moving_with_the_pelvis_the_lower_back_keeps_its_shape(project_paths):
    """A hip hinge (the single-leg deadlift, the hip thrust) keeps a neutral spine: the
    vertebrae and discs move with the pelvis, and the spine does not bend."""
    atlas = rigged_atlas(project_paths)
    atlas.posing.apply(Pose(pelvis=PelvisPose(tilt=40)), {})
    for instance in ("disc_l3_l4", "psoas_major_r", "lumbar_plexus_r"):
        np.testing.assert_allclose(atlas.meshes[instance].points, atlas.rest[instance], atol=1e-4)
