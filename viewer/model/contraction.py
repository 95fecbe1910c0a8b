"""Which muscles shorten or lengthen in a motion, by how much, and which mesh part is which.

A muscle contracting concentrically shortens: the change of its path length
from the neutral pose (``MotionModel.length``) tells, per fibre part, whether it
works to produce the motion (shortens) or is stretched by it (lengthens).
"""

from __future__ import annotations

import numpy as np

from viewer.model.atlas import Atlas, Side
from viewer.model.muscle_paths import MotionModel, MusclePath
from viewer.model.schema import WHOLE_MUSCLE


def performers(atlas: Atlas, motion: str) -> list[str]:
    """Ids of the muscles whose annotated actions include ``motion`` (any part)."""
    return [s.id for s in atlas.data.structures if any(a.motion == motion for a in s.actions)]


def modelled_parts(model: MotionModel, muscle: str) -> list[MusclePath]:
    """The muscle's paths, one per fibre part (one ``all`` path for an undivided muscle)."""
    return [p for p in model.paths.values() if p.muscle == muscle]


def strain(
    model: MotionModel, path: MusclePath, hip_deg: np.ndarray, side: Side = "right"
) -> np.ndarray:
    """Relative length change (...) from neutral at hip angles (..., 3): < 0 shortening."""
    neutral = model.length(path, np.zeros(3), side)
    return model.length(path, np.asarray(hip_deg, dtype=float), side) / neutral - 1.0


def nearest_part(
    model: MotionModel, parts: list[MusclePath], points: np.ndarray, side: Side
) -> np.ndarray:
    """For each mesh vertex (N, 3), the index in ``parts`` of the nearest line of action.

    The lines are taken at the neutral pose, where the mesh was built, so a
    muscle's anterior vertices colour with its anterior fibres.
    """
    points = np.asarray(points, dtype=float)
    if len(parts) <= 1:
        return np.zeros(len(points), dtype=np.intp)
    distances = np.stack(
        [_distance_to_polyline(points, model.polyline(p, np.zeros(3), side)) for p in parts]
    )
    return np.argmin(distances, axis=0)


def part_label(atlas: Atlas, path: MusclePath) -> str:
    """``Gluteus medius, anterior fibres``, or the muscle's name for an undivided one."""
    structure = atlas.structures[path.muscle]
    if path.part == WHOLE_MUSCLE:
        return structure.name
    part = next((p.name for p in structure.parts if p.id == path.part), path.part)
    return f"{structure.name}, {part}"


def _distance_to_polyline(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    start, end = line[:-1], line[1:]
    seg = end - start
    t = np.einsum("nkj,kj->nk", points[:, None, :] - start[None], seg)
    t = np.clip(t / np.maximum((seg * seg).sum(axis=1), 1e-12), 0.0, 1.0)
    closest = start[None] + t[..., None] * seg[None]
    return np.linalg.norm(points[:, None, :] - closest, axis=-1).min(axis=1)
