"""The mesh builder reads every soft structure from the parameter file: points on the
bones, radius profiles, the order entries are built in, and precise errors for bad entries.
(The full build and its outputs are checked in test_meshes.py.)"""

from __future__ import annotations

import re

import numpy as np
import pytest

from meshes.build import (
    DATA_SECTIONS,
    DISCS,
    LUMBAR,
    MUSCLES,
    PARAMETERS,
    RIGHT_LEFT,
    build_order,
    entry_needs,
    radius_profiles,
)
from meshes.points import ParameterError, PointResolver, kind_of

BONES = {"hip_bone", "femur", "tibia", "fibula", "patella", "sacrum", "coccyx", *LUMBAR}
BUILT_FIRST = BONES | set(DISCS)
"""Built before the data entries: the bones, and the discs derived from the lumbar levels."""


class FakeScene:
    """Just enough of a built scene to resolve points that need no built surface."""

    def __init__(self):
        self.meshes = {}
        self.H = np.array([-56.0, -78.0, 85.0])

    def femur_pt(self, rel):
        return self.H + np.asarray(rel, float)


def test_every_soft_structure_is_a_data_entry():
    data = {name for section in DATA_SECTIONS for name in PARAMETERS.get(section, {})}
    assert set(RIGHT_LEFT) - data == BONES - {"sacrum", "coccyx", *LUMBAR}
    assert {"gluteus_maximus", "piriformis", "iliotibial_tract"} <= MUSCLES
    assert "sacrotuberous_ligament" not in MUSCLES  # a ligament: no muscle fibres


def test_entries_are_built_after_everything_they_need():
    order = build_order(PARAMETERS, BUILT_FIRST)
    position = {name: i for i, (_, name, _) in enumerate(order)}
    for _, name, spec in order:
        for need in entry_needs(spec) - BUILT_FIRST:
            assert position[need] < position[name], f"{name} is built before {need}"
    # the layers of the gluteal region, deepest first
    assert position["gluteus_minimus"] < position["gluteus_medius"] < position["gluteus_maximus"]
    assert position["quadratus_femoris"] < position["sciatic_nerve"] < position["gluteus_maximus"]
    # iliacus is cut from psoas where they meet; the femoral nerve lies on both
    assert position["psoas_major"] < position["iliacus"] < position["femoral_nerve"]


def test_an_unknown_structure_is_named_with_its_entry():
    params = {"tubes": {"stray_nerve": {"course": [], "deeper": ["gluteus_maximum"]}}}
    with pytest.raises(
        ParameterError, match=r"tubes\.stray_nerve: no structure named gluteus_maximum"
    ):
        build_order(params, BONES)


def test_entries_that_need_each_other_are_refused():
    params = {
        "sheets": {
            "a": {"fibres": [], "deeper": ["b"]},
            "b": {"fibres": [[{"surface": "a", "near": [0, 0, 0]}]], "deeper": ["femur"]},
        }
    }
    with pytest.raises(ParameterError, match="in a circle: sheets.a, sheets.b"):
        build_order(params, BONES)


def test_points_on_surfaces_count_as_needs():
    spec = {
        "fibres": [[{"snap": {"femur": [0, 0, 0]}, "onto": ["gluteus_minimus"], "gap": 3}]],
        "course": [
            {"mix": [[0.5, {"surface": "piriformis", "near": [0, 0, 0]}], [0.5, [0, 0, 0]]]}
        ],
        "deeper": ["hip_bone"],
        "cover": "gluteus_maximus",
    }
    assert entry_needs(spec) == {"gluteus_minimus", "piriformis", "hip_bone", "gluteus_maximus"}


def test_mix_and_offset_are_applied_in_order():
    resolve = PointResolver(FakeScene())
    origin, insertion = [0.0, 10.0, 0.0], {"femur": [4.0, 0.0, 0.0]}
    p = resolve({"mix": [[0.25, origin], [0.75, insertion]], "offset": [0, 0, 2]})
    expected = 0.25 * np.array(origin) + 0.75 * (FakeScene().H + [4, 0, 0]) + [0, 0, 2]
    np.testing.assert_array_equal(p, expected)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"femur": [0, 0, 0], "wing": [0, 0, 0]}, "exactly one of"),
        ({"femur": [0, 0, 0], "share": 0.5}, "unknown key.*share.*for femur"),
        ([1.0, 2.0], r"a point is \[x, y, z\]"),
        ({"surface": "gluteus_maximus", "near": [0, 0, 0]}, "'gluteus_maximus' is not built"),
    ],
)
def test_bad_points_say_what_is_wrong_and_where(spec, message):
    with pytest.raises(ParameterError, match=f"sheets.x.fibres: .*{message}"):
        PointResolver(FakeScene())(spec, "sheets.x.fibres")


def test_a_point_kind_is_one_key():
    assert kind_of([0, 0, 0], "p") is None
    assert kind_of({"sacrum": "dorsal", "at": 0.3, "z": 14}, "p") == "sacrum"


def test_radius_profiles():
    v = np.linspace(0, 1, 11)
    np.testing.assert_array_equal(radius_profiles(2.6, 3, v, "r"), np.full((3, 11), 2.6))
    R = radius_profiles(
        {"ends": [4, 3], "middle": [10, 12], "peak": 0.5, "scale": [1, 0.5]}, 2, v, "r"
    )
    assert R[0, 0] == 4 and R[0, 5] == 10 and R[0, -1] == pytest.approx(3)
    assert R[1, 5] == pytest.approx(6.0)  # 12, scaled by half
    with pytest.raises(ParameterError, match="r: give one middle radius and one scale per fibre"):
        radius_profiles({"ends": [4, 3], "middle": [10, 12, 11]}, 2, v, "r")


def test_every_cited_source_is_listed_in_the_header():
    """A figure's citation key ([RAJ], [GRAY], ...) must lead to a full reference in the
    file's header, and every listed source must be used somewhere."""
    from meshes.build import HERE

    with open(f"{HERE}/parameters.yaml", encoding="utf-8") as fh:
        text = fh.read()
    header = text[: text.index("\nhip_joint_centre:")]
    listed = set(re.findall(r"^#  \[([A-Z]+)\]", header, re.M))
    cited = set(re.findall(r"\[([A-Z]{3,6})\]", text))
    assert cited - listed == set()
    assert listed - cited == set()
