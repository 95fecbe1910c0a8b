"""The whole atlas loaded for posing tests: fresh copies of its meshes and the rig built on
them, as a scene builds it on its first pose."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv

from viewer.model.data import load_data
from viewer.model.kinematics import Skeleton
from viewer.model.landmarks import Landmarks
from viewer.model.muscle_paths import load_motion
from viewer.model.paths import AtlasPaths
from viewer.scene.mesh_library import MeshLibrary
from viewer.scene.posing import ScenePosing, SceneRig


@dataclass
class Rigged:
    landmarks: Landmarks
    skeleton: Skeleton
    meshes: dict[str, pv.PolyData]
    rest: dict[str, np.ndarray]
    """Each mesh's points at rest."""
    rig: SceneRig
    posing: ScenePosing


def rigged_atlas(paths: AtlasPaths) -> Rigged:
    atlas, landmarks, _ = load_data(paths)
    library = MeshLibrary.load(atlas, paths)
    skeleton = load_motion(paths.motion, atlas).skeleton
    meshes = {i: m.copy() for i, m in library.meshes.items()}
    rest = {i: np.array(m.points) for i, m in meshes.items()}
    rig = SceneRig.build(skeleton, atlas, landmarks, meshes)
    return Rigged(landmarks, skeleton, meshes, rest, rig, ScenePosing(rig, meshes))
