"""Render the documentation pictures of the meshes (docs/meshes_*.png).

Usage:  python -m meshes.figures [--out DIR]      (default DIR = docs/)

Offscreen PyVista renders, white background, smooth shading: the femur, the hip bone and
the bones of the leg (tibia, fibula, patella) with their named bony features (labels
placed on the landmarks of meshes/landmarks.json), the sacrum with its features, and the
whole scene from behind, the side and the front with the muscles shown and hidden, so that
a reader can check the shapes against an atlas.
"""

from __future__ import annotations

import argparse
import json
import os

import numpy as np
import pyvista as pv

from meshes.build import MIDLINE, MUSCLES

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(os.path.dirname(HERE), "docs")

BONE = "#e9dcc0"
MUSCLE = "#b5483f"
COLOURS = {
    "femur": BONE,
    "tibia": BONE,
    "fibula": BONE,
    "patella": BONE,
    "hip_bone": BONE,
    "sacrum": BONE,
    "coccyx": BONE,
    "l5_vertebra": BONE,
    "gluteus_maximus": MUSCLE,
    "gluteus_medius": "#c8594d",
    "gluteus_minimus": "#d66d5f",
    "piriformis": "#a8433a",
    "tensor_fasciae_latae": "#c25a4a",
    "biceps_femoris": "#b0503f",
    "semitendinosus": "#c0604d",
    "semimembranosus": "#a94a3c",
    "iliotibial_tract": "#e8e4da",
    "superior_gluteal_nerve": "#f2d023",
    "inferior_gluteal_nerve": "#f2d023",
    "sciatic_nerve": "#f2d023",
    "tibial_nerve": "#f2d023",
    "common_fibular_nerve": "#f2d023",
    "superior_gluteal_artery": "#d0202a",
    "inferior_gluteal_artery": "#d0202a",
    "sacrotuberous_ligament": "#cfd8dc",
    "sacrospinous_ligament": "#cfd8dc",
    "trochanteric_bursa": "#8fc1e3",
    "gluteus_minimus_bursa": "#8fc1e3",
}


def _files(name):
    if name in MIDLINE:
        return [f"{name}.ply"]
    return [f"{name}_r.ply", f"{name}_l.ply"]


def _landmarks():
    with open(os.path.join(HERE, "landmarks.json")) as fh:
        return json.load(fh)["structures"]


def _camera(pl, focus, direction, up, dist):
    focus = np.asarray(focus, float)
    pl.camera.focal_point = focus
    pl.camera.position = focus + dist * np.asarray(direction, float) / np.linalg.norm(direction)
    pl.camera.up = up


def _labelled(pl, mesh, points, names, direction):
    pl.add_mesh(mesh, color=BONE, smooth_shading=True, specular=0.2)
    # labels sit a little off the surface, towards the viewer, so they are not hidden
    d = np.asarray(direction, float) / np.linalg.norm(direction)
    pts = np.asarray(points, float) + 6.0 * d
    pl.add_point_labels(
        pts,
        names,
        font_size=15,
        point_size=9,
        point_color="#1f4e9c",
        text_color="black",
        shape_color="white",
        shape_opacity=0.75,
        always_visible=True,
        render_points_as_spheres=True,
    )


def _feature_sheet(out, bone, caption, views, distance, zoom, with_bones=()):
    """Two labelled views of a right-side (or midline) bone, side by side, saved as
    ``meshes_features_<bone>.png``; ``views`` holds (title, view direction, {landmark: label}),
    a landmark of one of ``with_bones`` (drawn beside it) written ``bone.landmark``."""
    lm = _landmarks()
    bones = (bone, *with_bones)
    mesh = pv.merge([pv.read(os.path.join(HERE, _files(b)[0])) for b in bones])

    def point(key):
        owner, _, name = key.rpartition(".")
        return lm[owner or bone][name]

    pl = pv.Plotter(off_screen=True, shape=(1, 2), window_size=(1600, 1000), border=False)
    for i, (title, direction, names) in enumerate(views):
        pl.subplot(0, i)
        _labelled(pl, mesh, [point(k) for k in names], list(names.values()), direction)
        pl.add_text(f"{caption}, {title}", font_size=14, color="black")
        _camera(pl, mesh.center, direction, (0, 1, 0), distance)
        pl.reset_camera()
        pl.camera.zoom(zoom)
    pl.set_background("white")
    pl.screenshot(os.path.join(out, f"meshes_features_{bone}.png"))
    pl.close()


def features_femur(out):
    views = [
        (
            "anterior",
            (1, 0, 0.25),
            {
                "head_top": "head",
                "neck_mid": "neck",
                "greater_trochanter_tip": "greater trochanter",
                "gt_anterior_facet": "anterior facet (gluteus minimus)",
                "lesser_trochanter": "lesser trochanter",
                "lateral_epicondyle": "lateral epicondyle",
                "medial_epicondyle": "medial epicondyle",
            },
        ),
        (
            "posterior",
            (-1, 0, 0.15),
            {
                "trochanteric_fossa": "trochanteric fossa",
                "gt_lateral_facet": "lateral facet (gluteus medius)",
                "intertrochanteric_crest": "intertrochanteric crest",
                "gluteal_tuberosity": "gluteal tuberosity (gluteus maximus)",
                "linea_aspera": "linea aspera",
                "lateral_condyle": "lateral condyle",
                "medial_condyle": "medial condyle",
            },
        ),
    ]
    _feature_sheet(out, "femur", "Right femur", views, 900, 1.15)


