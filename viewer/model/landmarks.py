"""Named points on the meshes, used to draw attachment areas and bony features.

The mesh builder writes them for the right side (and the right half of midline
structures); left-side points are the mirror image across the midline plane.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from viewer.model.errors import AtlasDataError, Problem

MIRROR = np.array([1.0, 1.0, -1.0])
"""Reflection across the midline (sagittal) plane: +Z points to the right."""


@dataclass(frozen=True)
class Landmarks:
    """Landmark coordinates in millimetres, by structure id and landmark name."""

    points: Mapping[str, Mapping[str, tuple[float, float, float]]]

    def has(self, structure_id: str, name: str) -> bool:
        return name in self.points.get(structure_id, {})

    def point(self, structure_id: str, name: str, side: str | None) -> np.ndarray:
        """The landmark's position on the given side (``left`` mirrors the right)."""
        xyz = np.asarray(self.points[structure_id][name], dtype=float)
        return xyz * MIRROR if side == "left" else xyz


def load_landmarks(path: Path) -> Landmarks:
    """Read ``landmarks.json``; a missing or malformed file is an AtlasDataError."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        structures = raw["structures"]
        points = {
            str(sid): {str(name): _xyz(xyz) for name, xyz in named.items()}
            for sid, named in structures.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise AtlasDataError(
            [Problem(file=path, line=None, field="structures", message=f"unreadable: {exc}")]
        ) from exc
    return Landmarks(points=points)


def _xyz(value: object) -> tuple[float, float, float]:
    x, y, z = (float(v) for v in value)  # type: ignore[union-attr]
    if not all(np.isfinite((x, y, z))):
        raise ValueError(f"non-finite coordinate {value!r}")
    return (x, y, z)
