"""Loading each instance's mesh, keeping whatever loads and reporting what does not.

A missing or broken mesh must not take the atlas down: the structure is
listed as unavailable with the reason, and everything else is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyvista as pv

from viewer.model.atlas import Atlas
from viewer.model.errors import DataPathError
from viewer.model.paths import AtlasPaths
from viewer.scene.ply import PlyError, read_ply


class MeshError(Exception):
    """One mesh file cannot be used; the message names the structure and the file."""


@dataclass
class MeshLibrary:
    """Loaded meshes by instance id, and the reason for each one that did not load."""

    meshes: dict[str, pv.PolyData] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)
    flawed: dict[str, str] = field(default_factory=dict)
    """Meshes drawn although open or non-manifold (picking and areas may misbehave there)."""

    @classmethod
    def load(cls, atlas: Atlas, paths: AtlasPaths) -> MeshLibrary:
        library = cls()
        for instance in atlas.instances.values():
            try:
                path = paths.mesh_file(instance.mesh_stem)
                library.meshes[instance.id] = read_mesh(path, instance.label)
                flaw = surface_flaw(library.meshes[instance.id])
                if flaw:
                    library.flawed[instance.id] = f"{instance.label}: {path} {flaw}"
            except (MeshError, DataPathError) as exc:
                library.unavailable[instance.id] = str(exc)
        return library


def read_mesh(path: Path, label: str) -> pv.PolyData:
    """A closed triangle mesh with smooth vertex normals, or MeshError saying why not."""
    if not path.is_file():
        raise MeshError(f"{label}: mesh file {path} does not exist")
    try:
        loaded = read_ply(path.read_bytes())
    except OSError as exc:
        raise MeshError(f"{label}: cannot read {path}: {exc.strerror or exc}") from exc
    except PlyError as exc:
        raise MeshError(f"{label}: {path} {exc}") from exc
    vertices, faces = loaded.vertices, loaded.faces
    if not np.isfinite(vertices).all():
        raise MeshError(f"{label}: {path} has non-finite vertex coordinates")
    if faces.min() < 0 or faces.max() >= len(vertices):
        raise MeshError(f"{label}: {path} has triangles that refer to missing vertices")
    mesh = pv.PolyData.from_regular_faces(vertices, faces)
    normals = loaded.normals if loaded.normals is not None else vertex_normals(vertices, faces)
    mesh.point_data["Normals"] = normals
    mesh.point_data.active_normals_name = "Normals"
    return mesh


def vertex_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Unit normals (N, 3) float32 for a file without them: face normals weighted by area."""
    corners = vertices[faces].astype(np.float64)
    face_normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    sums = np.zeros((len(vertices), 3))
    for corner in range(3):
        np.add.at(sums, faces[:, corner], face_normals)
    lengths = np.linalg.norm(sums, axis=1, keepdims=True)
    return (sums / np.where(lengths > 0, lengths, 1.0)).astype(np.float32)


def surface_flaw(mesh: pv.PolyData) -> str | None:
    """Why ``mesh`` is not a closed manifold surface, or None if it is.

    Each edge of a closed surface borders exactly two triangles; an edge with
    one is a hole, with three or more a non-manifold seam.
    """
    faces = np.asarray(mesh.faces).reshape(-1, 4)[:, 1:]
    edges = np.sort(np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), axis=1)
    _, counts = np.unique(edges[:, 0] * mesh.n_points + edges[:, 1], return_counts=True)
    holes, seams = int((counts == 1).sum()), int((counts > 2).sum())
    if not holes and not seams:
        return None
    return f"is not a closed surface: {holes} open edge(s), {seams} non-manifold edge(s)"
