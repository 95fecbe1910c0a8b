"""Named camera views in the atlas frame (+X anterior, +Y superior, +Z right)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class View:
    name: str
    label: str
    direction: tuple[float, float, float]
    """From the focal point towards the camera."""
    up: tuple[float, float, float]


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View("posterolateral", "Posterolateral", (-0.72, 0.28, 0.64), (0, 1, 0)),
        View("posterior", "Posterior", (-1, 0, 0), (0, 1, 0)),
        View("anterior", "Anterior", (1, 0, 0), (0, 1, 0)),
        View("right", "Right lateral", (0, 0, 1), (0, 1, 0)),
        View("left", "Left lateral", (0, 0, -1), (0, 1, 0)),
        View("superior", "Superior", (0, 1, 0), (1, 0, 0)),
        View("inferior", "Inferior", (0, -1, 0), (1, 0, 0)),
    )
}
DEFAULT_VIEW = "posterolateral"


def camera_position(view: View, centre: np.ndarray, distance: float) -> list[tuple]:
    """PyVista's ``[position, focal point, view up]`` for ``view`` around ``centre``."""
    direction = np.asarray(view.direction, dtype=float)
    direction /= np.linalg.norm(direction)
    position = centre + direction * distance
    return [tuple(position), tuple(centre), view.up]
