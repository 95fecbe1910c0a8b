"""Build every mesh of the Gluteal Atlas from the anatomical parameters.

Usage:  python -m meshes.build [--out DIR]      (default DIR = the meshes/ folder)

Each structure is a signed-distance field (see sdf.py, femur.py, pelvis.py,
soft.py) contoured with VTK flying edges, smoothed (windowed-sinc / Taubin),
decimated to its triangle budget, checked closed / manifold / outward, and
written as binary PLY in millimetres. Right-side meshes are built; the left
ones are their exact mirror images (z -> -z, winding flipped). Landmarks are
computed from the parameters and projected onto the final right-side surfaces.
The build is deterministic: running it twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import yaml

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = "meshes"

from meshes.envelope import envelope_field  # noqa: E402
from meshes.femur import Femur  # noqa: E402
from meshes.leg import Fibula, Patella, Tibia  # noqa: E402
from meshes.meshing import (
    check,
    dihedral_p999,
    fibre_directions,
    mesh_from_field,
    mirror_z,
    ray_to_surface,  # noqa: E402
    relax_creases,
    symmetric_mesh_from_field,
    write_ply,
)
from meshes.openings import membrane  # noqa: E402
from meshes.pelvis import Coccyx, HipBone, Sacrum  # noqa: E402
from meshes.points import ParameterError, PointResolver, structures_named  # noqa: E402
from meshes.sdf import Balls, smax, smin, unit  # noqa: E402
from meshes.soft import (
    GridField,
    SheetModel,
    drape,
    fair_drape,
    grad,
    keep_under,
    loft,
    profile,
    tube,
    union_fields,
)  # noqa: E402
from meshes.spine import disc_name, stack  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "parameters.yaml")) as fh:
    PARAMETERS = yaml.safe_load(fh)

LUMBAR = list(PARAMETERS.get("lumbar_vertebrae", {}))
"""The lumbar vertebrae, from the lowest up: data entries built by one generic builder."""
LEVELS = list(zip(LUMBAR, ["sacrum", *LUMBAR[:-1]], strict=True))
"""Each lumbar vertebra with the bone below it."""

# starting triangle budgets per right-side (or midline) mesh: small, so that a
# software-rendered window stays responsive; the build raises one where the shape needs
# more to stay free of creases (MAX_CREASE). The whole scene must stay under 800,000.
BUDGET = {
    **{disc_name(upper, lower): 2500 for upper, lower in LEVELS},
    "femur": 16000,
    "tibia": 8000,
    "fibula": 5000,
    "patella": 1400,
    "hip_bone": 22000,
    "sacrum": 16000,
    "coccyx": 2000,
}
"""The lumbar vertebrae's and the soft structures' budgets are in their parameters entries
(``budget:``)."""


DATA_SECTIONS = ("openings", "tubes", "ligaments", "sheets", "bursae", "envelopes")
"""The parameter file's data entries, one generic builder per section."""
ENVELOPES = list(PARAMETERS.get("envelopes", {}))
"""Surfaces over the whole body (the skin): one mesh across the midline, not a pair."""
MUSCLES = set(PARAMETERS.get("sheets", {}))
"""Muscles and fasciae: lofted along their fibres, whose directions every vertex carries."""
MAX_CREASE = 39.6
"""Every mesh is held under the 40-degree crease limit of tests/test_meshes.py: a budget
too small for a shape is raised until it is (see meshing.finalize)."""


def log(*a):
    print(*a, flush=True)


