"""The lower abdominal wall as relations between the built meshes: rectus abdominis in front,
either side of the linea alba; the internal oblique on the flank from the iliac crest,
reaching rectus abdominis in front and the back muscles behind; the external oblique over it."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import cKDTree

from tests.built_meshes import LANDMARKS, attachment_gaps, band, mesh

WALL = ("rectus_abdominis", "internal_oblique", "external_oblique")
VERTICES = {name: np.asarray(mesh(name).vertices) for name in (*WALL, "quadratus_lumborum")}


def gap(a: str, b: str) -> float:
    """The least distance (mm) between two built meshes' vertices."""
    return float(cKDTree(VERTICES[b]).query(VERTICES[a])[0].min())


@pytest.mark.parametrize(("low", "high"), [(80.0, 120.0), (120.0, 160.0)])
def test_the_external_oblique_lies_over_the_internal_oblique_on_the_flank(low, high):
    """Beside the body (front to back between -60 and -10 mm), the outer muscle lies further
    from the midline than the inner one at the same height."""

    def flank(name: str) -> np.ndarray:
        points = band(VERTICES[name], low, high)
        return points[(points[:, 0] > -60) & (points[:, 0] < -10) & (points[:, 2] > 80)]

    outer, inner = flank("external_oblique"), flank("internal_oblique")
    assert len(outer) > 20 and len(inner) > 20
    assert np.median(outer[:, 2]) > np.median(inner[:, 2]) + 3.0


def test_rectus_abdominis_lies_in_front_beside_the_linea_alba():
    """Well in front of the lumbar bodies, and clear of the midline, so that the two muscles
    are parted by the linea alba."""
    rectus = band(VERTICES["rectus_abdominis"], 40.0, 160.0)
    body = LANDMARKS["l3_vertebra"]["body_centre"]
    assert np.median(rectus[:, 0]) > body[0] + 40.0
    assert VERTICES["rectus_abdominis"][:, 2].min() > 0.0


def test_the_wall_is_closed_from_rectus_abdominis_round_to_the_back():
    """The internal oblique meets rectus abdominis in front and reaches quadratus lumborum at
    the back of the flank, where the thoracolumbar fascia joins them."""
    assert gap("internal_oblique", "rectus_abdominis") < 6.0
    assert gap("internal_oblique", "quadratus_lumborum") < 15.0


@pytest.mark.parametrize("name", WALL)
def test_each_reaches_its_annotated_attachments(name):
    gaps = attachment_gaps(name)
    assert gaps
    for bone, landmark, distance in gaps:
        assert distance <= 8.0, (bone, landmark, distance)
