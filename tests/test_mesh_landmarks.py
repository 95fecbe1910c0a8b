"""Anatomical figures measured on the committed meshes, checked against published ranges.

The meshes are built from parameters (meshes/parameters.yaml); these tests measure the
finished surfaces, so that smoothing, decimation or a later edit of a shape function
cannot drift a figure out of the range a teacher would quote. Each range is the
published mean +/- about two standard deviations (or the quoted normal range):

* femoral head diameter 45.8 +/- 3.6 mm (Yoshioka et al., JBJS Am 69:873, 1987);
* neck-shaft angle 131 +/- 6 deg (Yoshioka 1987); Gray's Anatomy (42nd ed.) ~125-130 deg;
* femoral anteversion 7 +/- 7 deg to the transcondylar axis (Yoshioka 1987), 10-15 deg in
  Gray's; normal 10-20 deg (Tonnis & Heinecke, JBJS Am 81:1747, 1999);
* femoral length 432 +/- 24 mm (Yoshioka 1987);
* acetabular radiographic inclination ~40-45 deg and anteversion ~15-20 deg (Murray,
  JBJS Br 75:228, 1993; Tonnis & Heinecke 1999);
* inter-ASIS distance ~230-250 mm (Tague, Am J Phys Anthropol 80:59, 1989; Harrington
  et al., J Biomech 40:595, 2007);
* tibial length (plateau to the tip of the medial malleolus) ~34-40 cm, tibial plateau width
  ~70-80 mm, external tibial torsion 30 +/- 8 deg (Gray's Anatomy 42nd ed.; Yoshioka Y,
  Siu DW, Scudamore RA, Cooke TDV, Tibial anatomy and functional axes, J Orthop Res 7:132,
  1989);
* patella ~40-50 mm high and wide, ~20-26 mm thick (Baldwin JL, House CK, Anatomic
  dimensions of the patella measured during total knee arthroplasty, J Arthroplasty
  20:812, 2005; Gray's).

Run as a script to print the table used in docs/meshes.md.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
import trimesh
from scipy.optimize import minimize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MESHES = os.path.join(ROOT, "meshes")

# figure: (low, high, source)
PUBLISHED = {
    "femoral_head_diameter_mm": (40.0, 53.0, "Yoshioka 1987: 45.8 +/- 3.6 mm"),
    "neck_shaft_angle_deg": (120.0, 140.0, "Yoshioka 1987: 131 +/- 6; Gray's ~125-130"),
    "femoral_anteversion_deg": (5.0, 20.0, "Yoshioka 1987: 7 +/- 7; Gray's 10-15"),
    "femoral_length_mm": (384.0, 480.0, "Yoshioka 1987: 432 +/- 24 mm"),
    "acetabular_inclination_deg": (35.0, 50.0, "Murray 1993: ~40-45 (radiographic)"),
    "acetabular_anteversion_deg": (10.0, 25.0, "Murray 1993; Tonnis 1999: ~15-20"),
    "inter_asis_width_mm": (215.0, 265.0, "Tague 1989; Harrington 2007: ~230-250 mm"),
    "tibial_length_mm": (320.0, 420.0, "Gray's: ~34-40 cm"),
    "tibial_plateau_width_mm": (66.0, 86.0, "Gray's; Yoshioka 1989: ~70-80 mm"),
    "tibial_torsion_deg": (15.0, 45.0, "Yoshioka 1989: 30 +/- 8 deg external"),
    "patellar_height_mm": (36.0, 52.0, "Baldwin 2005; Gray's: ~40-50 mm"),
    "patellar_width_mm": (38.0, 52.0, "Baldwin 2005; Gray's: ~40-50 mm"),
    "patellar_thickness_mm": (18.0, 27.0, "Baldwin 2005: ~20-26 mm"),
}


def _load(name):
    return trimesh.load(os.path.join(MESHES, name), force="mesh", process=False)


def _landmarks():
    with open(os.path.join(MESHES, "landmarks.json")) as fh:
        return json.load(fh)["structures"]


def _unit(v):
    v = np.asarray(v, float)
    return v / np.linalg.norm(v)


def _section_centroid(mesh, origin, normal, near, radius):
    """Centroid of the cross-section loop(s) of ``mesh`` in a plane, keeping only the
    section points within ``radius`` of ``near`` (so a neck section ignores the trochanter)."""
    s = mesh.section(plane_origin=origin, plane_normal=normal)
    assert s is not None
    pts = np.asarray(s.vertices)
    pts = pts[np.linalg.norm(pts - near, axis=1) < radius]
    assert len(pts) > 10
    return pts.mean(0)


def _enclosed_section(mesh, origin, normal, rays=120):
    """Area and centroid of the cross-section loop of ``mesh`` that encloses ``origin``
    in the plane through ``origin`` with ``normal``, or None when the plane misses it.

    The loop is read as a star-shaped polygon: the nearest crossing of the section along
    each of ``rays`` directions from ``origin``, so sections of other parts of the bone in
    the same plane (the trochanter beside the neck) are ignored.
    """
    seg = trimesh.intersections.mesh_plane(mesh, normal, origin)
    if len(seg) == 0:
        return None
    e1 = _unit(np.cross(normal, [1.0, 0, 0] if abs(normal[0]) < 0.9 else [0, 1.0, 0]))
    e2 = np.cross(normal, e1)
    q = np.stack([(seg - origin) @ e1, (seg - origin) @ e2], -1)
    a, e = q[:, 0], q[:, 1] - q[:, 0]
    ang = np.linspace(0, 2 * np.pi, rays, endpoint=False)
    u = np.c_[np.cos(ang), np.sin(ang)]
    den = u[:, None, 0] * e[None, :, 1] - u[:, None, 1] * e[None, :, 0]
    den = np.where(np.abs(den) < 1e-12, 1e-12, den)
    t = (a[None, :, 0] * e[None, :, 1] - a[None, :, 1] * e[None, :, 0]) / den
    s = (a[None, :, 0] * u[:, None, 1] - a[None, :, 1] * u[:, None, 0]) / den
    r = np.where((t > 0) & (s >= 0) & (s <= 1), t, np.inf).min(1)
    if not np.isfinite(r).all():
        return None
    x, y = (r[:, None] * u).T
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2
    cx, cy = ((x + x1) * cross).sum() / (6 * area), ((y + y1) * cross).sum() / (6 * area)
    return abs(area), origin + cx * e1 + cy * e2


def _neck_axis(femur, head, guess, distance):
    """Unit vector from the neck towards the head: through the head centre and the
    centroid of the neck's narrowest cross-section ``distance`` mm from it.

    This is the radiographic definition (head centre to the middle of the neck at its
    narrowest) in 3D; the section plane is turned until its area is smallest. On a real
    CT femur (LHDL donor) it reads 124.5-124.8 deg for planes 3-8 mm beyond the head.
    """
    e1 = _unit(np.cross(guess, [1.0, 0, 0]))
    e2 = np.cross(guess, e1)

    def plane_normal(x):
        return _unit(guess + x[0] * e1 + x[1] * e2)

    def area(x):
        n = plane_normal(x)
        sec = _enclosed_section(femur, head - distance * n, n)
        return 1e9 if sec is None else sec[0]

    grid = [(area((u, w)), u, w) for u in np.linspace(-1, 1, 11) for w in np.linspace(-1, 1, 11)]
    _, u, w = min(grid)
    best = minimize(area, [u, w], method="Nelder-Mead", options={"xatol": 1e-3, "fatol": 1e-2})
    n = plane_normal(best.x)
    return _unit(head - _enclosed_section(femur, head - distance * n, n)[1])


def _acetabular_axis(hip, centre):
    """Outward normal of the acetabular rim plane.

    The rim is the edge of the spherical socket wall: around the opening, in 10-degree
    sectors, the wall point farthest from the fundus; a plane is fitted to those points
    (sectors of the acetabular notch, where the wall stops short, are left out) and the
    fit is repeated with the new axis. The mean direction of the whole socket would be
    tilted by the notch.
    """
    hv = np.asarray(hip.vertices)
    rr = np.linalg.norm(hv - centre, axis=1)
    wall = hv[rr < rr.min() + 4.0]
    u = (wall - centre) / np.linalg.norm(wall - centre, axis=1)[:, None]
    axis = -_unit(u.mean(0))
    for _ in range(3):
        theta = np.degrees(np.arccos(np.clip(u @ -axis, -1, 1)))
        e1 = _unit(np.cross(axis, [0, 1.0, 0]))
        e2 = np.cross(axis, e1)
        sector = np.floor((np.degrees(np.arctan2(u @ e2, u @ e1)) + 180) / 10).astype(int)
        rim = [
            (theta[k].max(), wall[k[np.argmax(theta[k])]])
            for k in (np.flatnonzero(sector == b) for b in range(36))
            if len(k)
        ]
        limit = np.median([t for t, _ in rim]) - 15.0
        pts = np.array([p for t, p in rim if t > limit])
        n = np.linalg.svd(pts - pts.mean(0))[2][2]
        axis = _unit(n if n @ axis > 0 else -n)
    return axis


def measure():
    """All the figures of PUBLISHED, measured on the meshes and landmarks."""
    lm = _landmarks()
    fe, hb = lm["femur"], lm["hip_bone"]
    femur = _load("femur_r.ply")
    hip = _load("hip_bone_r.ply")
    H = np.array(fe["head_centre"])
    v = np.asarray(femur.vertices)
    out = {}

    # shaft axis: centroids of sections through the diaphysis (30 % to 70 % of the length)
    y0, y1 = v[:, 1].min(), v[:, 1].max()
    cs = [
        _section_centroid(femur, [0, y, 0], [0, 1, 0], v[np.argmin(abs(v[:, 1] - y))], 60.0)
        for y in np.linspace(y1 - 0.3 * (y1 - y0), y1 - 0.7 * (y1 - y0), 6)
    ]
    cs = np.array(cs)
    shaft = _unit(np.linalg.svd(cs - cs.mean(0))[2][0])
    if shaft[1] < 0:
        shaft = -shaft  # proximal

    # femoral head: the spherical cap away from the shaft (points > 60 deg off the
    # direction from the shaft axis to the head centre)
    foot = cs.mean(0) + np.dot(H - cs.mean(0), shaft) * shaft
    towards_head = _unit(H - foot)
    r = np.linalg.norm(v - H, axis=1)
    cosang = ((v - H) @ towards_head) / np.maximum(r, 1e-9)
    head_r = float(np.median(r[(r < 30.0) & (cosang > 0.5)]))
    out["femoral_head_diameter_mm"] = 2.0 * head_r

    neck = _neck_axis(femur, H, towards_head, head_r + 5.0)
    out["neck_shaft_angle_deg"] = float(np.degrees(np.arccos(np.dot(neck, -shaft))))

    # anteversion: neck axis vs the transepicondylar axis, both projected on the plane
    # perpendicular to the shaft; positive when the neck points forward (+x)
    lat, med = np.array(fe["lateral_epicondyle"]), np.array(fe["medial_epicondyle"])

    def proj(w):
        return _unit(w - np.dot(w, shaft) * shaft)

    n_p, c_p = proj(neck), proj(med - lat)
    ang = np.degrees(np.arccos(np.clip(np.dot(n_p, c_p), -1, 1)))
    out["femoral_anteversion_deg"] = float(ang if n_p[0] > c_p[0] else -ang)

    # length: head top to the distal condylar surface along the shaft (mechanical) direction
    t = v @ shaft
    out["femoral_length_mm"] = float(t.max() - t.min())

    # acetabulum: the normal of the rim plane
    a = _acetabular_axis(hip, np.array(hb["acetabulum_centre"]))
    # radiographic definitions (Murray 1993): a = [sin AV, -cos AV cos RI, cos AV sin RI]
    out["acetabular_anteversion_deg"] = float(np.degrees(np.arcsin(a[0])))
    out["acetabular_inclination_deg"] = float(np.degrees(np.arctan2(a[2], -a[1])))

    out["inter_asis_width_mm"] = 2.0 * float(hb["asis"][2])
    out.update(_leg_figures(lm))
    return out


def _leg_figures(lm):
    """Tibial length, plateau width and torsion; the patella's height, width and thickness."""
    tb, fb = lm["tibia"], lm["fibula"]
    tv = np.asarray(_load("tibia_r.ply").vertices)
    top = tv[:, 1].max()
    out = {"tibial_length_mm": float(top - tv[:, 1].min())}
    upper = tv[tv[:, 1] > top - 30.0]
    out["tibial_plateau_width_mm"] = float(np.ptp(upper[:, 2]))

    # torsion: the malleolar axis against the condylar axis, seen from above
    def heading(a, b):
        d = np.asarray(b, float) - np.asarray(a, float)
        return np.degrees(np.arctan2(d[0], d[2]))

    condylar = heading(tb["medial_condyle"], tb["lateral_condyle"])
    malleolar = heading(tb["medial_malleolus"], fb["lateral_malleolus"])
    out["tibial_torsion_deg"] = float(condylar - malleolar)
    pv = np.asarray(_load("patella_r.ply").vertices)
    out["patellar_height_mm"] = float(np.ptp(pv[:, 1]))
    out["patellar_width_mm"] = float(np.ptp(pv[:, 2]))
    out["patellar_thickness_mm"] = float(np.ptp(pv[:, 0]))
    return out