class Scene:
    def __init__(self, params):
        self.P = params
        self.budget = dict(BUDGET)
        for name, spec in params.get("lumbar_vertebrae", {}).items():
            self.budget[name] = spec["budget"]
        for section in DATA_SECTIONS:
            for name, spec in params.get(section, {}).items():
                self.budget[name] = spec["budget"]
        self.H = np.array(params["hip_joint_centre"], float)
        self.meshes = {}  # id (no side) -> trimesh, right side / midline
        self.midline = set()  # ids built symmetric about z = 0 (one mesh, not a pair)
        self.fields = {}  # id -> GridField
        self.models = {}
        self.fibres = {}  # sheet id -> its fibres' centres, origin to insertion
        self.point = PointResolver(self)

    # ------------------------------------------------------------------
    def add(self, name, field, lo, hi, h, keep_field=True, symmetric=False, **kw):
        t = time.time()
        if symmetric:  # midline structure: exactly symmetric about z = 0
            tm, (D, dims, origin, hh) = symmetric_mesh_from_field(
                field, lo, hi, h, self.budget[name], **kw
            )
            D = np.concatenate([D[:0:-1], D], axis=0)  # mirror the half grid for later lookups
            origin = np.array([origin[0], origin[1], -hh * (dims[2] - 1)])
            dims = np.array([dims[0], dims[1], 2 * dims[2] - 1])
        else:
            kw.setdefault("max_crease", MAX_CREASE)
            tm, (D, dims, origin, hh) = mesh_from_field(
                field, lo, hi, h, self.budget[name], return_grid=True, **kw
            )
        self.meshes[name] = tm
        if symmetric:
            self.midline.add(name)
        if keep_field:
            self.fields[name] = GridField(D, dims, origin, hh)
        log(
            f"  {name:28s} {len(tm.faces):7d} tris  ok={check(tm)}  "
            f"p99.9={dihedral_p999(tm):5.1f}deg  {time.time() - t:5.1f}s"
        )
        return tm

    def data_entries(self):
        """Build every data entry of the parameters, each once everything it lies on, is
        cut from or is bounded by is built (in file order where the order is free)."""
        builders = {
            "openings": self.opening,
            "tubes": self.tube,
            "ligaments": self.ligament,
            "sheets": self.data_sheet,
            "bursae": self.data_bursa,
            "envelopes": self.envelope,
        }
        for section, name, spec in build_order(self.P, set(self.meshes)):
            builders[section](name, spec)

    def deeper(self, names):
        return union_fields([self.fields[n] for n in names])

    # ------------------------------------------------------------------
    def bones(self):
        P = self.P
        fem = Femur(P)
        self.models["femur"] = fem
        lo, hi = fem.bounds()
        self.add("femur", fem.field, lo, hi, 1.0)
        tib = Tibia(P)
        for name, model, h in (
            ("tibia", tib, 1.0),
            ("fibula", Fibula(P, tib), 0.7),
            ("patella", Patella(P), 0.5),
        ):
            self.models[name] = model
            lo, hi = model.bounds()
            self.add(name, model.field, lo, hi, h)
        hip = HipBone(P)
        self.models["hip_bone"] = hip
        lo, hi = hip.bounds()
        self.add("hip_bone", hip.field, lo, hi, 0.9)
        sac = Sacrum(P)
        self.models["sacrum"] = sac
        lo, hi = sac.bounds()
        self.add("sacrum", sac.field, lo, hi, 0.9, symmetric=True, smooth_iter=60, pass_band=0.04)
        coc = Coccyx(P, sac)
        self.models["coccyx"] = coc
        lo, hi = coc.bounds()
        self.add("coccyx", coc.field, lo, hi, 0.6, symmetric=True)
        # the lumbar vertebrae from the lowest up, each on the endplate below it, and the
        # disc between each and the bone below
        for name, vertebra, disc, spacer in stack(P.get("lumbar_vertebrae", {}), sac):
            self.models[name] = vertebra
            self.models[disc] = spacer
            lo, hi = vertebra.bounds()
            self.add(
                name, vertebra.field, lo, hi, 0.8, symmetric=True, smooth_iter=60, pass_band=0.04
            )
            lo, hi = spacer.bounds()
            self.add(disc, spacer.field, lo, hi, 0.6, symmetric=True)

    # ------------------------------------------------------------------
    def femur_pt(self, rel):
        return self.H + np.asarray(rel, float)

    def with_thigh(self, pt, share=1.0):
        """A point drawn in the pelvis frame for ``HipBone.TEMPLATE_HIP_CENTRE`` that lies
        in the thigh (over the greater trochanter or along the femur), carried with the
        femur to the parameter file's hip centre; ``share`` < 1 for a point part-way
        between pelvis and thigh."""
        return np.asarray(pt, float) + share * (self.H - HipBone.TEMPLATE_HIP_CENTRE)

    def sheet(
        self,
        name,
        fibres,
        radii,
        deeper,
        h=1.2,
        n_across=40,
        n_along=80,
        frac=0.45,
        gap=0.6,
        keep_field=True,
        drape_over=None,
        heads=(),
        drape_rounds=4,
        drape_smoothing=6,
        cut=None,
        k_cut=4.0,
    ):
        """Muscle / fascia / ligament sheet lofted through fibres, draped over
        ``drape_over`` (default: ``deeper``) and cut away from ``deeper``. ``heads``: further
        (fibres, radii, n_across) groups of the same muscle (its other heads), lofted on
        their own and joined to it, so no web spans the gap between two heads' origins.
        ``drape_rounds`` / ``drape_smoothing``: how often, and how widely, the drape is
        relaxed (more gives a smoother outer surface over bony knobs). ``cut``: (point, normal,
        rounding) of the plane where the region ends, for a muscle that runs on beyond it.
        ``k_cut``: how widely (mm) the cut from ``deeper`` is rounded: more for a thick
        muscle whose ends sink into bone, whose rim would otherwise be a crease."""
        drape_over = deeper if drape_over is None else drape_over
        grids, thickness = [], []
        for f, r, n in [(fibres, radii, n_across), *heads]:
            S, R = loft(f, r, n, n_along)
            grids.append(
                S
                if drape_over is None
                else fair_drape(
                    S, R, drape_over, frac=frac, rounds=drape_rounds, smooth_iters=drape_smoothing
                )
            )
            thickness.append(R)
        C, R = np.concatenate(grids), np.concatenate(thickness)
        self.fibres[name] = C  # (n_across, n_along, 3): where each vertex's fibre runs
        model = SheetModel(C, R, deeper=deeper, gap=gap, k_cut=k_cut, cut=cut)
        self.models[name] = model
        lo, hi = model.bounds()
        return self.add(
            name,
            model.field,
            lo,
            hi,
            h,
            keep_field=keep_field,
            smooth_iter=120,
            pass_band=0.02,
            morph=2,
        )

    def tube_struct(
        self,
        name,
        branches,
        deeper=None,
        h=0.7,
        target_gap=None,
        cover=None,
        frac=-0.25,
        separate=False,
    ):
        """branches: list of (control points, radii). Control points may be snapped to
        lie on the surface of deeper layers when target_gap is given. ``cover``: the
        muscle the tube runs deep to (or enters from its deep side); no part of the tube
        is left showing through its outer surface. ``frac``: how far each ball's centre stays
        outside the deeper layers, in radii (below 0 the tube sinks into them; 1 lies on them).
        ``separate``: the branches are nerves of their own that do not meet (the dorsal rami of
        several levels), so every piece is kept, not only the largest."""
        C, R = [], []
        for ctrl, rad in branches:
            ctrl = np.asarray(ctrl, float)
            pts, r = tube(ctrl, rad, step=0.4)
            if deeper is not None:  # keep the tube just outside the deeper layers, smoothly
                pts = fair_drape(pts[None], r[None], deeper, frac=frac, rounds=4, smooth_iters=20)[
                    0
                ]
            if cover is not None:
                pts = keep_under(pts, r, self.fields[cover], self.H)
                if deeper is not None:
                    pts = drape(pts, r, deeper, frac=frac)
            C.append(pts)
            R.append(r)
        model = SheetModel(np.vstack(C)[None], np.concatenate(R)[None], deeper=None)
        self.models[name] = model
        branches_f = [Balls(c, r) for c, r in zip(C, R, strict=True)]

        def field(P):
            # branches meet in a smooth fillet (radius ~ the vessel radius), not a crease
            d = branches_f[0](P)
            for b in branches_f[1:]:
                d = smin(d, b(P), 2.5)
            return d

        lo, hi = model.bounds()
        return self.add(
            name, field, lo, hi, h, smooth_iter=60, pass_band=0.04, keep_largest=not separate
        )

    # ------------------------------------------------------------------
    def tube(self, name, spec):
        """A ``tubes`` entry: a nerve or vessel along its course, or along ``branches``
        (each a course with its radii) joined where they meet."""
        where = f"tubes.{name}"
        branches = spec.get("branches", [spec])
        self.tube_struct(
            name,
            [
                (np.array([self.point(p, f"{where}.course") for p in b["course"]]), b["radii"])
                for b in branches
            ],
            deeper=self.deeper(spec["deeper"]),
            h=spec.get("h", 0.5),
            cover=spec.get("cover"),
            frac=spec.get("frac", -0.25),
            separate=spec.get("separate", False),
        )

    def data_sheet(self, name, spec, section="sheets"):
        """A ``sheets`` entry: a muscle or fascia lofted through its fibres (origin, via
        points, insertion), with a thickness profile along them, draped over what it lies on
        and cut away from it; a muscle with several heads lists the others under ``heads``."""
        where = f"{section}.{name}"
        n_along = spec.get("n_along", 60)
        v = np.linspace(0, 1, n_along)

        def group(g):
            fibres = [[self.point(p, f"{where}.fibres") for p in f] for f in g["fibres"]]
            radii = radius_profiles(g["radii"], len(fibres), v, f"{where}.radii")
            return fibres, radii, g.get("n_across", spec.get("n_across", 24))

        fibres, radii, n_across = group(spec)
        self.sheet(
            name,
            fibres,
            radii,
            self.deeper(spec["deeper"]),
            h=spec.get("h", 0.9),
            n_across=n_across,
            n_along=n_along,
            frac=spec.get("frac", 0.45),
            drape_over=self.deeper(spec["drape_over"]) if "drape_over" in spec else None,
            heads=[group(g) for g in spec.get("heads", [])],
            drape_rounds=spec.get("drape", {}).get("rounds", 4),
            drape_smoothing=spec.get("drape", {}).get("smoothing", 6),
            cut=region_cut(spec.get("cut"), f"{where}.cut"),
            k_cut=spec.get("cut_rounding", 4.0),
        )

    def envelope(self, name, spec):
        """An ``envelopes`` entry: the surface over every structure built before it (``over:
        all``) or over those it names, ``thickness`` mm outside them (interpolated between
        ``sites``), the hollows between them closed by ``closing`` mm, cut flat at ``top``
        and ``bottom`` (points whose heights are taken); one midline mesh."""
        where = f"envelopes.{name}"
        over = spec["over"]
        names = [n for n in self.meshes if n not in ENVELOPES] if over == "all" else over
        sites = [
            (
                s["name"],
                self.point(s["at"], f"{where}.sites"),
                s["mm"],
                s.get("tether", 0),
                s.get("toward"),
            )
            for s in spec["sites"]
        ]
        cut = {"top": self.point(spec["top"], f"{where}.top")[1]}
        cut["bottom"] = self.point(spec["bottom"], f"{where}.bottom")[1]
        bounds = np.array([self.meshes[n].bounds for n in names])
        pad = spec["closing"] + max([spec["thickness"]] + [s[2] for s in sites]) + 8.0
        lo = bounds[:, 0].min(axis=0) - pad
        hi = bounds[:, 1].max(axis=0) + pad
        lo[2] = -max(abs(lo[2]), hi[2])
        lo[1], hi[1] = max(lo[1], cut["bottom"] - pad), min(hi[1], cut["top"] + pad)
        h = spec.get("h", 2.0)
        field, (lo, hi) = envelope_field(
            [self.meshes[n] for n in names if n not in self.midline],
            [self.meshes[n] for n in names if n in self.midline],
            sites,
            {**spec, **cut},
            lo,
            hi,
            h,
        )
        self.add(name, field, lo, hi, h, symmetric=True, smooth_iter=30)
        # a smooth surface shows each folded triangle of the decimation as a slit
        relax_creases(self.meshes[name], MAX_CREASE, rounds=20, every=True)

    def ligament(self, name, spec):
        """A ``ligaments`` entry: lofted like a sheet; not a muscle, so no fibre directions
        are written with it (``build`` writes them for MUSCLES only)."""
        self.data_sheet(name, spec, section="ligaments")

    # ------------------------------------------------------------------
    def opening(self, name, spec):
        """An ``openings`` entry: a thin window across its rim."""
        bounds = [self.meshes[b] for b in spec["bounded_by"]]
        centres, radii = membrane(bounds, spec["centre"], spec["view"])
        model = SheetModel(centres, radii)
        self.models[name] = model
        lo, hi = model.bounds()
        self.add(name, model.field, lo, hi, 0.5, smooth_iter=60, pass_band=0.04)

    # ------------------------------------------------------------------
    def data_bursa(self, name, spec):
        """A ``bursae`` entry: a flattened sac lying on a bone under the tendons, centred on
        ``centre`` (any point) or on the bone's surface point nearest to ``near``."""
        bone = spec["bone"]
        at = spec.get("centre", {"surface": bone, "near": spec.get("near")})
        c = self.point(at, f"bursae.{name}.centre")
        n = grad(self.fields[bone], c[None])[0]
        up = spec.get("up", (0, 1, 0))
        self._bursa(name, c, n, spec["radii"], up=up, extra=spec.get("extra", ()), on=bone)

    def _bursa(self, name, c, n, radii, up=(0, 1, 0), extra=(), on="femur"):
        n = unit(n)
        e2 = unit(np.asarray(up, float) - np.dot(up, n) * n)
        e1 = np.cross(e2, n)
        Rm = np.array([e1, e2, n])
        cc = c + n * (radii[2] * 0.6)
        deep = self.deeper([on] + list(extra))

        rho = 0.8 * radii[2]  # the rim is rounded with this radius: no sharp lip

        def g(P):
            L = (P - cc) @ Rm.T
            a, b = radii[0] - rho, radii[1] - rho
            rim = (np.sqrt((L[:, 0] / a) ** 2 + (L[:, 1] / b) ** 2) - 1.0) * min(a, b)
            sac = np.hypot(np.maximum(rim, 0.0), L[:, 2]) - rho  # flattened sac, rounded rim
            return smax(sac, -(deep(P) - 0.4), 2.5)

        r = max(radii) + 6
        self.add(name, g, cc - r, cc + r, 0.45)

    def sacrum_point(self, side, frac, z=0.0):
        """A point of the built sacrum at ``frac`` of the way from its base to its apex: on
        its pelvic or dorsal surface ``z`` mm from the midline, or on its lateral margin
        seen from the front (``lateral``) or from the back (``lateral_back``)."""
        s = self.models["sacrum"]
        j = min(int(frac * (len(s.mid) - 1)), len(s.mid) - 1)
        if side in ("lateral", "lateral_back"):
            depth = 1.6 if side == "lateral_back" else 0.8
            start = s.mid[j] + s.dors[j] * s.thick[j] * depth + [0, 0, 80]
            return ray_to_surface(self.meshes["sacrum"], start, [0, 0, -1])
        start = s.mid[j] + s.dors[j] * s.thick[j] + [0, 0, z]
        toward = s.dors[j] if side == "pelvic" else -s.dors[j]
        return ray_to_surface(self.meshes["sacrum"], start - toward * 60, toward)


