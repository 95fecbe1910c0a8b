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
        View("supine", "Supine (lying, from the right)", (0, 0, 1), (1, 0, 0)),
        View("prone", "Prone (lying face down, from the right)", (0, 0, 1), (-1, 0, 0)),
        View("side_lying", "Side-lying (on the left side, from behind)", (-1, 0, 0), (0, 0, 1)),
    )
}
DEFAULT_VIEW = "posterolateral"


def camera_position(view: View, centre: np.ndarray, distance: float) -> list[tuple]:
    """PyVista's ``[position, focal point, view up]`` for ``view`` around ``centre``."""
    direction = np.asarray(view.direction, dtype=float)
    direction /= np.linalg.norm(direction)
    position = centre + direction * distance
    return [tuple(position), tuple(centre), view.up]


def blend_cameras(start: dict, end: dict, t: float) -> dict:
    """The camera part-way (``t`` in 0..1) from ``start`` to ``end``, for smooth transitions.

    The direction of view turns on the sphere (slerp) while the focal point and
    the distance move linearly, so the atlas swings round instead of cutting
    through itself.
    """
    t = float(np.clip(t, 0.0, 1.0))
    eased = t * t * (3 - 2 * t)
    f0, f1 = np.asarray(start["focal_point"], float), np.asarray(end["focal_point"], float)
    d0 = np.asarray(start["position"], float) - f0
    d1 = np.asarray(end["position"], float) - f1
    r0, r1 = np.linalg.norm(d0), np.linalg.norm(d1)
    direction = _slerp(d0 / r0, d1 / r1, eased)
    up = _slerp(_unit(start["view_up"]), _unit(end["view_up"]), eased)
    focal = f0 + (f1 - f0) * eased
    return {
        "position": tuple(focal + direction * (r0 + (r1 - r0) * eased)),
        "focal_point": tuple(focal),
        "view_up": tuple(up),
        "view_angle": start["view_angle"] + (end["view_angle"] - start["view_angle"]) * eased,
    }


FACING_SIDE = 0.3
"""A camera whose direction has at least this much of +Z (-Z) looks from the right (left)."""


def side_faced(state: dict) -> str | None:
    """The side (``right``/``left``) a camera looks from, or None for a view from the midline."""
    direction = _unit(np.subtract(state["position"], state["focal_point"]))
    if abs(direction[2]) < FACING_SIDE:
        return None
    return "right" if direction[2] > 0 else "left"


def mirrored(state: dict) -> dict:
    """The same view seen from the other side of the body (mirrored in the midline, Z = 0)."""
    flip = np.array([1.0, 1.0, -1.0])
    return {
        **state,
        "position": tuple(np.asarray(state["position"], float) * flip),
        "focal_point": tuple(np.asarray(state["focal_point"], float) * flip),
        "view_up": tuple(np.asarray(state["view_up"], float) * flip),
    }


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def _slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    angle = np.arccos(np.clip(a @ b, -1.0, 1.0))
    if angle < 1e-6:
        return a
    if np.pi - angle < 1e-3:  # opposite: turn about any axis at right angles to a
        axis = np.cross(a, [0.0, 1.0, 0.0] if abs(a[1]) < 0.9 else [1.0, 0.0, 0.0])
        b = _unit(np.cross(axis, a))
        return _slerp(a, b, t * 2) if t < 0.5 else _slerp(b, -a, (t - 0.5) * 2)
    return (np.sin((1 - t) * angle) * a + np.sin(t * angle) * b) / np.sin(angle)
