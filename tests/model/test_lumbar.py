"""The lumbar spine takes up the pelvis's tilt and obliquity so that the trunk above it stays
upright: the lordosis deepens by the anterior tilt and flattens by the posterior one, the
spine bends sideways against a pelvic drop, and each vertebra turns on the discs below it."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from viewer.model.data import load_data
from viewer.model.kinematics import PelvisPose, axis_angle, pelvis_rotation, transform_points
from viewer.model.lumbar import LumbarChain, chain_from
from viewer.model.muscle_paths import load_motion


@pytest.fixture(scope="module")
def chain(project_paths) -> LumbarChain:
    atlas, landmarks, _ = load_data(project_paths)
    skeleton = load_motion(project_paths.motion, atlas).skeleton
    vertebrae = [s.id for s in atlas.data.structures if s.body == "spine"]
    built = chain_from(dict(skeleton.lumbar), vertebrae, landmarks)
    assert built is not None
    return built


def test_each_disc_turns_the_vertebra_that_lies_on_it(chain):
    assert [(d.id, d.vertebra) for d in chain.discs] == [
        ("disc_l5_s1", "l5_vertebra"),
        ("disc_l4_l5", "l4_vertebra"),
        ("disc_l3_l4", "l3_vertebra"),
        ("disc_l2_l3", "l2_vertebra"),
        ("disc_l1_l2", "l1_vertebra"),
    ]
    assert sum(d.share for d in chain.discs) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "pelvis", [PelvisPose(tilt=12), PelvisPose(tilt=-10), PelvisPose(obliquity=8)]
)
def test_l1_keeps_its_orientation_in_the_room(chain, pelvis):
    """The pelvis's turn and the spine's bend cancel at L1: the trunk stays upright."""
    in_room = pelvis_rotation(pelvis.as_array()) @ chain.transforms(pelvis)["l1_vertebra"][:3, :3]
    np.testing.assert_allclose(in_room, np.eye(3), atol=1e-9)


@pytest.mark.parametrize(("tilt", "sign"), [(12.0, 1.0), (-10.0, -1.0)])
def test_the_lordosis_deepens_with_anterior_tilt_and_flattens_with_posterior(chain, tilt, sign):
    """Against the sacrum, L1 turns back (+z: its top goes backwards, the curve deepens) by the
    whole anterior tilt, and forwards by a posterior one; each disc by its share."""
    transforms = chain.transforms(PelvisPose(tilt=tilt))
    below = np.eye(3)
    for disc in chain.discs:
        turn = transforms[disc.vertebra][:3, :3]
        axis, angle = axis_angle(below.T @ turn)
        assert np.degrees(angle) == pytest.approx(disc.share * abs(tilt))
        assert sign * axis[2] == pytest.approx(1.0)
        below = turn


def test_levels_count_the_discs_below(chain):
    """0 on the sacrum, 1 across L5's body, 5 at L1 and above; rising across each disc."""
    bodies = [0.5 * (a.upper + b.lower) for a, b in pairwise(chain.discs)]
    top = chain.discs[-1].upper + 20 * (chain.discs[-1].upper - chain.discs[-1].lower)
    levels = chain.levels(np.array([chain.discs[0].lower - [0, 5, 0], *bodies, top]))
    np.testing.assert_allclose(levels, [0, 1, 2, 3, 4, 5], atol=1e-9)
    middle = chain.levels(np.array([chain.discs[2].centre]))
    assert middle[0] == pytest.approx(2.5)


def test_a_point_bends_with_the_vertebra_at_its_level(chain):
    """A point at a vertebra's level moves exactly as that vertebra; across a disc the bend is
    continuous."""
    pelvis = PelvisPose(tilt=12, obliquity=5)
    transforms = chain.transforms(pelvis)
    point = np.array([[-50.0, 115.0, 30.0]])  # beside L3's body
    bent, _ = chain.bend(point, np.zeros((1, 3)), np.array([3.0]), pelvis)
    np.testing.assert_allclose(bent, transform_points(transforms["l3_vertebra"], point), atol=1e-6)
    levels = np.array([2.999, 3.0, 3.001])
    bent, _ = chain.bend(np.repeat(point, 3, axis=0), np.zeros((3, 3)), levels, pelvis)
    assert np.abs(np.diff(bent, axis=0)).max() < 0.05
    rest, _ = chain.bend(point, np.zeros((1, 3)), np.array([3.0]), PelvisPose())
    np.testing.assert_allclose(rest, point)
