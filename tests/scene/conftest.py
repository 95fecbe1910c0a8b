"""A tiny synthetic atlas folder (the mini annotation file plus simple meshes) for scene tests."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import pyvista as pv

from tests.conftest import DATA
from viewer.model.paths import AtlasPaths

MIRROR = np.array([1.0, 1.0, -1.0])
CREST = (-65.0, 40.0, 100.0)
"""The test landmark: on the posterior face of the right test 'hip bone' plate."""

SHAPES = {
    # instance stem (right side): (centre, radii); thin in X so a face looks posterior
    "hip_bone": ((-50.0, 0.0, 100.0), (15.0, 80.0, 60.0)),
    "gluteus_medius": ((-90.0, -20.0, 140.0), (12.0, 20.0, 20.0)),
    "superior_gluteal_nerve": ((-90.0, 70.0, 40.0), (4.0, 4.0, 30.0)),
    "superior_gluteal_artery": ((-90.0, 90.0, 40.0), (3.0, 3.0, 30.0)),
}


def _ellipsoid(centre, radii) -> pv.PolyData:
    shape = pv.ParametricEllipsoid(*radii, u_res=60, v_res=60, w_res=60).triangulate().clean()
    return shape.translate(centre, inplace=False)


@pytest.fixture(scope="session")
def mini_paths(tmp_path_factory) -> AtlasPaths:
    root = tmp_path_factory.mktemp("mini_atlas")
    (root / "annotations").mkdir()
    shutil.copy(DATA / "mini_atlas.yaml", root / "annotations" / "atlas.yaml")
    meshes = root / "meshes"
    meshes.mkdir()
    for stem, (centre, radii) in SHAPES.items():
        right = _ellipsoid(centre, radii)
        right.save(meshes / f"{stem}_r.ply")
        left = right.copy()
        left.points = np.asarray(left.points) * MIRROR
        left.save(meshes / f"{stem}_l.ply")
    landmarks = {"units": "mm", "structures": {"hip_bone": {"crest": list(CREST)}}}
    (meshes / "landmarks.json").write_text(json.dumps(landmarks))
    return AtlasPaths(root)
