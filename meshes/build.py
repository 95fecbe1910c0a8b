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
import pyvista as pv
import yaml

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = "meshes"

from meshes.femur import Femur  # noqa: E402
from meshes.leg import Fibula, Patella, Tibia  # noqa: E402
from meshes.meshing import (
    check,
    closest_point,
    dihedral_p999,
    fibre_directions,
    mesh_from_field,
    mirror_z,
    ray_to_surface,  # noqa: E402
    symmetric_mesh_from_field,
    write_ply,
)
from meshes.openings import membrane  # noqa: E402
from meshes.pelvis import L5, Coccyx, HipBone, Sacrum  # noqa: E402
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
    snap,
    tube,
    union_fields,
)  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "parameters.yaml")) as fh:
    PARAMETERS = yaml.safe_load(fh)

# starting triangle budgets per right-side (or midline) mesh: small, so that a
# software-rendered window stays responsive; the build raises one where the shape needs
# more to stay free of creases (MAX_CREASE). The whole scene must stay under 600,000.
BUDGET = {
    "femur": 22000,
    "tibia": 8000,
    "fibula": 5000,
    "patella": 1400,
    "hip_bone": 31000,
    "sacrum": 16000,
    "coccyx": 2000,
    "l5_vertebra": 12000,
    "gluteus_maximus": 20000,
    "gluteus_medius": 16000,
    "gluteus_minimus": 14400,
    "piriformis": 5500,
    "tensor_fasciae_latae": 6000,
    "iliotibial_tract": 7000,
    "superior_gluteal_nerve": 2000,
    "inferior_gluteal_nerve": 1400,
    "sciatic_nerve": 6000,
    "superior_gluteal_artery": 3500,
    "inferior_gluteal_artery": 2600,
    "sacrotuberous_ligament": 2600,
    "sacrospinous_ligament": 2000,
    "trochanteric_bursa": 1800,
    "gluteus_minimus_bursa": 2000,
}


MUSCLES = {
    "gluteus_maximus",
    "gluteus_medius",
    "gluteus_minimus",
    "piriformis",
    "tensor_fasciae_latae",
    "iliotibial_tract",
    *PARAMETERS.get("sheets", {}),
}
MAX_CREASE = 39.0
"""Every mesh is held under the 40-degree crease limit of tests/test_meshes.py: a budget
too small for a shape is raised until it is (see meshing.finalize)."""


def log(*a):
    print(*a, flush=True)


