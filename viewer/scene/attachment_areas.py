"""Which vertices of a bone belong to an attachment area, with a soft edge.

An area is the part of the surface within a radius of its landmarks. A thin
plate like the iliac wing has two faces within that radius, so only vertices
whose normal agrees with the surface at the landmark are taken: the gluteal
surface is painted, not the iliac fossa behind it.
"""

from __future__ import annotations

import numpy as np

from viewer.scene.palette import AREA_FEATHER_MM

SAME_FACE_COS = 0.0
"""Vertices whose normal turns more than 90 degrees from the landmark's are on the far face."""


def area_weights(
    points: np.ndarray, normals: np.ndarray, landmarks: np.ndarray, radius: float
) -> np.ndarray:
    """Per-vertex weight in [0, 1]: 1 inside the area, fading to 0 over its edge."""
    weights = np.zeros(len(points))
    for landmark in np.atleast_2d(landmarks):
        distance = np.linalg.norm(points - landmark, axis=1)
        anchor_normal = normals[np.argmin(distance)]
        same_face = normals @ anchor_normal > SAME_FACE_COS
        fade = np.clip((radius - distance) / AREA_FEATHER_MM, 0.0, 1.0)
        weights = np.maximum(weights, np.where(same_face, fade, 0.0))
    return weights
