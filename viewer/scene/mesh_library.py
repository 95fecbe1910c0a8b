"""Loading each instance's mesh, keeping whatever loads and reporting what does not.

A missing or broken mesh must not take the atlas down: the structure is
listed as unavailable with the reason, and everything else is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyvista as pv
import trimesh

from viewer.model.atlas import Atlas
from viewer.model.errors import DataPathError
from viewer.model.paths import AtlasPaths


class MeshError(Exception):
    """One mesh file cannot be used; the message names the structure and the file."""


@dataclass
class MeshLibrary:
    """Loaded meshes by instance id, and the reason for each one that did not load."""

    meshes: dict[str, pv.PolyData] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, atlas: Atlas, paths: AtlasPaths) -> MeshLibrary:
        library = cls()
        for instance in atlas.instances.values():
            try:
                path = paths.mesh_file(instance.mesh_stem)
                library.meshes[instance.id] = read_mesh(path, instance.label)
            except (MeshError, DataPathError) as exc:
                library.unavailable[instance.id] = str(exc)
        return library


def read_mesh(path: Path, label: str) -> pv.PolyData:
    """A closed triangle mesh with smooth vertex normals, or MeshError saying why not."""
    if not path.is_file():
        raise MeshError(f"{label}: mesh file {path} does not exist")
    try:
        loaded = trimesh.load(path, process=False, force="mesh")
    except Exception as exc:  # trimesh raises many types for malformed files
        raise MeshError(f"{label}: cannot read {path}: {exc}") from exc
    if not isinstance(loaded, trimesh.Trimesh) or len(loaded.faces) == 0:
        raise MeshError(f"{label}: {path} holds no triangles")
    vertices = np.asarray(loaded.vertices, dtype=np.float32)
    if not np.isfinite(vertices).all():
        raise MeshError(f"{label}: {path} has non-finite vertex coordinates")
    faces = np.asarray(loaded.faces, dtype=np.int64)
    mesh = pv.PolyData(vertices, np.column_stack([np.full(len(faces), 3), faces]).ravel())
    mesh.point_data["Normals"] = np.asarray(loaded.vertex_normals, dtype=np.float32)
    mesh.point_data.active_normals_name = "Normals"
    return mesh