class Scene:
    def __init__(self, params):
        self.P = params
        for section in ("tubes", "openings", "sheets", "bursae"):
            for name, spec in params.get(section, {}).items():
                BUDGET[name] = spec["budget"]
        self.H = np.array(params["hip_joint_centre"], float)
        self.meshes = {}  # id (no side) -> trimesh, right side / midline
        self.fields = {}  # id -> GridField
        self.models = {}
        self.fibres = {}  # sheet id -> its fibres' centres, origin to insertion

    # ------------------------------------------------------------------
    def add(self, name, field, lo, hi, h, keep_field=True, symmetric=False, **kw):
        t = time.time()
        if symmetric:  # midline structure: exactly symmetric about z = 0
            tm, (D, dims, origin, hh) = symmetric_mesh_from_field(
                field, lo, hi, h, BUDGET[name], **kw
            )
            D = np.concatenate([D[:0:-1], D], axis=0)  # mirror the half grid for later lookups
            origin = np.array([origin[0], origin[1], -hh * (dims[2] - 1)])
            dims = np.array([dims[0], dims[1], 2 * dims[2] - 1])
        else:
            kw.setdefault("max_crease", MAX_CREASE)
            tm, (D, dims, origin, hh) = mesh_from_field(
                field, lo, hi, h, BUDGET[name], return_grid=True, **kw
            )
        self.meshes[name] = tm
        if keep_field:
            self.fields[name] = GridField(D, dims, origin, hh)
        log(
            f"  {name:28s} {len(tm.faces):7d} tris  ok={check(tm)}  "
            f"p99.9={dihedral_p999(tm):5.1f}deg  {time.time() - t:5.1f}s"
        )
        self.data_entries(after=name)
        return tm

    DATA_SECTIONS = ("openings", "tubes", "sheets", "bursae")

    def data_entries(self, after=None):
        """Build the parameters' data entries that wait for ``after`` (those with no
        ``after`` when None), each once, in file order within each section."""
        builders = {
            "openings": self.opening,
            "tubes": self.tube,
            "sheets": self.data_sheet,
            "bursae": self.data_bursa,
        }
        for section in self.DATA_SECTIONS:
            for name, spec in self.P.get(section, {}).items():
                if spec.get("after") == after and name not in self.meshes:
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
        self.add("sacrum", sac.field, lo, hi, 0.9, symmetric=True)
        coc = Coccyx(P, sac)
        self.models["coccyx"] = coc
        lo, hi = coc.bounds()
        self.add("coccyx", coc.field, lo, hi, 0.6, symmetric=True)
        l5 = L5(P, sac)
        self.models["l5_vertebra"] = l5
        lo, hi = l5.bounds()
        self.add(
            "l5_vertebra", l5.field, lo, hi, 0.8, symmetric=True, smooth_iter=60, pass_band=0.04
        )

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
    ):
        """Muscle / fascia / ligament sheet lofted through fibres, draped over
        ``drape_over`` (default: ``deeper``) and cut away from ``deeper``. ``heads``: further
        (fibres, radii, n_across) groups of the same muscle (its other heads), lofted on
        their own and joined to it, so no web spans the gap between two heads' origins."""
        drape_over = deeper if drape_over is None else drape_over
        grids, thickness = [], []
        for f, r, n in [(fibres, radii, n_across), *heads]:
            S, R = loft(f, r, n, n_along)
            grids.append(S if drape_over is None else fair_drape(S, R, drape_over, frac=frac))
            thickness.append(R)
        C, R = np.concatenate(grids), np.concatenate(thickness)
        self.fibres[name] = C  # (n_across, n_along, 3): where each vertex's fibre runs
        model = SheetModel(C, R, deeper=deeper, gap=gap, k_cut=4.0)
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
        self, name, branches, deeper=None, h=0.7, target_gap=None, cover=None, frac=-0.25
    ):
        """branches: list of (control points, radii). Control points may be snapped to
        lie on the surface of deeper layers when target_gap is given. ``cover``: the
        muscle the tube runs deep to (or enters from its deep side); no part of the tube
        is left showing through its outer surface. ``frac``: how far each ball's centre stays
        outside the deeper layers, in radii (below 0 the tube sinks into them; 1 lies on them)."""
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
        return self.add(name, field, lo, hi, h, smooth_iter=60, pass_band=0.04)

    # ------------------------------------------------------------------
    def soft(self):
        hip = self.models["hip_bone"]
        F = self.femur_pt

        def W(u, v, extra=-1.0):
            return hip.wing_point(u, v, +1, extra)[0]

        bones = ["hip_bone", "femur", "sacrum", "coccyx"]

        # --- bursae -----------------------------------------------------
        # gluteus minimus bursa: between the minimus tendon and the anterior facet
        # of the greater trochanter
        gmb_c = snap([F((6, -14, 50))], self.fields["femur"], 1.0)[0]
        ngm = grad(self.fields["femur"], gmb_c[None])[0]
        self._bursa("gluteus_minimus_bursa", gmb_c, ngm, (9.0, 11.0, 2.2), up=(0, 1, 0))

        # --- gluteus minimus ------------------------------------------
        # origin: outer ilium between the anterior and inferior gluteal lines [GRAY];
        # insertion: anterior facet of the greater trochanter ([RAJ]/[LAI] glmin1-3)
        ins_min = [F((4, -15, 53)), F((1, -10, 52)), F((-3, -6, 51)), F((-7, -3, 50))]
        orig_min = [W(0.05, 0.42), W(0.2, 0.3), W(0.38, 0.38), W(0.56, 0.6), W(0.7, 0.82)]
        fib = []
        for i, o in enumerate(orig_min):
            t = i / (len(orig_min) - 1)
            ins = ins_min[min(int(round(t * 3)), 3)]
            lower = W(0.05 + 0.6 * t, 0.97, 5.0)
            fib.append(
                [o, 0.55 * o + 0.45 * lower, lower, 0.5 * lower + 0.5 * ins + [0, 0, 10], ins]
            )
        R = np.array([profile(np.linspace(0, 1, 80), 3.6, 7.5, 3.2, peak=0.45) for _ in fib])
        self.sheet(
            "gluteus_minimus",
            fib,
            R,
            self.deeper(bones),
            drape_over=self.deeper(bones + ["gluteus_minimus_bursa"]),
        )

        # --- gluteus medius -----------------------------------------------
        # origin: outer ilium between the anterior and posterior gluteal lines and the crest;
        # insertion: lateral facet of the greater trochanter ([RAJ] glmed1-3, [LAI])
        ins_med = [F((-10, -18, 57)), F((-18, -11, 56)), F((-25, -6, 53)), F((-31, -4, 51))]
        orig_med = [
            W(0.14, 0.12),
            W(0.3, 0.1),
            W(0.48, 0.1),
            W(0.64, 0.12),
            W(0.8, 0.16),
            W(0.86, 0.45),
        ]
        fib = []
        for i, o in enumerate(orig_med):
            t = i / (len(orig_med) - 1)
            ins = ins_med[min(int(round(t * 3)), 3)]
            mid = W(0.1 + 0.7 * t, 0.55 + 0.2 * t, 12.0)
            low = W(0.12 + 0.6 * t, 0.95, 16.0)
            fib.append([o, 0.5 * o + 0.5 * mid, mid, low, 0.4 * low + 0.6 * ins + [0, 0, 4], ins])
        R = np.array([profile(np.linspace(0, 1, 90), 3.5, 11.0, 4.0, peak=0.5) for _ in fib])
        self.sheet(
            "gluteus_medius", fib, R, self.deeper(bones + ["gluteus_minimus"]), n_along=90, frac=0.9
        )

        # --- piriformis ---------------------------------------------------
        # origin: pelvic surface of the sacrum S2-S4 lateral to the anterior foramina;
        # through the greater sciatic foramen; insertion: upper border of the greater
        # trochanter ([RAJ] piri insertion) [GRAY], [PIRI]
        pins = F((-14.8, -3.6, 43.7))
        so = [
            self._sacrum_pelvic(0.35, 24),
            self._sacrum_pelvic(0.5, 26),
            self._sacrum_pelvic(0.66, 24),
        ]
        fib = []
        for i, o in enumerate(so):
            via = np.array([-104.0, -60.0 - 4 * (i - 1), 60.0])
            fib.append([o, o + [-6, 0, 14], via, 0.5 * via + 0.5 * pins + [-8, 0, 0], pins])
        R = np.array([profile(np.linspace(0, 1, 80), 5.0, 11.0, 3.0, peak=0.4) for _ in fib])
        R[0] *= 0.8
        R[-1] *= 0.8
        self.sheet(
            "piriformis",
            fib,
            R,
            # cut from the bones and gluteus minimus only: the tendon runs under the lower
            # border of gluteus medius to the greater trochanter, and cutting it from medius
            # as well would sever it short of its insertion
            self.deeper(bones + ["gluteus_minimus"]),
            n_across=20,
            frac=0.35,
        )

        # --- sciatic, inferior gluteal nerve and artery (below piriformis) -------
        # the sciatic nerve lies on the short rotators (data entries built after piriformis)
        rotators = ["superior_gemellus", "obturator_internus", "inferior_gemellus"]
        rotators += ["quadratus_femoris"]
        deep_low = self.deeper(
            bones + ["piriformis", "gluteus_medius", "gluteus_minimus", *rotators]
        )
        sci = [
            *hip.place(
                np.array([[-88, -34, 30], [-96, -58, 44], [-106, -78, 64], [-108, -104, 80]])
            ),
            self.with_thigh([-104, -135, 86], 0.5),
            self.with_thigh([-104, -200, 86]),
            self.with_thigh([-96, -280, 84]),
            self.with_thigh([-90, -360, 80]),
            self.with_thigh([-86, -420, 78]),
        ]
        self.tube_struct(
            "sciatic_nerve",
            [(sci, [7.0, 8.0, 9.0, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5])],
            deeper=deep_low,
            h=0.9,
            frac=1.0,  # on the short rotators and piriformis, not sunk into them
        )
        # --- ligaments ------------------------------------------------------
        p = hip.placed_landmarks()
        lig_deep = self.deeper(bones)
        # sacrospinous: triangular, from the lateral margin of the lower sacrum and
        # coccyx to the ischial spine
        ss_o = [
            self._sacrum_lateral(0.72),
            self._sacrum_lateral(0.86),
            self._sacrum_lateral(1.0) + [2, -8, -2],
        ]
        spine = p["ischial_spine"]
        fib = [[o, 0.5 * o + 0.5 * spine + [-4, 0, 0], spine + [0, 0, -2]] for o in ss_o]
        R = np.full((3, 40), 2.6)
        self.sheet(
            "sacrospinous_ligament", fib, R, lig_deep, h=0.6, n_across=30, n_along=40, frac=0.6
        )
        # sacrotuberous: from the PSIS, PIIS and lateral sacrum/coccyx, narrowing and twisting
        # to the medial margin of the ischial tuberosity [GRAY]
        st_o = [
            p["psis"] + [-4, -6, -6],
            p["piis"] + [-8, 0, -12],
            self._sacrum_lateral(0.6, dorsal=True),
            self._sacrum_lateral(0.85, dorsal=True),
            self._sacrum_lateral(1.0, dorsal=True) + [0, -10, 0],
        ]
        tub = p["ischial_tuberosity"]
        st_i = [
            tub + [-6, 10, -6],
            tub + [-4, 6, -8],
            tub + [-2, 2, -9],
            tub + [0, -2, -9],
            tub + [2, -6, -8],
        ]
        mid_c = np.array([-122.0, -80.0, 36.0])
        fib = []
        for i in range(5):
            t = (i - 2) / 2.0
            fib.append([st_o[i], 0.5 * st_o[i] + 0.5 * mid_c, mid_c + [0, 5 * t, 3 * t], st_i[i]])
        R = np.full((5, 60), 3.0)
        self.sheet(
            "sacrotuberous_ligament",
            fib,
            R,
            self.deeper(bones + ["sacrospinous_ligament"]),
            h=0.7,
            n_across=40,
            n_along=60,
            frac=0.6,
        )

        # --- trochanteric bursa ------------------------------------------
        tb_c = snap([F((-26, -30, 50))], self.fields["femur"], 1.5)[0]
        ntb = grad(self.fields["femur"], tb_c[None])[0]
        self._bursa(
            "trochanteric_bursa",
            tb_c,
            ntb,
            (16.0, 24.0, 3.0),
            up=(0, 1, 0),
            extra=["gluteus_medius"],
        )

        # --- gluteus maximus ---------------------------------------------
        # origin: posterior ilium behind the posterior gluteal line, dorsal sacrum, side of
        # the coccyx, sacrotuberous ligament; insertion: iliotibial tract (upper and superficial
        # fibres) and gluteal tuberosity (deep lower fibres) ([RAJ] glmax1-3 paths) [GRAY] [STERN]
        orig_max = [
            W(0.86, 0.04, -1.5),
            W(0.93, 0.2, -1.5),
            p["psis"] + [-6, -4, -4],
            self._sacrum_dorsal(0.3, 30),
            self._sacrum_dorsal(0.5, 26),
            self._sacrum_dorsal(0.7, 20),
            self._sacrum_dorsal(0.92, 14),
            [-124, -92, 22],
            [-116, -104, 36],
        ]
        T = self.with_thigh
        ins_max = [
            T([-70, -72, 150]),
            T([-74, -96, 148]),
            T([-78, -118, 146]),
            T([-80, -140, 144]),
            T([-80, -160, 140]),
            F((-24, -95, 44)),
            F((-19, -112, 42)),
            F((-14, -128, 41)),
            F((-10, -142, 41)),
        ]
        fib = []
        m = len(orig_max)
        for i in range(m):
            t = i / (m - 1)
            o = np.asarray(orig_max[i], float)
            ins = np.asarray(ins_max[i], float)
            mid = 0.5 * o + 0.5 * ins + np.array([-30.0 + 8 * t, 0, 4.0])
            fib.append(
                [o, 0.7 * o + 0.3 * mid + [-6, 0, 0], mid, 0.3 * mid + 0.7 * ins + [-6, 0, 0], ins]
            )
        v = np.linspace(0, 1, 90)
        R = np.array(
            [profile(v, 4.5, 13.0 - 3 * abs(i / (m - 1) - 0.5), 4.0, peak=0.45) for i in range(m)]
        )
        self.sheet(
            "gluteus_maximus",
            fib,
            R,
            self.deeper(
                bones
                + ["gluteus_medius", "gluteus_minimus", "piriformis", "sacrotuberous_ligament"]
                + ["sciatic_nerve"]  # which it covers: the nerve lies in a groove under it
            ),
            drape_over=self.deeper(
                bones
                + [
                    "gluteus_medius",
                    "gluteus_minimus",
                    "piriformis",
                    "sciatic_nerve",
                    "sacrotuberous_ligament",
                    "trochanteric_bursa",
                ]
            ),
            h=1.3,
            n_across=50,
            n_along=90,
            frac=0.9,
        )

        # --- superior gluteal nerve and artery (between medius and minimus) -----
        deep_sg = self.deeper(bones + ["gluteus_minimus"])
        notch = hip.place(np.array(self.P["pelvis"]["greater_sciatic_notch"], float))
        sgn_in = [*hip.place(np.array([[-84, -8, 34], [-96, -30, 48]])), notch + [-6, -6, -4]]
        sgn_out = snap(
            [W(0.72, 0.62, 14), W(0.5, 0.55, 14), W(0.3, 0.5, 14), W(0.12, 0.45, 14)], deep_sg, 3.5
        )
        self.tube_struct(
            "superior_gluteal_nerve",
            [
                (
                    np.vstack([sgn_in, sgn_out, [F((30, -60, 70))]]),
                    [3.5, 3.5, 3.2, 3.0, 2.8, 2.5, 2.4, 2.2],
                )
            ],
            deeper=self.deeper(bones + ["gluteus_minimus"]),
            h=0.6,
            cover="gluteus_maximus",
        )
        sga_in = [*hip.place(np.array([[-80, 2, 38], [-94, -26, 50]])), notch + [-8, -3, -2]]
        sga_deep = snap(
            [W(0.78, 0.5, 14), W(0.55, 0.4, 14), W(0.3, 0.3, 14), W(0.12, 0.2, 14)], deep_sg, 3.0
        )
        sga_inf = snap([W(0.6, 0.75, 14), W(0.4, 0.8, 14), F((-5, -5, 60))], deep_sg, 3.0)
        sga_sup = [notch + [-20, -2, 6], notch + [-40, 8, 18], W(0.95, 0.3, 30)]
        trunk = np.vstack([sga_in, [notch + [-12, -4, 2]]])
        self.tube_struct(
            "superior_gluteal_artery",
            [
                (trunk, [3.6, 3.4, 3.3, 3.2]),
                (np.vstack([trunk[-1:], sga_deep]), [3.0, 2.6, 2.4, 2.2, 2.0]),
                (np.vstack([sga_deep[:1], sga_inf]), [2.4, 2.2, 2.0, 1.8]),
                (np.vstack([trunk[-1:], sga_sup]), [2.8, 2.6, 2.3, 2.0]),
            ],
            deeper=self.deeper(bones + ["gluteus_minimus"]),
            h=0.55,
            cover="gluteus_maximus",
        )

        # --- inferior gluteal nerve and artery (below piriformis, into gluteus maximus) ---
        ign = hip.place(
            np.array(
                [
                    [-90, -38, 30],
                    [-98, -60, 46],
                    [-110, -74, 60],
                    [-124, -78, 74],
                    [-136, -74, 88],
                    [-144, -66, 100],
                ]
            )
        )
        self.tube_struct(
            "inferior_gluteal_nerve",
            [(ign, [3.2, 3.2, 3.0, 2.8, 2.6, 2.4])],
            deeper=self.deeper(bones + ["piriformis", "sciatic_nerve"]),
            h=0.55,
            cover="gluteus_maximus",
        )
        iga = hip.place(
            np.array(
                [[-82, -24, 30], [-94, -50, 38], [-104, -72, 52], [-116, -84, 64], [-132, -88, 78]]
            )
        )
        iga_b1 = hip.place(np.array([[-116, -84, 64], [-136, -78, 92], [-146, -66, 108]]))
        iga_b2 = hip.place(np.array([[-116, -84, 64], [-128, -106, 80], [-134, -128, 90]]))
        self.tube_struct(
            "inferior_gluteal_artery",
            [
                (iga, [3.2, 3.0, 2.8, 2.6, 2.3]),
                (iga_b1, [2.2, 2.0, 1.8]),
                (iga_b2, [2.2, 2.0, 1.8]),
            ],
            deeper=self.deeper(bones + ["piriformis", "sciatic_nerve", "inferior_gluteal_nerve"]),
            h=0.5,
            cover="gluteus_maximus",
        )

        # --- tensor fasciae latae --------------------------------------------
        # origin: outer lip of the iliac crest behind the ASIS ([RAJ] tfl origin);
        # joins the iliotibial tract in the upper third of the thigh ([RAJ] tfl via point)
        tfl_o = [p["asis"] + [-4, 2, 4], W(0.06, 0.02, -2.0), W(0.12, 0.01, -2.0)]
        tfl_i = [F((30, -100, 58)), F((22, -106, 62)), F((14, -112, 64))]
        fib = []
        for o, i in zip(tfl_o, tfl_i, strict=True):
            mid = 0.5 * o + 0.5 * i + np.array([6.0, 0, 10.0])
            fib.append([o, mid, i])
        R = np.array([profile(np.linspace(0, 1, 70), 3.5, 8.5, 2.5, peak=0.4) for _ in fib])
        self.sheet(
            "tensor_fasciae_latae",
            fib,
            R,
            self.deeper(bones + ["gluteus_medius", "gluteus_minimus"]),
            n_across=24,
            n_along=70,
        )

        # --- iliotibial tract --------------------------------------------
        # thickened fascia lata from the iliac tubercle over the greater trochanter to the
        # lateral tibial condyle (Gerdy's tubercle, [RAJ] tfl tibial point) [GRAY]
        gerdy = F((6.3, -437.0, 34.6))
        T = self.with_thigh
        lines = []
        for w in (-1.0, 0.0, 1.0):
            lines.append(
                [
                    np.array([-48.0, -40.0, 152.0]) + [16 * w, 0, 0],
                    T([-52.0, -100.0, 154.0]) + [18 * w, 0, -2 * w],
                    T([-46.0, -180.0, 150.0]) + [14 * w, 0, 0],
                    T([-46.0, -300.0, 129.0]) + [10 * w, 0, 0],
                    T([-48.0, -420.0, 119.0]) + [8 * w, 0, 0],
                    gerdy + [6 * w, 0, 2],
                ]
            )
        R = np.full((3, 120), 4.2)
        self.sheet(
            "iliotibial_tract",
            lines,
            R,
            self.deeper(["femur", "gluteus_maximus", "tensor_fasciae_latae", "gluteus_medius"]),
            h=0.8,
            n_across=30,
            n_along=120,
            frac=-0.6,
        )

    # ------------------------------------------------------------------
    def tube(self, name, spec):
        """A ``tubes`` entry: a nerve or vessel along its course."""
        self.tube_struct(
            name,
            [(np.array(spec["course"], float), spec["radii"])],
            deeper=self.deeper(spec["deeper"]),
            h=0.5,
            cover=spec.get("cover"),
            frac=spec.get("frac", -0.25),
        )

    # ------------------------------------------------------------------
    def point(self, spec):
        """A point of a data entry: ``[x, y, z]`` in the pelvis frame as built;
        ``{femur: [dx, dy, dz]}`` from the hip centre; ``{surface: mesh, near: [x, y, z]}`` the
        closest point of that built mesh's surface (an attachment that lies on the bone)."""
        if isinstance(spec, dict) and "femur" in spec:
            return self.femur_pt(spec["femur"])
        if isinstance(spec, dict):
            tm = self.meshes[spec["surface"]]
            pd = pv.PolyData(
                np.asarray(tm.vertices, float),
                np.hstack([np.full((len(tm.faces), 1), 3), tm.faces]).ravel(),
            )
            return closest_point(pd, np.asarray(spec["near"], float))
        return np.asarray(spec, float)

    def data_sheet(self, name, spec):
        """A ``sheets`` entry: a muscle lofted through its fibres (origin, via points,
        insertion), with a thickness profile along them, draped over what it lies on and
        cut away from it; a muscle with several heads lists the others under ``heads``."""
        n_along = spec.get("n_along", 60)
        v = np.linspace(0, 1, n_along)

        def group(g):
            fibres = [[self.point(p) for p in fibre] for fibre in g["fibres"]]
            ends, middle = g["radii"]["ends"], g["radii"]["middle"]
            peak = g["radii"].get("peak", 0.45)
            radii = np.array([profile(v, ends[0], middle, ends[1], peak=peak) for _ in fibres])
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
        )

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
        """A ``bursae`` entry: a flattened sac lying on a bone under the tendons."""
        bone = spec["bone"]
        c = self.point({"surface": bone, "near": spec["near"]})
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

    def _sacrum_pelvic(self, frac, z):
        s = self.models["sacrum"]
        j = int(frac * (len(s.mid) - 1))
        start = s.mid[j] + s.dors[j] * s.thick[j] + [0, 0, z]
        return ray_to_surface(self.meshes["sacrum"], start - s.dors[j] * 60, s.dors[j])

    def _sacrum_dorsal(self, frac, z):
        s = self.models["sacrum"]
        j = int(frac * (len(s.mid) - 1))
        start = s.mid[j] + s.dors[j] * s.thick[j] + [0, 0, z]
        return ray_to_surface(self.meshes["sacrum"], start + s.dors[j] * 60, -s.dors[j])

    def _sacrum_lateral(self, frac, dorsal=False):
        s = self.models["sacrum"]
        j = min(int(frac * (len(s.mid) - 1)), len(s.mid) - 1)
        start = s.mid[j] + s.dors[j] * s.thick[j] * (1.6 if dorsal else 0.8) + [0, 0, 80]
        return ray_to_surface(self.meshes["sacrum"], start, [0, 0, -1])


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
        import pyvista as pv

        tm = M[mesh]
        pd = pv.PolyData(
            np.asarray(tm.vertices, float),
            np.hstack([np.full((len(tm.faces), 1), 3), tm.faces]).ravel(),
        )
        return closest_point(pd, pt)

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
    sb["dorsal_upper"] = sc._sacrum_dorsal(0.3, 14)
    sb["dorsal_lower"] = sc._sacrum_dorsal(0.72, 12)
    sb["lateral_margin_lower"] = sc._sacrum_lateral(0.78)
    sb["pelvic_s2"] = sc._sacrum_pelvic(0.42, 24)
    sb["pelvic_s3"] = sc._sacrum_pelvic(0.6, 20)
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
    out["l5_vertebra"] = {
        "body_centre": sc.models["l5_vertebra"].centre.copy(),
        "spinous_process": ray(
            "l5_vertebra",
            sc.models["l5_vertebra"].centre + sc.models["l5_vertebra"].back * 40,
            [-1, 0, 0],
        ),
    }
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
    "gluteus_maximus",
    "gluteus_medius",
    "gluteus_minimus",
    "piriformis",
    "tensor_fasciae_latae",
    "iliotibial_tract",
    "superior_gluteal_nerve",
    "inferior_gluteal_nerve",
    "sciatic_nerve",
    "superior_gluteal_artery",
    "inferior_gluteal_artery",
    "sacrotuberous_ligament",
    "sacrospinous_ligament",
    "trochanteric_bursa",
    "gluteus_minimus_bursa",
    # built from the parameters' data entries, with no code of their own:
    *PARAMETERS.get("tubes", {}),
    *PARAMETERS.get("openings", {}),
    *PARAMETERS.get("sheets", {}),
    *PARAMETERS.get("bursae", {}),
]
MIDLINE = ["sacrum", "coccyx", "l5_vertebra"]


def build(out_dir):
    t0 = time.time()
    sc = Scene(PARAMETERS)
    log("bones")
    sc.bones()
    log("soft tissues")
    sc.soft()
    log("the other data entries")
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