def features_hip_bone(out):
    views = [
        (
            "lateral (outer) view",
            (0.15, 0, 1),
            {
                "asis": "ASIS",
                "aiis": "AIIS",
                "psis": "PSIS",
                "pils": "PIIS",
                "iliac_tubercle": "iliac tubercle",
                "iliac_crest_summit": "iliac crest",
                "gluteal_line_anterior": "anterior gluteal line",
                "gluteal_line_posterior": "posterior gluteal line",
                "gluteal_line_inferior": "inferior gluteal line",
                "acetabulum_centre": "acetabulum",
                "greater_sciatic_notch": "greater sciatic notch",
                "ischial_spine": "ischial spine",
                "lesser_sciatic_notch": "lesser sciatic notch",
                "ischial_tuberosity": "ischial tuberosity",
                "obturator_foramen_centre": "obturator foramen",
            },
        ),
        (
            "anterior view",
            (1, 0.1, 0.35),
            {
                "asis": "ASIS",
                "aiis": "AIIS",
                "iliac_tubercle": "iliac tubercle",
                "acetabulum_centre": "acetabulum (lunate surface)",
                "pubic_tubercle": "pubic tubercle",
                "obturator_foramen_centre": "obturator foramen",
                "ischial_tuberosity": "ischial tuberosity",
            },
        ),
    ]
    _feature_sheet(out, "hip_bone", "Right hip bone", views, 700, 1.2)


def features_leg(out):
    views = [
        (
            "anterior",
            (1, 0, 0.3),
            {
                "medial_condyle": "medial condyle",
                "lateral_condyle": "lateral condyle",
                "intercondylar_eminence": "intercondylar eminence",
                "tibial_tuberosity": "tibial tuberosity",
                "gerdys_tubercle": "Gerdy's tubercle (iliotibial tract)",
                "pes_anserinus": "pes anserinus (semitendinosus)",
                "anterior_border": "anterior border (shin)",
                "medial_malleolus": "medial malleolus",
                "fibula.fibular_head": "head of fibula",
                "fibula.lateral_malleolus": "lateral malleolus",
                "patella.patella_apex": "apex of patella",
            },
        ),
        (
            "posterior",
            (-1, 0, 0.25),
            {
                "semimembranosus_insertion": "groove for semimembranosus",
                "soleal_line": "soleal line",
                "fibula.fibular_apex": "apex of fibular head",
                "fibula.fibular_neck": "neck of fibula",
                "fibula.fibular_shaft": "fibula",
                "medial_malleolus": "medial malleolus",
                "fibula.lateral_malleolus": "lateral malleolus",
            },
        ),
    ]
    _feature_sheet(
        out, "tibia", "Right tibia, fibula and patella", views, 900, 1.1, ("fibula", "patella")
    )


def features_sacrum(out):
    views = [
        (
            "posterior",
            (-1, 0.2, 0.15),
            {
                "median_sacral_crest": "median sacral crest",
                "posterior_sacral_foramen": "posterior sacral foramina",
                "superior_articular_process": "superior articular process",
                "sacral_hiatus": "sacral hiatus",
                "sacral_cornu": "sacral cornu",
                "lateral_margin_lower": "lateral margin",
                "apex": "apex",
            },
        ),
        (
            "anterior (pelvic surface)",
            (1, -0.35, 0.15),
            {
                "promontory": "promontory",
                "anterior_sacral_foramen": "anterior sacral foramina",
                "pelvic_s3": "pelvic surface (piriformis)",
                "apex": "apex",
            },
        ),
    ]
    _feature_sheet(out, "sacrum", "Sacrum", views, 500, 1.3)


def scene(out, view, direction, up=(0, 1, 0)):
    meshes = {}
    for name in COLOURS:
        meshes[name] = [pv.read(os.path.join(HERE, f)) for f in _files(name)]
    pl = pv.Plotter(off_screen=True, shape=(1, 2), window_size=(1600, 1000), border=False)
    focus = np.array([-60.0, -150.0, 0.0])
    for i, with_muscles in enumerate((True, False)):
        pl.subplot(0, i)
        for name, ms in meshes.items():
            if name in MUSCLES and not with_muscles:
                continue
            for m in ms:
                pl.add_mesh(m, color=COLOURS[name], smooth_shading=True, specular=0.15)
        pl.add_text(
            f"{view}: {'with muscles' if with_muscles else 'muscles hidden'}",
            font_size=14,
            color="black",
        )
        _camera(pl, focus, direction, up, 1500)
        pl.reset_camera()
        pl.camera.zoom(1.25)
    pl.link_views()
    pl.set_background("white")
    pl.screenshot(os.path.join(out, f"meshes_{view}.png"))
    pl.close()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=DOCS)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    features_femur(a.out)
    features_hip_bone(a.out)
    features_leg(a.out)
    features_sacrum(a.out)
    scene(a.out, "posterior", (-1, 0, 0))
    scene(a.out, "lateral", (0, 0, 1))
    scene(a.out, "anterior", (1, 0, 0))


if __name__ == "__main__":
    main()
