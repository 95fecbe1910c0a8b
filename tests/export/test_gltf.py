"""The .glb scene loads back with every mesh, its colour and its transparency."""

from __future__ import annotations

import numpy as np
import trimesh

from viewer.export.gltf import export_glb
from viewer.scene import palette


def test_glb_loads_back_with_meshes_and_colours(scene, tmp_path):
    out = export_glb(scene, tmp_path / "scene.glb")
    loaded = trimesh.load(out, force="scene")
    assert set(loaded.geometry) == set(scene.instance_ids)
    muscle = loaded.geometry["gluteus_medius_r"].visual.material
    assert tuple(muscle.baseColorFactor[:3]) == palette.rgb(palette.KIND_COLOURS["muscle"])
    faded = loaded.geometry["gluteus_medius_l"].visual.material
    assert faded.alphaMode == "BLEND" and faded.baseColorFactor[3] < 255
    bone = loaded.geometry["hip_bone_r"].visual.vertex_colors[:, :3].astype(int)
    orange = np.array(palette.rgb(palette.ORIGIN_COLOUR))
    assert (np.abs(bone - orange).max(axis=1) < 10).any(), "the painted origin is kept"
    extent = loaded.bounds[1] - loaded.bounds[0]
    assert extent.max() < 1.0, "metres, not millimetres"
    assert extent[1] > 0.1, "upright: the atlas height is along +Y"
