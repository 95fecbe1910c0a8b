"""Rendered off screen: the legend's text is larger for patients, and a resting muscle is not bone-coloured."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from viewer.model.data import load_data
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.mesh_library import MeshLibrary
from viewer.scene.posing import strain_colours

SIZE = (1280, 720)


@pytest.fixture
def scene(mini_paths):
    atlas, landmarks, _ = load_data(mini_paths)
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    scene = AtlasScene(plotter, atlas, MeshLibrary.load(atlas, mini_paths), landmarks)
    scene.set_view("posterior")
    yield scene
    plotter.close()


def legend_text_height(scene: AtlasScene) -> float:
    """Rows of dark text pixels inside the legend box, per entry: the rendered glyph height."""
    legend = scene._legend
    x0, y0 = legend.GetPositionCoordinate().GetValue()[:2]
    w, h = legend.GetPosition2Coordinate().GetValue()[:2]
    image = scene.plotter.screenshot(return_img=True).astype(int)
    rows, cols = image.shape[:2]
    box = image[
        round(rows * (1 - y0 - h)) : round(rows * (1 - y0)),
        round(cols * x0) : round(cols * (x0 + w)),
    ]
    dark = box.max(axis=2) < 90
    return dark.any(axis=1).sum() / legend.GetNumberOfEntries()


def test_the_patient_legend_has_larger_text_not_smaller(scene):
    scene.show_selection("gluteus_medius_r")
    clinician = legend_text_height(scene)
    scene.label_audience = "patient"
    scene.show_selection("gluteus_medius_r")
    patient = legend_text_height(scene)
    assert clinician > 5
    assert patient >= 1.15 * clinician, (clinician, patient)


def test_a_muscle_at_rest_length_stands_out_from_the_bone(scene):
    muscle = scene.actor("gluteus_medius_r").mapper.dataset
    scene.set_vertex_colours("gluteus_medius_r", strain_colours(np.zeros(muscle.n_points)))
    image = scene.plotter.screenshot(return_img=True).astype(int)

    def at(world):
        x, y = scene.display_position(np.asarray(world, float))
        return image[SIZE[1] - 1 - y, x]

    muscle_px = at((-102.0, -20.0, 140.0))  # the muscle's posterior face
    bone_px = at((-65.0, 60.0, 100.0))  # the hip bone plate above it
    assert np.abs(muscle_px - bone_px).sum() > 120, (muscle_px, bone_px)


def test_labels_and_legend_speak_to_one_audience(scene):
    scene.show_selection("gluteus_medius_r")
    scene.show_labels(True, "patient", render=False)
    legend = scene._legend
    words = [legend.GetEntryString(i) for i in range(legend.GetNumberOfEntries())]
    assert "Where it starts" in words and "Origin" not in words
    scene.show_labels(True, "clinician", render=False)
    legend = scene._legend
    assert "Origin" in [legend.GetEntryString(i) for i in range(legend.GetNumberOfEntries())]
