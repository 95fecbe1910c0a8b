"""The hip bone builder follows its hip-centre parameter: the socket moves with the
femoral head while the parts far from it (crest, symphysis) stay where they are."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from meshes.pelvis import HipBone

PARAMETERS = Path(__file__).resolve().parents[1] / "meshes" / "parameters.yaml"
SHIFT = np.array([0.0, 0.0, 8.0])


@pytest.fixture(scope="module")
def bones():
    params = yaml.safe_load(PARAMETERS.read_text(encoding="utf-8"))
    base = HipBone(params)
    moved = dict(params, hip_joint_centre=list(np.add(params["hip_joint_centre"], SHIFT)))
    return base, HipBone(moved)


def test_the_socket_follows_the_hip_centre(bones):
    base, moved = bones
    # points on and near the socket wall, all round its opening axis
    tangent = np.cross(base.a, [0.0, 1.0, 0.0])
    tangent /= np.linalg.norm(tangent)
    dirs = [-base.a] + [
        np.cos(t) * (-base.a) + np.sin(t) * np.cross(base.a, tangent) for t in (0.3, 0.6)
    ]
    wall = np.array([base.H + base.ra * d for d in dirs])
    assert np.abs(moved.field(wall + SHIFT) - base.field(wall)).max() < 0.8  # within 1 mm


def test_parts_far_from_the_hip_stay_put(bones):
    base, moved = bones
    far = np.array([base.p["iliac_crest_summit"], base.p["psis"]])
    assert np.abs(moved.field(far) - base.field(far)).max() < 0.1
    # the symphysis, 90 mm away, moves about 1 mm
    top = base.p["symphysis_top"]
    assert abs(moved.field(top[None])[0] - base.field(top[None])[0]) < 1.5


def test_place_inverts_the_displacement(bones):
    _, moved = bones
    q = np.array([[-60.0, -40.0, 100.0], moved.TEMPLATE_HIP_CENTRE, [-10.0, -90.0, 10.0]])
    placed = moved.place(q)
    back = placed - moved._shift_weight(placed)[:, None] * moved.shift
    assert np.abs(back - q).max() < 0.01