@pytest.fixture(scope="module")
def figures():
    return measure()


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_figure_in_published_range(figures, name):
    lo, hi, src = PUBLISHED[name]
    assert lo <= figures[name] <= hi, f"{name} = {figures[name]:.1f} outside {lo}-{hi} ({src})"


def test_femoral_head_fits_acetabulum(figures):
    """The bony socket is a little larger than the head (articular cartilage, ~2-3 mm)."""
    hip = _load("hip_bone_r.ply")
    Ha = np.array(_landmarks()["hip_bone"]["acetabulum_centre"])
    rr = np.linalg.norm(np.asarray(hip.vertices) - Ha, axis=1)
    head_r = figures["femoral_head_diameter_mm"] / 2
    assert head_r < rr.min() < head_r + 5.0


if __name__ == "__main__":
    f = measure()
    for k in sorted(PUBLISHED):
        lo, hi, src = PUBLISHED[k]
        print(f"| {k} | {f[k]:.1f} | {lo:g}-{hi:g} | {src} |")


def test_neck_axis_method_recovers_a_known_angle():
    """The neck measurement, on a head-neck-shaft model built at 130 deg with a neck
    that widens towards its base, reads that angle."""
    nsa = np.radians(130.0)
    neck_dir = np.array([0.0, np.cos(np.pi - nsa), -np.sin(np.pi - nsa)])  # up and medial
    head = trimesh.creation.icosphere(subdivisions=4, radius=22.0)
    neck = trimesh.creation.cone(radius=30.0, height=90.0, sections=64)
    # the cone's apex on the head side, its base 60 mm down the neck
    neck.apply_transform(trimesh.geometry.align_vectors([0, 0, 1.0], neck_dir))
    neck.apply_translation(-60.0 * neck_dir)
    femur = trimesh.util.concatenate([head, neck])
    guess = _unit(neck_dir + [0, 0.2, 0])
    axis = _neck_axis(femur, np.zeros(3), guess, 27.0)
    angle = np.degrees(np.arccos(np.dot(axis, [0, 1.0, 0])))
    assert abs((180 - angle) - 130.0) < 1.0