def region_cut(spec, where):
    """A ``cut`` entry, ``{point: [x, y, z], normal: [x, y, z], rounding: mm}``: the plane where
    the modelled region ends (the muscle goes on beyond it), as the sheet model takes it."""
    if spec is None:
        return None
    try:
        point, normal = np.asarray(spec["point"], float), np.asarray(spec["normal"], float)
        rounding = float(spec.get("rounding", 3.0))
    except (KeyError, TypeError, ValueError) as error:
        raise ParameterError(f"{where}: give point, normal and rounding ({error})") from None
    if point.shape != (3,) or normal.shape != (3,) or not np.linalg.norm(normal) > 0:
        raise ParameterError(f"{where}: point and normal are three numbers, the normal not zero")
    return point, normal, rounding


def radius_profiles(spec, n_fibres, v, where):
    """Each fibre's ball radii along it: a number (the same everywhere), or ``ends`` (origin,
    insertion), ``middle`` (the belly; one number or one per fibre), ``peak`` (where the
    belly is thickest, 0-1) and ``scale`` (one factor per fibre, for thinner edges)."""
    if isinstance(spec, (int, float)):
        return np.full((n_fibres, len(v)), float(spec))
    middle = spec["middle"]
    middles = middle if isinstance(middle, list) else [middle] * n_fibres
    scale = spec.get("scale", [1.0] * n_fibres)
    if len(middles) != n_fibres or len(scale) != n_fibres:
        raise ParameterError(f"{where}: give one middle radius and one scale per fibre")
    ends, peak = spec["ends"], spec.get("peak", 0.45)
    R = np.array([profile(v, ends[0], m, ends[1], peak=peak) for m in middles])
    return R * np.asarray(scale, float)[:, None]


