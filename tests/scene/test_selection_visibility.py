"""Rendered off screen with the atlas's own meshes: the selection and its relations stay in sight."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from viewer.model.data import load_data
from viewer.scene import palette
from viewer.scene.atlas_scene import FRAMED_HEIGHT_MM, AtlasScene, framed_bounds
from viewer.scene.mesh_library import MeshLibrary

SIZE = (900, 700)


@pytest.fixture(scope="module")
def scene(project_paths):
    atlas, landmarks, _ = load_data(project_paths)
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    scene = AtlasScene(plotter, atlas, MeshLibrary.load(atlas, project_paths), landmarks)
    yield scene
    scene.close()
    plotter.close()


def image(scene) -> np.ndarray:
    return scene.plotter.screenshot(return_img=True).astype(int)


def hidden_points(scene, instance_id: str, cover_id: str, count: int = 40) -> list[tuple]:
    """Pixels (row, column) where ``instance_id`` lies behind ``cover_id`` in the current view."""
    points = np.asarray(scene.actor(instance_id).mapper.dataset.points)
    found = []
    for point in points[:: max(1, len(points) // 400)]:
        x, y = scene.display_position(point)
        if 0 <= x < SIZE[0] and 0 <= y < SIZE[1] and scene.pick(x, y) == cover_id:
            found.append((SIZE[1] - 1 - y, x))
        if len(found) >= count:
            break
    return found


def test_the_selected_muscle_is_opaque_in_its_own_colour(scene):
    scene.set_view("posterior", render=False)
    scene.show_selection("piriformis_r")
    assert scene.actor("piriformis_r").prop.opacity == 1.0
    centre = np.asarray(scene.actor("piriformis_r").mapper.dataset.points).mean(axis=0)
    x, y = scene.display_position(centre)
    pixel = image(scene)[SIZE[1] - 1 - y, x]
    muscle = np.array(palette.rgb(palette.KIND_COLOURS["muscle"]))
    bone = np.array(palette.rgb(palette.KIND_COLOURS["bone"]))
    assert np.abs(pixel - muscle).sum() < np.abs(pixel - bone).sum(), pixel
    assert pixel[0] > pixel[1] + 40, f"piriformis reads as muscle red, not faded: {pixel}"


def test_the_selections_nerve_shows_through_the_muscle_it_supplies(scene):
    scene.set_view("posterior", render=False)
    scene.show_selection("gluteus_maximus_r")
    behind = hidden_points(scene, "inferior_gluteal_nerve_r", "gluteus_maximus_r")
    assert len(behind) >= 10, "the nerve should run deep to gluteus maximus here"
    with_ghosts = image(scene)
    scene._ghosts.clear()
    scene.plotter.render()
    without = image(scene)
    scene.show_selection("gluteus_maximus_r")  # ghosts back for the next test

    def yellowness(pixels):
        return np.mean([(p[0] + p[1]) / 2 - p[2] for p in pixels])

    shown = [with_ghosts[r, c] for r, c in behind]
    plain = [without[r, c] for r, c in behind]
    assert yellowness(shown) > yellowness(plain) + 15
    assert np.mean([p[1] for p in shown]) > np.mean([p[1] for p in plain]) + 20


def test_a_selected_nerve_is_seen_along_its_whole_course(scene):
    scene.set_view("posterior", render=False)
    scene.show_selection("superior_gluteal_nerve_r")
    behind = [
        rc
        for cover in ("gluteus_maximus_r", "gluteus_medius_r", "gluteus_minimus_r")
        for rc in hidden_points(scene, "superior_gluteal_nerve_r", cover, 15)
    ]
    assert behind, "the nerve runs under the gluteal muscles"
    pixels = image(scene)
    nerve = np.array(palette.rgb(palette.KIND_COLOURS["nerve"]))
    tinted = [pixels[r, c] for r, c in behind]
    assert np.mean([np.abs(p - nerve).sum() for p in tinted]) < 330
    assert np.mean([p[1] - p[2] for p in tinted]) > 25, "yellow shows through"


def test_xray_keeps_the_layers_apart(scene):
    from viewer.model.visibility import VisibilityModel

    visibility = VisibilityModel(scene.atlas)
    visibility.set_xray(True)
    scene.set_visibility(visibility, render=False)
    scene.show_selection(None, render=False)
    scene.set_view("posterior")
    pixels = image(scene)

    def seen(instance_id):
        """Mean colour where ``instance_id`` is the front-most surface."""
        found = []
        points = np.asarray(scene.actor(instance_id).mapper.dataset.points)
        for point in points[:: max(1, len(points) // 300)]:
            x, y = scene.display_position(point)
            if 0 <= x < SIZE[0] and 0 <= y < SIZE[1] and scene.pick(x, y) == instance_id:
                found.append(pixels[SIZE[1] - 1 - y, x])
        assert len(found) >= 5, instance_id
        return np.mean(found, axis=0)

    maximus, medius = seen("gluteus_maximus_r"), seen("gluteus_medius_r")
    scene.set_visibility(None, render=False)
    scene.show_selection(None)
    assert np.abs(maximus - medius).sum() > 40, (maximus, medius)


@pytest.mark.parametrize(("muscle", "sign"), [("gluteus_maximus", 1), ("piriformis", 1)])
def test_a_left_muscles_origin_is_painted_on_the_left_half_of_the_sacrum(scene, muscle, sign):
    sacrum = scene._drawn["sacrum"].mesh
    rest = np.asarray(scene._drawn["sacrum"].base_rgb, int)
    for side, expected in (("r", sign), ("l", -sign)):
        scene.show_selection(f"{muscle}_{side}", render=False)
        painted = np.abs(np.asarray(sacrum.point_data["rgb"], int) - rest).sum(axis=1) > 60
        assert painted.sum() > 20, (muscle, side)
        z = np.asarray(sacrum.points)[painted, 2]
        assert np.sign(z.mean()) == expected, f"{muscle}_{side} painted at z {z.mean():.0f} mm"


@pytest.mark.parametrize(
    ("selection", "view"),
    [("gluteus_medius_r", "posterior"), ("greater_sciatic_foramen_r", "posterior")],
)
def test_labels_are_drawn_over_the_ghosts(scene, selection, view):
    """Nerves and vessels seen through the muscles are drawn over the scene; the labels,
    drawn under them, had a nerve running across their words."""
    scene.show_selection(selection, render=False)
    scene.show_labels(True, "patient", render=False)
    scene.frame(view, [a for anchor in scene.label_anchors() for a in anchor.points])
    scene.plotter.render()
    pixels = image(scene)
    boxes = scene._labels.boxes()
    assert boxes
    coloured = 0
    for x0, y0, x1, y1 in boxes:  # inside the border: white ground and dark text only
        inner = pixels[SIZE[1] - int(y1) + 5 : SIZE[1] - int(y0) - 5, int(x0) + 5 : int(x1) - 5]
        coloured += int((np.ptp(inner, axis=2) > 60).sum())
    scene.show_labels(False, render=False)
    scene.show_selection(None)
    assert coloured == 0, coloured


def test_the_standard_views_frame_the_pelvis_not_the_lumbar_spine_above_it():
    scene_bounds = [-200.0, 100.0, -900.0, 210.0, -150.0, 150.0]  # spine up to y = 210
    framed = framed_bounds(scene_bounds, top=76.0)
    assert framed[1, 1] == 76.0 and framed[1, 0] == 76.0 - FRAMED_HEIGHT_MM
    assert framed_bounds(scene_bounds)[1, 1] == 210.0  # no pelvis drawn: the scene's top
