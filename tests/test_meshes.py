"""Checks of the committed anatomy meshes (meshes/*.ply) and landmarks."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import trimesh

from meshes.build import LUMBAR, PARAMETERS
from meshes.build import MIDLINE as BUILT_MIDLINE
from meshes.build import RIGHT_LEFT as BUILT_PAIRED
from viewer.model.loader import load_atlas

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MESHES = os.path.join(ROOT, "meshes")

# Which meshes exist is the annotation file's word, not a list kept here as well.
ATLAS = load_atlas(Path(ROOT) / "annotations" / "atlas.yaml")
PAIRED = [s.mesh for s in ATLAS.data.structures if s.sides == "bilateral"]
MIDLINE = [s.mesh for s in ATLAS.data.structures if s.sides == "midline"]
BONES = [s.mesh for s in ATLAS.data.structures if s.kind == "bone"]
MUSCLES = [s.mesh for s in ATLAS.data.structures if s.kind in ("muscle", "fascia")]
FILES = [f"{n}_{s}.ply" for n in PAIRED for s in ("r", "l")] + [f"{n}.ply" for n in MIDLINE]

# origins of the gluteal muscles on the outer (gluteal) surface of the wing
GLUTEAL_ORIGINS = [f"gmax_origin_{i}" for i in (1, 2)] + [
    f"{m}_origin_{i}" for m in ("gmed", "gmin") for i in (1, 2, 3)
]

REQUIRED_LANDMARKS = {
    "hip_bone": [
        "asis",
        "aiis",
        "psis",
        "pils",
        "iliac_tubercle",
        "iliac_crest_summit",
        "gluteal_line_anterior",
        "gluteal_line_posterior",
        "gluteal_line_inferior",
        *GLUTEAL_ORIGINS,
        "tfl_origin",
        "acetabulum_centre",
        "greater_sciatic_notch",
        "ischial_spine",
        "lesser_sciatic_notch",
        "ischial_tuberosity",
        "pubic_tubercle",
        "obturator_foramen_centre",
    ],
    "sacrum": [
        "promontory",
        "dorsal_upper",
        "dorsal_lower",
        "lateral_margin_lower",
        "pelvic_s2",
        "pelvic_s3",
        "apex",
    ],
    "coccyx": ["dorsal"],
    "femur": [
        "head_centre",
        "head_top",
        "neck_mid",
        "greater_trochanter_tip",
        "gt_lateral_facet",
        "gt_anterior_facet",
        "gt_superior_medial",
        "trochanteric_fossa",
        "lesser_trochanter",
        "intertrochanteric_crest",
        "gluteal_tuberosity",
        "linea_aspera",
        "lateral_epicondyle",
        "medial_epicondyle",
        "lateral_condyle",
        "medial_condyle",
    ],
    "iliotibial_tract": ["gmax_insertion", "tfl_insertion", "distal_end"],
    "sacrotuberous_ligament": ["gmax_origin"],
    **{vertebra: ["body_centre", "spinous_process"] for vertebra in LUMBAR},
}


def polydata(mesh):
    """A trimesh surface as VTK polydata, for VTK's distance and ray queries."""
    import pyvista as pv

    return pv.PolyData(
        np.asarray(mesh.vertices, float),
        np.hstack([np.full((len(mesh.faces), 1), 3), mesh.faces]).ravel(),
    )


def signed_distance(mesh, points):
    """Signed distance from points to a closed mesh (negative inside), via VTK."""
    import vtk

    f = vtk.vtkImplicitPolyDataDistance()
    f.SetInput(polydata(mesh))
    return np.array([f.EvaluateFunction(*map(float, p)) for p in np.atleast_2d(points)])


def load(name):
    return trimesh.load(os.path.join(MESHES, name), force="mesh", process=False)


def right_file(structure):
    return f"{structure}.ply" if structure in MIDLINE else f"{structure}_r.ply"


@pytest.fixture(scope="module")
def landmarks():
    with open(os.path.join(MESHES, "landmarks.json")) as fh:
        return json.load(fh)


@pytest.mark.parametrize("fname", FILES)
def test_mesh_is_closed_and_outward(fname):
    path = os.path.join(MESHES, fname)
    assert os.path.exists(path), fname
    m = load(fname)
    assert len(m.faces) > 100
    assert m.is_watertight, f"{fname} is not closed"
    assert m.is_winding_consistent, f"{fname} winding is inconsistent"
    assert m.volume > 0, f"{fname} normals point inwards"