def entry_needs(spec) -> set[str]:
    """The structures a data entry lies on, is cut from, is bounded by or takes points on."""
    names = set()
    for key in ("deeper", "drape_over", "bounded_by", "extra"):
        names.update(spec.get(key, ()))
    if isinstance(spec.get("over"), list):
        names.update(spec["over"])
    for key in ("cover", "bone"):
        if key in spec:
            names.add(spec[key])
    groups = [spec, *spec.get("heads", []), *spec.get("branches", [])]
    points = [p for g in groups for f in g.get("fibres", []) for p in f]
    points += [p for g in groups for p in g.get("course", [])]
    points += [spec[k] for k in ("centre", "top", "bottom") if isinstance(spec.get(k), dict)]
    points += [site["at"] for site in spec.get("sites", [])]
    for p in points:
        names.update(structures_named(p))
    return names


def build_order(params, built):
    """(section, name, spec) of every data entry, each after all it needs: the first in
    file order (sections in DATA_SECTIONS order) whose needs are met comes next."""
    entries = [
        (section, name, spec)
        for section in DATA_SECTIONS
        for name, spec in params.get(section, {}).items()
    ]
    known = set(built) | {name for _, name, _ in entries}
    needs = {}
    for section, name, spec in entries:
        needs[name] = entry_needs(spec)
        if spec.get("over") == "all":  # the body's surface waits for everything beneath it
            needs[name] |= known - set(params.get("envelopes", {}))
        unknown = needs[name] - known
        if unknown:
            missing = ", ".join(sorted(unknown))
            raise ParameterError(f"{section}.{name}: no structure named {missing}")
    done, order = set(built), []
    waiting = list(entries)
    while waiting:
        ready = next((e for e in waiting if needs[e[1]] <= done), None)
        if ready is None:
            names = ", ".join(f"{s}.{n}" for s, n, _ in waiting)
            raise ParameterError(f"these entries need each other in a circle: {names}")
        waiting.remove(ready)
        done.add(ready[1])
        order.append(ready)
    return order


