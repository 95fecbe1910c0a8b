"""The lumbar vertebrae are data entries built by one generic builder: each level stands on
the endplate below it, and a bad entry is refused with its name and field."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from meshes.build import LUMBAR, PARAMETERS
from meshes.pelvis import Sacrum
from meshes.points import ParameterError
from meshes.spine import LumbarVertebra

L5 = PARAMETERS["lumbar_vertebrae"]["l5_vertebra"]


def test_the_lowest_level_stands_on_the_sacrum_and_the_next_on_it():
    assert LUMBAR[0] == "l5_vertebra"
    sacrum = Sacrum(PARAMETERS)
    l5 = LumbarVertebra("l5_vertebra", L5, sacrum.c1, sacrum.n1)
    expected = sacrum.c1 + L5["disc"] * sacrum.n1 + [L5["forward"], 0, 0]
    assert np.allclose(l5.c_low, expected)
    front = np.array([5.0, 0.0, 0.0])  # inside the body, off its axis
    assert l5.field((l5.centre + front)[None])[0] < -8
    # a level above is only an entry: here L5's numbers again, one disc higher
    l4 = LumbarVertebra("l4_vertebra", L5, l5.c_up, l5.axis)
    assert np.allclose(l4.c_low, l5.c_up + L5["disc"] * l5.axis + [L5["forward"], 0, 0])
    gap = 0.5 * (l5.c_up + l4.c_low)  # the disc space between the two bodies
    assert l5.field(gap[None])[0] > 0 and l4.field(gap[None])[0] > 0
    assert l4.field((l4.centre + front)[None])[0] < -8


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.pop("disc"), r"lumbar_vertebrae\.l4_vertebra: missing 'disc'"),
        (
            lambda s: s.update(depth=[30.0, 31.0]),
            r"lumbar_vertebrae\.l4_vertebra\.depth: 3 number\(s\)",
        ),
        (
            lambda s: s.update(tilt="steep"),
            r"lumbar_vertebrae\.l4_vertebra\.tilt: 1 number\(s\)",
        ),
        (lambda s: s.update(hieght=25.0), r"l4_vertebra: unknown field\(s\) hieght"),
    ],
)
def test_a_bad_level_is_named_with_its_field(change, message):
    spec = copy.deepcopy(L5)
    change(spec)
    with pytest.raises(ParameterError, match=message):
        LumbarVertebra("l4_vertebra", spec, np.zeros(3), np.array([0.0, 1.0, 0.0]))