def test_triangle_budget():
    total = sum(len(load(f).faces) for f in FILES)
    assert total <= 800_000, total  # the budget of the whole scene at full detail


@pytest.mark.parametrize("fname", [right_file(n) for n in PAIRED + MIDLINE])
def test_no_creases(fname):
    m = load(fname)
    ang = np.degrees(m.face_adjacency_angles)
    assert np.percentile(ang, 99.9) <= 40.0, (
        f"{fname}: 99.9th percentile dihedral {np.percentile(ang, 99.9):.1f}"
    )


# openings through each bone (the genus of its closed surface): the hip bone's obturator
# foramen, the sacral canal, the vertebral foramen of each lumbar vertebra; everything else
# is solid, so a thin plate that the builder has perforated (the acetabular floor once)
# shows up here
OPENINGS = {"hip_bone": 1, "sacrum": 1, **dict.fromkeys(LUMBAR, 1)}


# gluteus medius: its tendon's posterior fibres pass both sides of the tip of the greater
# trochanter, leaving a gap the bone fills; strict, so a fix shows up
STILL_HOLED = {"gluteus_medius"}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="gap in the tendon"))
        if n in STILL_HOLED
        else n
        for n in BONES + MUSCLES
    ],
)
def test_no_unintended_holes(name):
    m = load(right_file(name))
    genus = (2 - m.euler_number) // 2
    assert genus == OPENINGS.get(name, 0), f"{name}: {genus} openings through the surface"


# the gluteal nerves and vessels run deep to gluteus maximus (the inferior ones enter
# its deep surface; the superior ones run between medius and minimus, the superficial
# branch between maximus and medius)
DEEP_TO_GMAX = [
    "superior_gluteal_nerve",
    "superior_gluteal_artery",
    "inferior_gluteal_nerve",
    "inferior_gluteal_artery",
]
# the layers gluteus maximus lies on
GMAX_BED = [
    "hip_bone_r.ply",
    "femur_r.ply",
    "sacrum.ply",
    "coccyx.ply",
    "gluteus_medius_r.ply",
    "gluteus_minimus_r.ply",
    "piriformis_r.ply",
    "sacrotuberous_ligament_r.ply",
]


def superficial_to_gmax(fname, tol=0.5):
    """Vertices of ``fname`` that lie outside gluteus maximus, more than ``tol`` beyond its
    surface, with the whole muscle between them and the layers it lies on (the straight
    line to the nearest point of those layers crosses gluteus maximus in and out again):
    they would show through the muscle's outer surface. Returns (vertex, distance) pairs."""
    import vtk
    from scipy.spatial import cKDTree

    gm = load("gluteus_maximus_r.ply")
    obb = vtk.vtkOBBTree()
    obb.SetDataSet(polydata(gm))
    obb.BuildLocator()
    bed = np.vstack([np.asarray(load(f).vertices, float) for f in GMAX_BED])
    V = np.asarray(load(fname).vertices, float)
    sd = signed_distance(gm, V)
    _, j = cKDTree(bed).query(V)
    out = []
    for p, s, b in zip(V, sd, bed[j], strict=True):
        if s <= tol:
            continue
        hits = vtk.vtkPoints()
        obb.IntersectWithLine(p, b, hits, None)
        if hits.GetNumberOfPoints() >= 2:
            out.append((p, float(s)))
    return out


@pytest.mark.parametrize("name", DEEP_TO_GMAX)
def test_gluteal_vessels_deep_to_gluteus_maximus(name):
    bad = superficial_to_gmax(f"{name}_r.ply")
    worst = max(bad, key=lambda b: b[1]) if bad else None
    assert not bad, (
        f"{name}: {len(bad)} vertices outside gluteus maximus, up to {worst[1]:.1f} mm "
        f"(at {np.round(worst[0]).tolist()})"
    )


@pytest.mark.parametrize("name", PAIRED)
def test_left_is_mirror_of_right(name):
    r, l_ = load(f"{name}_r.ply"), load(f"{name}_l.ply")
    assert len(r.vertices) == len(l_.vertices) and len(r.faces) == len(l_.faces)
    v = np.asarray(r.vertices).copy()
    v[:, 2] *= -1
    assert np.allclose(v, l_.vertices, atol=1e-4)
    assert np.array_equal(np.asarray(r.faces)[:, ::-1], np.asarray(l_.faces))


@pytest.mark.parametrize("name", MIDLINE)
def test_midline_is_symmetric(name):
    m = load(f"{name}.ply")
    v = np.asarray(m.vertices)
    vm = v * [1, 1, -1]
    from scipy.spatial import cKDTree

    d, _ = cKDTree(v).query(vm)
    assert d.max() < 1e-3


