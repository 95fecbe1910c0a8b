"""The built meshes and their landmarks as the layering tests read them: relations between
structures are checked on the files the atlas ships."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyvista as pv
import trimesh
import yaml

ROOT = Path(__file__).resolve().parents[1]
LANDMARKS = json.loads((ROOT / "meshes" / "landmarks.json").read_text())["structures"]


def mesh(name: str) -> trimesh.Trimesh:
    """A built mesh by structure id: its right-side file, or the midline one."""
    path = ROOT / "meshes" / f"{name}_r.ply"
    if not path.exists():
        path = ROOT / "meshes" / f"{name}.ply"
    return trimesh.load(path, process=False)


def signed_distance(points: np.ndarray, name: str) -> np.ndarray:
    """Each point's signed distance (mm) from a built mesh's surface: negative inside."""
    built = mesh(name)
    surface = pv.PolyData(built.vertices, pv.CellArray.from_regular_cells(built.faces))
    return pv.PolyData(points).compute_implicit_distance(surface)["implicit_distance"]


def band(points: np.ndarray, low: float, high: float) -> np.ndarray:
    """The points between two heights (y, mm)."""
    return points[(points[:, 1] >= low) & (points[:, 1] < high)]


def attachment_gaps(name: str) -> list[tuple[str, str, float]]:
    """For every landmark of the structure's annotated origin and insertion areas: the bone,
    the landmark and its distance (mm) from the built mesh's nearest vertex."""
    atlas = yaml.safe_load((ROOT / "annotations" / "atlas.yaml").read_text(encoding="utf-8"))
    entry = next(s for s in atlas["structures"] if s["id"] == name)
    vertices = np.asarray(mesh(name).vertices)
    areas = [a["area"] for a in entry["origin"] + entry["insertion"] if "area" in a]
    return [
        (
            area["on"],
            landmark,
            float(np.linalg.norm(vertices - LANDMARKS[area["on"]][landmark], axis=1).min()),
        )
        for area in areas
        for landmark in area["landmarks"]
    ]
