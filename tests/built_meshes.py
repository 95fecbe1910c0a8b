"""The built meshes and their landmarks as the layering tests read them: relations between
structures are checked on the files the atlas ships."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import trimesh

ROOT = Path(__file__).resolve().parents[1]
LANDMARKS = json.loads((ROOT / "meshes" / "landmarks.json").read_text())["structures"]


def mesh(name: str) -> trimesh.Trimesh:
    """A built mesh by structure id: its right-side file, or the midline one."""
    path = ROOT / "meshes" / f"{name}_r.ply"
    if not path.exists():
        path = ROOT / "meshes" / f"{name}.ply"
    return trimesh.load(path, process=False)


def band(points: np.ndarray, low: float, high: float) -> np.ndarray:
    """The points between two heights (y, mm)."""
    return points[(points[:, 1] >= low) & (points[:, 1] < high)]
