"""Fixtures for export tests: a scene over the tiny test atlas with its muscle selected."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv
from PIL import Image

from tests.scene.conftest import mini_paths  # noqa: F401 (re-exported fixture)
from viewer.model.data import load_data
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.mesh_library import MeshLibrary


@pytest.fixture
def scene(mini_paths):  # noqa: F811 (the fixture above)
    atlas, landmarks, _ = load_data(mini_paths)
    plotter = pv.Plotter(off_screen=True, window_size=[320, 240])
    scene = AtlasScene(plotter, atlas, MeshLibrary.load(atlas, mini_paths), landmarks)
    scene.show_selection("gluteus_medius_r", render=False)
    yield scene
    plotter.close()


def read_png(path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image)