# ----------------------------------------------------------------------
# landmarks


def landmarks(sc):
    H = sc.H
    hip = sc.models["hip_bone"]
    fem = sc.models["femur"]
    sac = sc.models["sacrum"]
    M = sc.meshes
    p = hip.placed_landmarks()
    out = {}

    def ray(mesh, target, direction, dist=40.0):
        d = unit(direction)
        hit = ray_to_surface(M[mesh], np.asarray(target, float) + dist * d, -d)
        return hit

    def wing(u, v):
        pt, n = hip.wing_point(u, v, +1)
        return ray("hip_bone", pt, n, 25.0)

    def near(mesh, pt):
        return sc.point({"surface": mesh, "near": pt})

    hb = {}
    hb["asis"] = ray("hip_bone", p["asis"], [1, 0.3, 0.4])
    hb["aiis"] = ray("hip_bone", p["aiis"], [1, -0.1, 0.2])
    hb["psis"] = ray("hip_bone", p["psis"], [-1, 0.2, 0.2])
    hb["pils"] = ray("hip_bone", p["piis"], [-1, 0, 0.3])
    hb["iliac_tubercle"] = ray("hip_bone", p["iliac_tubercle"] + [0, -4, 0], [0, 0.4, 1])
    hb["iliac_crest_summit"] = ray("hip_bone", p["iliac_crest_summit"], [0, 1, 0])
    for name, uv in (
        ("gluteal_line_anterior", (0.55, 0.5)),
        ("gluteal_line_posterior", (0.84, 0.4)),
        ("gluteal_line_inferior", (0.35, 0.9)),
    ):
        hb[name] = wing(*uv)
    hb["gmax_origin_1"] = wing(0.91, 0.15)
    hb["gmax_origin_2"] = wing(0.93, 0.5)
    hb["gmed_origin_1"] = wing(0.36, 0.15)
    hb["gmed_origin_2"] = wing(0.56, 0.22)
    hb["gmed_origin_3"] = wing(0.74, 0.32)
    hb["gmin_origin_1"] = wing(0.14, 0.6)
    hb["gmin_origin_2"] = wing(0.32, 0.7)
    hb["gmin_origin_3"] = wing(0.52, 0.8)
    hb["tfl_origin"] = ray("hip_bone", p["asis"] + [-12, 6, 2], [0, 0.6, 1])
    hb["acetabulum_centre"] = H.copy()
    hb["greater_sciatic_notch"] = ray("hip_bone", p["greater_sciatic_notch"], [-1, -0.8, 0])
    hb["ischial_spine"] = ray("hip_bone", p["ischial_spine"], [-0.3, 0, -1])
    hb["lesser_sciatic_notch"] = ray(
        "hip_bone", (p["ischial_spine"] + p["ischial_tuberosity"]) / 2 + [0, 0, 4], [-1, 0, -0.3]
    )
    hb["ischial_tuberosity"] = ray("hip_bone", p["ischial_tuberosity"], [-1, -0.6, 0])
    hb["pubic_tubercle"] = ray("hip_bone", p["pubic_tubercle"], [1, 0.3, 0])
    hb["obturator_foramen_centre"] = hip.place(np.array([-40.0, -110.0, 50.0]))
    out["hip_bone"] = hb

    sb = {}
    sb["promontory"] = ray("sacrum", sac.c1 + [18, -12, 4], [1, 0.3, 0])
    sb["dorsal_upper"] = sc.sacrum_point("dorsal", 0.3, 14)
    sb["dorsal_lower"] = sc.sacrum_point("dorsal", 0.72, 12)
    sb["lateral_margin_lower"] = sc.sacrum_point("lateral", 0.78)
    sb["pelvic_s2"] = sc.sacrum_point("pelvic", 0.42, 24)
    sb["pelvic_s3"] = sc.sacrum_point("pelvic", 0.6, 20)
    sb["apex"] = ray("sacrum", sac.apex + [0, -4, 2], [0, -1, 0])
    out["sacrum"] = sb

    c = sc.models["coccyx"]
    out["coccyx"] = {"dorsal": ray("coccyx", c.pts[1] + [0, 0, 3], [-1, 0, 0.2])}

    def F(rel):
        return H + np.asarray(rel, float)

    fb = {}
    fb["head_centre"] = H.copy()
    fb["head_top"] = ray("femur", H, [0, 1, 0])
    fb["neck_mid"] = ray("femur", H - 0.62 * np.linalg.norm(H - fem.N) * fem.n, [0, 1, 0])
    fb["greater_trochanter_tip"] = ray("femur", F((-20, 0, 42)), [0, 1, 0])
    fb["gt_lateral_facet"] = ray("femur", F((-18, -12, 50)), [0, 0, 1])
    fb["gt_anterior_facet"] = ray("femur", F((2, -12, 48)), [1, 0, 0.6])
    fb["gt_superior_medial"] = ray("femur", F((-15, -4, 40)), [0, 1, -0.2])
    fb["trochanteric_fossa"] = ray("femur", F((-24, -16, 26)), [-0.3, 0.3, -1])
    fb["lesser_trochanter"] = ray("femur", F((-24, -62, 12)), [-0.6, 0, -1])
    fb["intertrochanteric_crest"] = ray("femur", F((-34, -30, 36)), [-1, 0, 0])
    fb["gluteal_tuberosity"] = ray("femur", fem.glut.c[len(fem.glut.c) // 2], [-0.75, 0, 0.66])
    fb["linea_aspera"] = ray("femur", fem.linea.c[len(fem.linea.c) // 2], [-1, 0, 0])
    K = fem.K
    w = fem.cw
    fb["lateral_epicondyle"] = ray("femur", K + [-7, 16, w * 0.43], [0, 0, 1])
    fb["medial_epicondyle"] = ray("femur", K + [-6, 19, -w * 0.45], [0, 0, -1])
    fb["lateral_condyle"] = ray("femur", K + [-9, 0, w * 0.26], [0, -1, 0])
    fb["medial_condyle"] = ray("femur", K + [-10, 1, -w * 0.27], [0, -1, 0])
    out["femur"] = fb

    it = {}
    it["gmax_insertion"] = near("iliotibial_tract", sc.with_thigh([-76.0, -120.0, 150.0]))
    it["tfl_insertion"] = near("iliotibial_tract", F((24, -108, 70)))
    it["distal_end"] = near("iliotibial_tract", F((6.3, -445.0, 34.6)))
    out["iliotibial_tract"] = it

    out["sacrotuberous_ligament"] = {
        "gmax_origin": ray("sacrotuberous_ligament", np.array([-122.0, -80.0, 36.0]), [-1, 0, 0.2])
    }
    for name in LUMBAR:
        v = sc.models[name]
        out[name] = {
            "body_centre": v.centre.copy(),
            "spinous_process": ray(name, v.centre + v.back * 40, [-1, 0, 0]),
        }
    for name in DISCS:  # where each disc meets the bone below and the one above
        spacer = sc.models[name]
        out[name] = {
            "lower_endplate_centre": spacer.c_low.copy(),
            "upper_endplate_centre": spacer.c_up.copy(),
        }
    # an envelope's sites: the points beneath the skin its thickness is measured from
    # (named *_beneath: inside the surface, not on it)
    for name, spec in sc.P.get("envelopes", {}).items():
        for site in spec["sites"]:
            point = sc.point(site["at"], f"envelopes.{name}.sites")
            out.setdefault(name, {})[f"{site['name']}_beneath"] = point
    # landmarks given as data: the point of the built surface nearest to the one given
    for mesh, named in sc.P.get("landmarks", {}).items():
        for name, at in named.items():
            out.setdefault(mesh, {})[name] = near(mesh, np.asarray(at, float))
    return out


# ----------------------------------------------------------------------

RIGHT_LEFT = [
    "hip_bone",
    "femur",
    "tibia",
    "fibula",
    "patella",
    # everything else is built from the parameters' data entries, with no code of its own
    *(
        name
        for section in DATA_SECTIONS
        for name in PARAMETERS.get(section, {})
        if name not in ENVELOPES
    ),
]
DISCS = [disc_name(upper, lower) for upper, lower in LEVELS]
"""The intervertebral discs, one below each lumbar vertebra, derived from the levels."""
MIDLINE = ["sacrum", "coccyx", *LUMBAR, *DISCS, *ENVELOPES]


def build(out_dir):
    t0 = time.time()
    sc = Scene(PARAMETERS)
    log("bones")
    sc.bones()
    log("soft tissues")
    sc.data_entries()
    lm = landmarks(sc)
    os.makedirs(out_dir, exist_ok=True)
    total = 0
    counts = {}
    for name in RIGHT_LEFT:
        tm = sc.meshes[name]
        fibres = None
        if name in MUSCLES:  # every muscle vertex carries its fibre direction
            fibres = fibre_directions(sc.fibres[name], np.asarray(tm.vertices, np.float32))
        write_ply(os.path.join(out_dir, f"{name}_r.ply"), tm, fibres)
        mirrored = None if fibres is None else fibres * [1.0, 1.0, -1.0]
        write_ply(os.path.join(out_dir, f"{name}_l.ply"), mirror_z(tm), mirrored)
        counts[name] = len(tm.faces)
        total += 2 * len(tm.faces)
    for name in MIDLINE:
        tm = sc.meshes[name]
        write_ply(os.path.join(out_dir, f"{name}.ply"), tm)
        counts[name] = len(tm.faces)
        total += len(tm.faces)
    doc = {
        "units": "mm",
        "frame": "origin midway between the anterior superior iliac spines; "
        "+X anterior, +Y superior, "
        "+Z to the subject's right; standing anatomical position, hip angles zero",
        "side": "right (left = mirror z)",
        "structures": {
            s: {k: [round(float(x), 3) for x in v] for k, v in d.items()} for s, d in lm.items()
        },
    }
    with open(os.path.join(out_dir, "landmarks.json"), "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    log(f"total triangles {total}  ({time.time() - t0:.1f}s)")
    return counts, total


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=HERE, help="output folder (default: the meshes/ folder)")
    a = ap.parse_args(argv)
    build(a.out)


if __name__ == "__main__":
    main()
