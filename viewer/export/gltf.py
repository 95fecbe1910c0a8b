"""The scene as it is shown, written as glTF binary (.glb) for slides and web viewers.

glTF is Y-up, in metres, with the model facing +Z; the atlas is Y-up in
millimetres facing +X, so the scene is turned a quarter turn about Y and
scaled, and it opens upright and facing the viewer in PowerPoint or a
browser. Faded structures keep their transparency (alpha blending) and the
bones keep their painted origin and insertion areas as vertex colours.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import trimesh
from trimesh.visual.material import PBRMaterial

from viewer.export.atomic import ExportError, atomic_path
from viewer.scene.atlas_scene import AtlasScene, Surface

TO_GLTF = np.array(
    [[0.0, 0.0, -0.001, 0.0], [0.0, 0.001, 0.0, 0.0], [0.001, 0.0, 0.0, 0.0], [0, 0, 0, 1.0]]
)
"""Atlas millimetres (+X anterior, +Y up, +Z right) to glTF metres (+Z to the viewer)."""


def scene_meshes(scene: AtlasScene) -> dict[str, trimesh.Trimesh]:
    """One coloured trimesh per drawn instance, named by instance id, in glTF axes."""
    return {surface.instance_id: _trimesh(surface) for surface in scene.surfaces()}


def _trimesh(surface: Surface) -> trimesh.Trimesh:
    mesh = surface.mesh
    faces = np.asarray(mesh.faces).reshape(-1, 4)[:, 1:]
    points = np.c_[np.asarray(mesh.points, float), np.ones(mesh.n_points)]
    vertices = (points @ (TO_GLTF @ surface.transform).T)[:, :3]
    out = trimesh.Trimesh(vertices, faces, process=False)
    alpha = round(255 * surface.opacity)
    if "rgb" in mesh.point_data:
        rgba = np.c_[np.asarray(mesh.point_data["rgb"], np.uint8), np.full(mesh.n_points, alpha)]
        out.visual = trimesh.visual.ColorVisuals(out, vertex_colors=rgba.astype(np.uint8))
    else:
        colour = [*(round(255 * c) for c in surface.colour), alpha]
        material = PBRMaterial(
            name=surface.instance_id,
            baseColorFactor=colour,
            metallicFactor=0.0,
            roughnessFactor=0.7,
            alphaMode="BLEND" if alpha < 255 else "OPAQUE",
            doubleSided=alpha < 255,
        )
        out.visual = trimesh.visual.TextureVisuals(material=material)
    return out


def export_glb(scene: AtlasScene, out: Path, overwrite: bool = False) -> Path:
    """Write the scene's meshes, colours and transparency to ``out`` (.glb), atomically."""
    out = Path(out)
    if out.suffix.lower() != ".glb":
        raise ExportError(f"{out}: a 3D scene is written as .glb")
    gltf_scene = trimesh.Scene()
    for name, mesh in scene_meshes(scene).items():
        gltf_scene.add_geometry(mesh, node_name=name, geom_name=name)
    with atomic_path(out, overwrite) as tmp:
        tmp.write_bytes(gltf_scene.export(file_type="glb"))
    return out
