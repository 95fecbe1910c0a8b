"""The scene rendered off screen: pixels prove the highlight, picking finds the right actor."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from tests.scene.conftest import CREST
from viewer.model.data import load_data
from viewer.scene import palette
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.mesh_library import MeshError, MeshLibrary, read_mesh

SIZE = (640, 480)


@pytest.fixture
def scene(mini_paths):
    atlas, landmarks, warnings = load_data(mini_paths)
    assert warnings == []
    library = MeshLibrary.load(atlas, mini_paths)
    assert library.unavailable == {}
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    scene = AtlasScene(plotter, atlas, library, landmarks)
    scene.set_view("posterior")
    yield scene
    plotter.close()


def pixel(scene: AtlasScene, world) -> np.ndarray:
    """RGB at the display position of ``world`` (image rows run top to bottom)."""
    x, y = scene.display_position(np.asarray(world))
    image = scene.plotter.screenshot(return_img=True)
    return image[SIZE[1] - 1 - y, x].astype(int)


def is_orange(rgb: np.ndarray) -> bool:
    r, g, b = rgb
    return r > 120 and r - b > 80 and r > g > b


def test_view_is_not_blank(scene):
    image = scene.plotter.screenshot(return_img=True)
    background = image[2, 2]
    differs = np.any(np.abs(image.astype(int) - background.astype(int)) > 30, axis=2)
    assert differs.mean() > 0.05


def test_selecting_a_muscle_paints_its_origin_on_the_bone(scene):
    before = pixel(scene, CREST)
    assert not is_orange(before), before
    scene.show_selection("gluteus_medius_r")
    after = pixel(scene, CREST)
    assert is_orange(after), after
    left_crest = np.array(CREST) * [1, 1, -1]
    assert not is_orange(pixel(scene, left_crest)), "the left bone must stay unpainted"


def test_selection_fades_unrelated_and_keeps_related(scene):
    scene.show_selection("gluteus_medius_r")
    opacity = {i: scene.actor(i).prop.opacity for i in scene.instance_ids}
    assert opacity["gluteus_medius_r"] == 1.0, "the selection is the clearest thing: opaque"
    assert opacity["superior_gluteal_nerve_r"] == 1.0
    assert opacity["superior_gluteal_artery_r"] == 1.0
    assert opacity["gluteus_medius_l"] == palette.FADED_OPACITY
    assert opacity["superior_gluteal_nerve_l"] == palette.FADED_VESSEL_OPACITY
    scene.show_selection(None)
    assert all(scene.actor(i).prop.opacity == 1.0 for i in scene.instance_ids)
    assert not is_orange(pixel(scene, CREST))


def test_pick_finds_the_actor_under_a_pixel(scene):
    centre = np.array([-102.0, -20.0, 140.0])  # posterior surface of the right test muscle
    x, y = scene.display_position(centre)
    assert scene.pick(x, y) == "gluteus_medius_r"
    assert scene.pick(2, 2) is None


def test_broken_meshes_are_reported_not_fatal(tmp_path):
    empty = tmp_path / "empty.ply"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.ply"
    garbage.write_bytes(
        b"ply\nformat binary_little_endian 1.0\nelement vertex 99\nend_header\n\x00"
    )
    for path in (tmp_path / "missing.ply", empty, garbage):
        with pytest.raises(MeshError, match="Test bone"):
            read_mesh(path, "Test bone")


def test_pick_bone_looks_through_soft_tissue(scene):
    centre = np.array([-102.0, -20.0, 140.0])  # the test muscle lies over the test bone here
    x, y = scene.display_position(centre)
    assert scene.pick(x, y) == "gluteus_medius_r"
    assert scene.pick_bone(x, y) == "hip_bone_r"
    assert scene.last_pick_point[0] > -70, "the point is on the bone, behind the muscle"
