"""Bad mesh files: the structure is listed as unavailable, naming it and the file; the rest loads."""

from __future__ import annotations

import os

import numpy as np
import pytest
import pyvista as pv

from viewer.model.data import load_data
from viewer.model.errors import AnnotationError
from viewer.model.loader import load_atlas
from viewer.scene.mesh_library import MeshLibrary

HEADER = (
    b"ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
    b"property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n"
)
STL = b"solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid x\n"


def damage(path, how: str) -> None:
    raw = path.read_bytes()
    content = {
        "empty": b"",
        "truncated in the data": raw[: len(raw) // 2],
        "truncated in the header": raw[:40],
        "last bytes cut": raw[:-5],
        "wrong format (STL)": STL,
        "wrong format (PNG)": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "text": b"just some notes\n",
        "points only": HEADER.replace(
            b"element face 1\nproperty list uchar int vertex_indices\n", b""
        )
        + b"0 0 0\n1 0 0\n0 1 0\n",
        "face index out of range": HEADER + b"0 0 0\n1 0 0\n0 1 0\n3 0 1 999\n",
        "negative face index": HEADER + b"0 0 0\n1 0 0\n0 1 0\n3 0 1 -5\n",
        "non-finite vertex": HEADER + b"0 0 nan\n1 0 0\n0 1 0\n3 0 1 2\n",
    }
    if how == "missing":
        path.unlink()
    elif how == "a folder":
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(content[how])


HOW = [
    "missing",
    "a folder",
    "empty",
    "truncated in the data",
    "truncated in the header",
    "last bytes cut",
    "wrong format (STL)",
    "wrong format (PNG)",
    "text",
    "points only",
    "face index out of range",
    "negative face index",
    "non-finite vertex",
]


@pytest.mark.parametrize("how", HOW)
def test_a_broken_mesh_is_unavailable_and_the_rest_loads(atlas_copy, how):
    damage(atlas_copy.meshes / "gluteus_medius_l.ply", how)
    atlas, _, _ = load_data(atlas_copy)
    library = MeshLibrary.load(atlas, atlas_copy)
    assert set(library.unavailable) == {"gluteus_medius_l"}
    reason = library.unavailable["gluteus_medius_l"]
    assert "Gluteus medius (left)" in reason and "gluteus_medius_l.ply" in reason
    assert len(library.meshes) == len(atlas.instances) - 1


def open_surface(path) -> None:
    pv.Plane(center=(-50, 0, 100), direction=(1, 0, 0), i_size=100, j_size=100).triangulate().save(
        path
    )


def seamed_surface(path) -> None:
    """Three triangles sharing one edge: non-manifold."""
    points = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1]], float)
    pv.PolyData(points, np.array([3, 0, 1, 2, 3, 0, 1, 3, 3, 0, 1, 4])).save(path)


@pytest.mark.parametrize(
    ("make", "flaw"), [(open_surface, "open edge"), (seamed_surface, "1 non-manifold edge")]
)
def test_open_or_non_manifold_meshes_are_drawn_and_reported(atlas_copy, make, flaw):
    make(atlas_copy.meshes / "hip_bone_r.ply")
    atlas, _, _ = load_data(atlas_copy)
    library = MeshLibrary.load(atlas, atlas_copy)
    assert "hip_bone_r" in library.meshes and not library.unavailable
    assert set(library.flawed) == {"hip_bone_r"}
    assert (
        "Hip bone (right)" in library.flawed["hip_bone_r"] and flaw in library.flawed["hip_bone_r"]
    )


@pytest.mark.parametrize(
    "mesh", ["../annotations/atlas", "../../outside", "/etc/passwd", "sub/../../x"]
)
def test_annotation_mesh_paths_outside_the_folder_are_refused(atlas_copy, mesh):
    text = atlas_copy.annotations.read_text().replace("mesh: gluteus_medius", f"mesh: {mesh}")
    atlas_copy.annotations.write_text(text)
    with pytest.raises(AnnotationError, match="outside the meshes folder"):
        load_data(atlas_copy)


def test_a_mesh_symlinked_outside_the_folder_is_refused(atlas_copy, tmp_path):
    outside = tmp_path / "elsewhere.ply"
    (atlas_copy.meshes / "gluteus_medius_r.ply").rename(outside)
    os.symlink(outside, atlas_copy.meshes / "gluteus_medius_r.ply")
    with pytest.raises(AnnotationError, match="outside the meshes folder"):
        load_data(atlas_copy)
    # Even when the annotation was checked without the meshes folder, the mesh is not read.
    atlas = load_atlas(atlas_copy.annotations)
    library = MeshLibrary.load(atlas, atlas_copy)
    assert set(library.unavailable) == {"gluteus_medius_r"}
    assert "outside" in library.unavailable["gluteus_medius_r"]
