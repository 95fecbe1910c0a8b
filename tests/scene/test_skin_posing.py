"""The skin is drawn in the standing pose, over everything: it is not bent with the legs (a
covering weighted like the muscles let the femur and hamstrings through it at 90 degrees of
flexion), so the scene takes it away while a pose or an action plays and puts it back at
rest, in patient mode as it was."""

from __future__ import annotations

import pytest
import pyvista as pv

from viewer.model.animation import NEUTRAL, Pose
from viewer.model.data import load_data
from viewer.model.kinematics import HipPose
from viewer.model.muscle_paths import load_motion
from viewer.model.visibility import VisibilityModel
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.mesh_library import MeshLibrary


@pytest.fixture(scope="module")
def scene(project_paths):
    atlas, landmarks, _ = load_data(project_paths)
    plotter = pv.Plotter(off_screen=True, window_size=[300, 200])
    scene = AtlasScene(plotter, atlas, MeshLibrary.load(atlas, project_paths), landmarks)
    scene.skeleton = load_motion(project_paths.motion, atlas).skeleton
    visibility = VisibilityModel(atlas)
    visibility.use_audience("patient")
    scene.set_visibility(visibility, render=False)
    yield scene
    plotter.close()


def test_the_skin_is_shown_standing_and_taken_away_while_the_legs_move(scene):
    skin = scene.actor("skin")
    assert skin.visibility
    scene.set_pose(Pose(right=HipPose(flexion=90)), render=False)
    assert not skin.visibility
    assert scene.actor("gluteus_maximus_r").visibility  # the rest stays as it was
    scene.set_pose(NEUTRAL, render=False)
    assert skin.visibility


def test_the_skin_is_not_bent_or_moved_by_a_pose(scene):
    rest = scene.actor("skin").mapper.dataset.points.copy()
    scene.set_pose(Pose(left=HipPose(flexion=60, knee=60)), render=False)
    assert (scene.actor("skin").mapper.dataset.points == rest).all()
    scene.set_pose(NEUTRAL, render=False)
