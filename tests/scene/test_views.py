"""Camera blending for smooth view changes: ends exactly, swings round, never cuts through."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.scene.views import VIEWS, blend_cameras, camera_position


def state(name: str, distance: float = 500.0) -> dict:
    position, focal, up = camera_position(VIEWS[name], np.zeros(3), distance)
    return {"position": position, "focal_point": focal, "view_up": up, "view_angle": 30.0}


@pytest.mark.parametrize(
    ("a", "b"), [("posterior", "right"), ("posterior", "anterior"), ("superior", "inferior")]
)
def test_blend_starts_and_ends_on_the_views_and_keeps_its_distance(a, b):
    start, end = state(a), state(b, 800.0)
    assert np.allclose(blend_cameras(start, end, 0.0)["position"], start["position"])
    assert np.allclose(blend_cameras(start, end, 1.0)["position"], end["position"])
    for t in np.linspace(0, 1, 11):
        middle = blend_cameras(start, end, t)
        distance = np.linalg.norm(middle["position"])
        assert 500.0 - 1e-6 <= distance <= 800.0 + 1e-6, "never passes through the atlas"
        assert np.isclose(np.linalg.norm(middle["view_up"]), 1.0)
