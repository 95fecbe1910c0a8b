"""The front and inner thigh as relations between the built meshes: the quadriceps round the
femur (vastus intermedius on the bone, rectus femoris in front of it, vastus lateralis and
medialis on either side) into the patella, with the iliotibial tract lying on vastus
lateralis; the adductors in their layers from the front back; gracilis and sartorius down
the inner side to the pes anserinus."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv
from scipy.spatial import cKDTree

from tests.built_meshes import LANDMARKS, attachment_gaps, band, mesh

QUADRICEPS = ("rectus_femoris", "vastus_lateralis", "vastus_intermedius", "vastus_medialis")
ADDUCTORS = ("pectineus", "adductor_longus", "adductor_brevis", "adductor_magnus", "gracilis")
THIGH = (*QUADRICEPS, *ADDUCTORS, "sartorius")
VERTICES = {
    name: np.asarray(mesh(name).vertices)
    for name in (*THIGH, "iliotibial_tract", "femur", "patella", "tibia")
}
MID_THIGH = (-300.0, -260.0)
"""A band across the middle of the thigh (y, mm)."""


TOUCH = 3.0
"""Two meshes touch when a vertex of one comes this close (mm) to the other's surface: about
the length of an edge of the thigh muscles' meshes."""


def gap(a: str, b: str) -> float:
    """How far (mm) the first mesh's vertices come to the second mesh's surface."""
    built = mesh(b)
    surface = pv.PolyData(built.vertices, pv.CellArray.from_regular_cells(built.faces))
    distance = pv.PolyData(VERTICES[a]).compute_implicit_distance(surface)["implicit_distance"]
    return float(np.abs(distance).min())


def centre(name: str, low: float, high: float) -> np.ndarray:
    return np.median(band(VERTICES[name], low, high), axis=0)


@pytest.mark.parametrize("name", QUADRICEPS)
def test_the_quadriceps_insert_into_the_patella(name):
    assert gap(name, "patella") < TOUCH


def test_vastus_intermedius_lies_on_the_front_of_the_femur_under_rectus_femoris():
    femur, vi, rf = (
        centre(n, *MID_THIGH) for n in ("femur", "vastus_intermedius", "rectus_femoris")
    )
    assert femur[0] < vi[0] < rf[0]  # front to back (+x anterior): rectus, intermedius, bone
    assert gap("vastus_intermedius", "femur") < TOUCH
    assert gap("rectus_femoris", "vastus_intermedius") < TOUCH


def test_the_vasti_lie_either_side_of_the_femur():
    femur = centre("femur", *MID_THIGH)
    assert centre("vastus_lateralis", *MID_THIGH)[2] > femur[2] + 20  # +z lateral
    assert centre("vastus_medialis", -420, -380)[2] < femur[2] - 15


def test_the_iliotibial_tract_lies_on_vastus_lateralis():
    """Down the middle of the thigh the tract is outside vastus lateralis and touching it."""
    tract = band(VERTICES["iliotibial_tract"], -360, -220)
    muscle = VERTICES["vastus_lateralis"]
    assert len(tract) > 50
    assert tract[:, 2].max() > band(muscle, -360, -220)[:, 2].max()
    distance = cKDTree(muscle).query(tract)[0]
    assert np.median(distance) < 8.0 and distance.min() < TOUCH


def in_front(front: str, back: str, cell: float = 5.0) -> float:
    """Where the two muscles overlap seen from the front (cells of the y-z plane holding both),
    the share of cells in which the first one's front surface is further forwards."""

    def fronts(name: str) -> dict[tuple[int, int], float]:
        out: dict[tuple[int, int], float] = {}
        for x, y, z in VERTICES[name]:
            key = (int(y // cell), int(z // cell))
            out[key] = max(out.get(key, -np.inf), x)
        return out

    a, b = fronts(front), fronts(back)
    shared = set(a) & set(b)
    assert len(shared) > 10, (front, back)
    return sum(a[k] > b[k] for k in shared) / len(shared)


@pytest.mark.parametrize(
    ("front", "back"),
    [
        ("adductor_longus", "adductor_brevis"),
        ("adductor_brevis", "adductor_magnus"),
        ("adductor_longus", "adductor_magnus"),
    ],
)
def test_the_adductors_lie_in_layers_from_the_front_back(front, back):
    assert in_front(front, back) > 0.8


def test_gracilis_is_the_innermost_muscle_of_the_thigh():
    inner = {n: band(VERTICES[n], *MID_THIGH)[:, 2] for n in THIGH}
    inner = {n: z.min() for n, z in inner.items() if len(z)}
    assert min(inner, key=inner.get) == "gracilis", inner


def test_sartorius_crosses_the_front_of_the_thigh_from_outside_to_inside():
    assert centre("sartorius", -80, -60)[2] > centre("sartorius", -420, -400)[2] + 60
    top, bottom = centre("sartorius", -140, -120), centre("sartorius", -420, -400)
    assert top[0] > centre("femur", -140, -120)[0] + 30  # in front of the hip
    assert bottom[0] < centre("femur", -420, -400)[0] + 5  # behind the knee's front half


@pytest.mark.parametrize("name", ("sartorius", "gracilis"))
def test_sartorius_and_gracilis_reach_the_pes_anserinus(name):
    pes = np.array(LANDMARKS["tibia"]["pes_anserinus"])
    assert cKDTree(VERTICES[name]).query(pes)[0] < 15.0  # the pes is about 3 cm across
    assert gap(name, "tibia") < TOUCH


@pytest.mark.parametrize("name", THIGH)
def test_each_reaches_its_annotated_attachments(name):
    """Every landmark of the origin and insertion areas in the annotation file lies on the
    muscle (within 10 mm of its surface)."""
    gaps = attachment_gaps(name)
    far = [
        (bone, landmark, round(distance, 1)) for bone, landmark, distance in gaps if distance > 10
    ]
    assert gaps and not far, far