def test_landmarks_format(landmarks):
    assert landmarks["units"] == "mm"
    for s, names in REQUIRED_LANDMARKS.items():
        assert s in landmarks["structures"], s
        for n in names:
            assert n in landmarks["structures"][s], f"{s}.{n}"
            assert len(landmarks["structures"][s][n]) == 3


def test_landmarks_on_surface(landmarks):
    bad = []
    for s, pts in landmarks["structures"].items():
        m = load(right_file(s))
        names = [n for n in pts if not n.endswith(("_centre", "_beneath"))]
        if not names:
            continue
        P = np.array([pts[n] for n in names], float)
        dist = np.abs(signed_distance(m, P))
        bad += [f"{s}.{n}: {d:.2f} mm" for n, d in zip(names, dist, strict=True) if d > 1.0]
    assert not bad, bad


def test_landmark_sides(landmarks):
    """Coarse anatomical sanity: right side positive z, origins on the outer (gluteal) face."""
    hb = landmarks["structures"]["hip_bone"]
    fe = landmarks["structures"]["femur"]
    assert hb["asis"][0] > hb["psis"][0]
    assert hb["ischial_tuberosity"][1] < hb["acetabulum_centre"][1]
    assert fe["head_top"][1] > fe["greater_trochanter_tip"][1] - 15
    assert fe["lateral_epicondyle"][2] > fe["medial_epicondyle"][2]
    m = load("hip_bone_r.ply")
    for n in GLUTEAL_ORIGINS:
        p = np.array(hb[n], float)
        # a short step laterally from an outer-surface point leaves the bone
        assert signed_distance(m, p + [0, 0, 3.0])[0] > 0, n


@pytest.mark.slow
def test_build_is_reproducible(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "meshes.build", "--out", str(tmp_path)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for f in FILES + ["landmarks.json"]:
        assert filecmp.cmp(os.path.join(MESHES, f), tmp_path / f, shallow=False), f


def test_builder_makes_exactly_the_annotated_meshes():
    assert set(BUILT_PAIRED) == set(PAIRED)
    assert set(BUILT_MIDLINE) == set(MIDLINE)


@pytest.mark.parametrize("muscle", MUSCLES)
@pytest.mark.parametrize("side", ["r", "l"])
def test_every_muscle_vertex_carries_its_fibre_direction(muscle, side, landmarks):
    """``fx fy fz``: unit vectors along the fibres, from origin towards insertion, so that
    fibres can be drawn without rebuilding the meshes."""
    mesh = load(f"{muscle}_{side}.ply")
    data = mesh.metadata["_ply_raw"]["vertex"]["data"]
    fibres = np.column_stack([data["fx"], data["fy"], data["fz"]]).astype(float)
    assert len(fibres) == len(mesh.vertices)
    np.testing.assert_allclose(np.linalg.norm(fibres, axis=1), 1.0, atol=1e-4)
    structure = ATLAS.structures[muscle]
    ends = []
    for role in ("origin", "insertion"):
        areas = [a.area for a in getattr(structure, role) if a.area is not None]
        if not areas:
            pytest.skip(f"{muscle} has no {role} area to point from or to")
        area = areas[0]
        ends.append(np.mean([landmarks["structures"][area.on][n] for n in area.landmarks], 0))
    course = ends[1] - ends[0]
    if side == "l":
        course[2] = -course[2]
    share = np.mean(fibres @ (course / np.linalg.norm(course)) > 0)
    assert share > 0.8, share


CUT = sorted(n for n, spec in PARAMETERS.get("sheets", {}).items() if "cut" in spec)


@pytest.mark.parametrize("name", CUT)
def test_a_muscle_that_goes_on_beyond_the_region_ends_in_a_clean_cut(name):
    """Its top is a flat cap on the cut's plane, facing the way the region is cut, not a
    rounded or ragged end; nothing lies beyond the plane."""
    cut = PARAMETERS["sheets"][name]["cut"]
    normal = np.asarray(cut["normal"], float) / np.linalg.norm(cut["normal"])
    built = load(f"{name}_r.ply")
    height = (np.asarray(built.vertices) - cut["point"]) @ normal
    assert height.max() <= 1.0  # the smoothed mesh, within a millimetre of the plane
    on_plane = (np.abs(height[built.faces]) < 1.0).all(axis=1)
    cap = on_plane & (built.face_normals @ normal > 0.9)
    assert built.area_faces[cap].sum() > 20.0, built.area_faces[cap].sum()
