"""An action's colours are length changes from where the action starts: knee extension starts
with the knee bent, and the quadriceps shorten (red) as it straightens."""

from __future__ import annotations

import pytest
import pyvista as pv

from viewer.model.animation import action_clip
from viewer.model.loader import load_atlas
from viewer.model.muscle_paths import load_motion
from viewer.scene.posing import ContractionColours


def test_knee_extension_colours_the_quadriceps_shortening_from_the_bent_knee(project_paths):
    """Red as the knee straightens, although the quadriceps are longer throughout than with
    the knee straight."""
    atlas = load_atlas(project_paths.annotations)
    model = load_motion(project_paths.motion, atlas)
    meshes = {"vastus_lateralis_r": pv.read(project_paths.meshes / "vastus_lateralis_r.ply")}
    colours = ContractionColours(atlas, model, meshes)
    clip = action_clip(atlas, "knee_extension", "right", model.ranges)
    colours.load(clip)
    assert colours.strains_at(0.0)["vastus_lateralis_r"] == pytest.approx([0.0])
    assert colours.strains_at(clip.duration / 2)["vastus_lateralis_r"][0] < -0.1
    red, _, blue = colours.colours_at(clip.duration / 2)["vastus_lateralis_r"].mean(axis=0)
    assert red > blue + 60
