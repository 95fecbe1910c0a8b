"""The view names a scenario may give are exactly the scene's named views, and a scenario
framed on the legs holds its knees in view."""

from __future__ import annotations

from typing import get_args

import numpy as np
import pyvista as pv

from viewer.model.data import load_data
from viewer.model.kinematics import transform_points
from viewer.model.muscle_paths import load_motion
from viewer.model.scenario import ScenarioClip
from viewer.model.schema import ViewName
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.mesh_library import MeshLibrary
from viewer.scene.views import VIEWS


def test_scenario_views_are_the_named_views():
    assert set(get_args(ViewName)) == set(VIEWS)


def test_a_scenario_framed_on_the_legs_holds_the_knees_through_its_poses(project_paths):
    """The hip thrust's knees come far forward of the standing hips: framed on the legs, the
    region holds both kneecaps in every keyframe; framed on the hips (Trendelenburg), the
    region is the standard one."""
    atlas, landmarks, _ = load_data(project_paths)
    plotter = pv.Plotter(off_screen=True, window_size=[400, 300])
    scene = AtlasScene(plotter, atlas, MeshLibrary.load(atlas, project_paths), landmarks)
    scene.skeleton = load_motion(project_paths.motion, atlas).skeleton
    try:
        scenarios = {s.id: s for s in atlas.data.scenarios}
        thrust = ScenarioClip.of(scenarios["hip_thrust"])
        bounds = scene.framing_bounds(poses=thrust.framed_poses)
        assert len(thrust.framed_poses) == len(thrust.times)
        patella = np.asarray(scene.actor("patella_r").mapper.dataset.points)
        for pose in thrust.framed_poses:
            moves = scene.skeleton.transforms(pose.pelvis, pose.right, pose.left)
            placed = transform_points(moves["patella_r"], patella)
            assert (placed >= bounds[:, 0] - 1e-6).all() and (placed <= bounds[:, 1] + 1e-6).all()
        standard = scene.framing_bounds()
        assert bounds[0, 1] > standard[0, 1] + 100  # the knees far in front of the hips
        trendelenburg = ScenarioClip.of(scenarios["trendelenburg"])
        assert trendelenburg.framed_poses == []
        assert np.array_equal(scene.framing_bounds(poses=trendelenburg.framed_poses), standard)
    finally:
        plotter.close()
