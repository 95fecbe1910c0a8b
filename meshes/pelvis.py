"""Right hip bone, sacrum and coccyx as signed-distance fields (the lumbar vertebrae: spine.py).

The hip bone is modelled on its medial skeleton: the iliac wing is a curved
sheet (a Coons patch spanned by the iliac crest, the anterior border, the
posterior border and the supra-acetabular line) with a thickness that grows from
the thin centre of the wing to the crest and the body; the acetabulum is a thick
cup around the hip joint centre (socket, lunate surface, fossa and notch); the
ischium and the pelvic brim are tubes of varying radius along their axes; the pubis
and the ischium around the obturator foramen are a broad plate, the foramen an oval
cut through it, with the rami as thicker bars at its margins.
"""

from __future__ import annotations

import numpy as np

from .sdf import (
    Balls,
    coons,
    curve_n,
    ellipsoid,
    gen_cylinder,
    halfspace,
    round_cone,
    smax,
    smin,
    sphere,
    ssub,
    tube_balls,
    unit,
)


def strap(ctrl, broad, half_width, radii, step=0.6):
    """Flattened bar: a sheet of balls swept across +-half_width along ``broad`` (a
    direction in the plane of the bar), so the section is a rounded rectangle."""
    ctrl = np.asarray(ctrl, float)
    b = unit(broad)
    w = np.asarray(half_width, float)[:, None]
    rows = [tube_balls(ctrl + f * w * b, radii, step=step)[1:] for f in np.linspace(-1, 1, 11)]
    pts = np.vstack([q for q, _ in rows])
    rad = np.concatenate([r for _, r in rows])
    return Balls(pts, rad, k=8)


def _densify(course, n):
    """``n`` points per segment of a polyline of (u, v) pairs, ends included."""
    course = np.asarray(course, float)
    t = np.linspace(0, len(course) - 1, n * (len(course) - 1) + 1)
    return np.c_[
        np.interp(t, np.arange(len(course)), course[:, 0]),
        np.interp(t, np.arange(len(course)), course[:, 1]),
    ]


def acetabular_axis(incl_deg, av_deg):
    """Opening direction of the right acetabulum (radiographic definitions, [MURR])."""
    ri, ra = np.radians(incl_deg), np.radians(av_deg)
    return unit([np.sin(ra), -np.cos(ra) * np.cos(ri), np.cos(ra) * np.sin(ri)])


class HipBone:
    NU, NV = 90, 70
    TEMPLATE_HIP_CENTRE = np.array([-56.276, -78.49, 77.26])
    """Hip centre that the control points below are drawn around (the Rajagopal model's,
    [RAJ]). The bone is carried from it to the parameter file's hip centre by a smooth
    displacement that fades with distance (``SHIFT_REACH``): the acetabulum follows the
    femoral head (to within 1 mm), the body and rami around it go most of the way, the crest,
    the auricular surface and the symphysis stay within ~1 mm, so the pubis lengthens or
    shortens as a wider or narrower hip would."""
    SHIFT_REACH = 45.0
    """Standard deviation (mm) of the Gaussian weight of that displacement."""
    OBTURATOR_NORMAL = unit([0.6, -0.1, 0.8])
    """The obturator foramen faces forwards, outwards and a little down [GRAY]; the pubic
    rami are broad in its plane."""

    def __init__(self, P):
        pp = P["pelvis"]
        self.p = {k: np.array(v, float) for k, v in pp.items() if isinstance(v, list)}
        self.H = np.array(P["hip_joint_centre"], float)
        self.shift = self.H - self.TEMPLATE_HIP_CENTRE
        self.ra = pp["acetabulum_radius"]
        self.a = acetabular_axis(pp["acetabulum_inclination"], pp["acetabulum_anteversion"])
        self._wing()
        self._tubes()
        self._obturator_plate()

    # ------------------------------------------------------------------
    def _wing(self):
        p = self.p
        # iliac crest: S-shaped seen from above, tubercle the most lateral point [GRAY]
        top = curve_n(self.crest_ctrl(), self.NU)
        # lower boundary: above the acetabulum, from the AIIS to the apex of the
        # greater sciatic notch
        bottom = curve_n(
            [p["aiis"], [-32, -46, 88], [-56, -50, 79], [-76, -50, 71], p["greater_sciatic_notch"]],
            self.NU,
        )
        left = curve_n([p["asis"], [-12, -20, 110], p["aiis"]], self.NV)
        right = curve_n(
            [p["psis"], [-130, 6, 44], p["piis"], [-104, -34, 60], p["greater_sciatic_notch"]],
            self.NV,
        )
        S = coons(top, bottom, left, right, self.NU, self.NV)
        u = np.linspace(0, 1, self.NU)[None, :]
        v = np.linspace(0, 1, self.NV)[:, None]
        # the iliac fossa: the middle of the wing bulges laterally a little [GRAY]
        bul = 6.0 * np.sin(np.pi * u) ** 1.2 * np.sin(np.pi * v) ** 1.0
        nrm = self._normals(S)
        S = S + bul[..., None] * nrm
        self.S = S
        self.Sn = self._normals(S)
        # half thickness: thin centre, thick crest, thick body and posterior (auricular) part
        t = (
            2.6
            + 3.2 * np.exp(-v / 0.07)
            + 9.0 * v**3
            + 6.0 * np.clip((u - 0.78) / 0.22, 0, 1) ** 2 * (1 - 0.5 * v)
        )
        t = t + 2.0 * np.exp(-(((u - 0.28) / 0.08) ** 2)) * np.exp(-v / 0.06)  # tubercle
        self.St = t
        self.wing = Balls(S.reshape(-1, 3), t.ravel(), k=6)

    def crest_ctrl(self):
        """Iliac crest: S-shaped seen from above (anterior part convex laterally, posterior
        part curving medially to the PSIS), highest behind its middle [GRAY]."""
        p = self.p
        return [
            p["asis"],
            [-20, 16, 128],
            p["iliac_tubercle"],
            [-72, 44, 126],
            p["iliac_crest_summit"],
            [-118, 58, 86],
            [-132, 48, 62],
            p["psis"],
        ]

    @staticmethod
    def _normals(S):
        du = np.gradient(S, axis=1)
        dv = np.gradient(S, axis=0)
        n = np.cross(dv, du)
        n /= np.linalg.norm(n, axis=-1, keepdims=True)
        # orient laterally (+z) on average
        if n[..., 2].mean() < 0:
            n = -n
        return n

    def wing_point(self, u, v, side=+1, extra=0.0, placed=True):
        """Point on the outer (side=+1, gluteal) or inner (-1, iliac fossa) surface
        of the wing sheet, on the built bone (``placed``) or around the template centre."""
        iu = u * (self.NU - 1)
        iv = v * (self.NV - 1)
        i0, j0 = int(np.floor(iv)), int(np.floor(iu))
        i0 = min(i0, self.NV - 2)
        j0 = min(j0, self.NU - 2)
        fi, fj = iv - i0, iu - j0

        def bil(A):
            return (
                (1 - fi) * (1 - fj) * A[i0, j0]
                + (1 - fi) * fj * A[i0, j0 + 1]
                + fi * (1 - fj) * A[i0 + 1, j0]
                + fi * fj * A[i0 + 1, j0 + 1]
            )

        c, n, t = bil(self.S), unit(bil(self.Sn)), bil(self.St)
        q = c + side * (t + extra) * n
        return (self.place(q) if placed else q), side * n

    def _shift_weight(self, P):
        r2 = ((np.asarray(P, float) - self.TEMPLATE_HIP_CENTRE) ** 2).sum(-1)
        return np.exp(-r2 / (2 * self.SHIFT_REACH**2))

    def placed_landmarks(self):
        """The parameter file's pelvic landmarks (drawn around the template centre) where
        they lie on the built bone."""
        return {k: self.place(v) for k, v in self.p.items()}

    def place(self, q):
        """Where a point drawn around ``TEMPLATE_HIP_CENTRE`` lies on the built bone: the
        inverse of the displacement that ``field`` undoes (a fixed-point solve: the weight
        changes slowly, so each step shrinks the error several times over)."""
        q = np.asarray(q, float)
        P = q
        for _ in range(8):
            P = q + self._shift_weight(P)[..., None] * self.shift
        return P

    # the three gluteal lines on the outer surface of the wing, as (u, v) courses over the
    # wing sheet (u: 0 front to 1 back; v: 0 crest to 1 above the acetabulum) [GRAY]:
    # posterior, from the crest ~5 cm in front of the PSIS down to near the PIIS;
    # anterior, the longest, from the crest ~4 cm behind the ASIS arching back and down
    # to the upper greater sciatic notch; inferior, from above the AIIS back to the apex
    # of the notch. Low ridges (~1.5 mm) that carry the origins of the gluteal muscles.
    GLUTEAL_LINES = {
        "posterior": [(0.79, 0.05), (0.82, 0.22), (0.85, 0.42), (0.88, 0.6)],
        "anterior": [(0.3, 0.05), (0.42, 0.3), (0.55, 0.5), (0.66, 0.7), (0.74, 0.86)],
        "inferior": [(0.12, 0.86), (0.25, 0.9), (0.38, 0.92), (0.52, 0.95)],
    }
    GLUTEAL_LINE_RADIUS = 3.0
    GLUTEAL_LINE_HEIGHT = 1.0

    def _tubes(self):
        p = self.p
        # gluteal lines: tubes sunk into the outer surface, leaving a low ridge
        lines = []
        for course in self.GLUTEAL_LINES.values():
            pts = [
                self.wing_point(
                    u, v, +1, self.GLUTEAL_LINE_HEIGHT - self.GLUTEAL_LINE_RADIUS, placed=False
                )[0]
                for u, v in _densify(course, 4)
            ]
            lines.append(tube_balls(pts, [self.GLUTEAL_LINE_RADIUS] * len(pts), step=0.6)[1:])
        self.gluteal_lines = Balls(
            np.vstack([q for q, _ in lines]), np.concatenate([r for _, r in lines]), k=8
        )
        # crest (outer and inner lips fused)
        crest_pts = curve_n(self.crest_ctrl(), 40)
        rad = 4.6 + 1.6 * np.exp(-(((np.arange(40) - 11) / 4.0) ** 2))
        self.crest, _, _ = tube_balls(crest_pts, rad, step=0.6, smooth=False)
        # pelvic brim (arcuate line and pecten pubis) to the pubic tubercle
        self.brim, _, _ = tube_balls(
            [
                [-106, -12, 48],
                [-94, -34, 58],
                [-78, -58, 64],
                [-52, -72, 63],
                [-30, -80, 55],
                [-14, -86, 38],
                p["pubic_tubercle"],
            ],
            [9.0, 9.0, 8.5, 8.0, 7.5, 6.5, 6.0],
            step=0.6,
        )
        # ischium: body down to the tuberosity
        self.isch_body, _, _ = tube_balls(
            [[-80, -84, 72], [-84, -104, 66], [-86, -122, 60]], [16.0, 14.0, 13.0], step=0.6
        )
        # anterior part of the ischial body below the acetabulum: its anterior border is the
        # posterior margin of the obturator foramen, which lies below and in front of the
        # acetabulum (inferior to the acetabular notch), not behind it [GRAY]
        self.isch_ant, _, _ = tube_balls(
            [[-66, -98, 68], [-69, -112, 62], [-74, -126, 57]], [5.4, 5.7, 5.1], step=0.6
        )
        # posterior border of the ischium: from the greater sciatic notch to the spine
        self.isch_post, _, _ = tube_balls(
            [
                p["greater_sciatic_notch"] + [-2, -6, -2],
                [-98, -72, 58],
                p["ischial_spine"] + [4, 0, 4],
            ],
            [9.0, 8.0, 5.0],
            step=0.6,
        )
        # ischial and pubic rami around the obturator foramen. The conjoined ischiopubic
        # ramus is a flattened bar, not a round rod: ~15-20 mm deep in the plane of the
        # foramen and ~8-10 mm thick, its lower margin everted for the crus of the penis /
        # clitoris [GRAY]; modelled as a strap (a sheet of balls across its depth).
        ram = np.array(
            [
                [-84, -140, 56],
                [-70, -146, 46],
                [-52, -142, 32],
                [-36, -134, 18],
                p["symphysis_bottom"] + [4, 4, 6],
            ]
        )
        self.ramus = strap(ram, [0, 1, 0], [8.0, 8.0, 7.2, 6.4, 4.8], [6.75, 5.25, 4.5, 4.5, 5.625])
        # the superior pubic ramus is a broad bar too, its breadth in the plane of the
        # obturator foramen from the pecten above to the obturator groove below [GRAY]
        sup = np.array([[-48, -74, 72], [-32, -82, 54], [-18, -88, 34], [-10, -94, 16]], float)
        broad = unit(np.cross(self.OBTURATOR_NORMAL, sup[-1] - sup[0]))
        self.sup_ramus = strap(sup, broad, [6.0, 6.0, 6.0, 4.2], [7.7, 6.3, 5.95, 6.3])

    OBTURATOR_PLATE_HALF_THICKNESS = 4.0

    def _obturator_plate(self):
        """The pubis and ischium around the obturator foramen are broad, flat plates, not
        rods [GRAY]: a sheet (a Coons patch like the wing's) spanned by the superior pubic
        ramus below the pecten, the symphysis, the lower border of the ischiopubic ramus and
        the anterior border of the ischium, ~8 mm thick. The rami and the ischial body stay
        as thicker margins on it, and the foramen is cut through it."""
        p = self.p
        st, sb = p["symphysis_top"], p["symphysis_bottom"]
        below_acetabulum = np.array([-50.0, -80.0, 66.0])
        pubis_top, pubis_bottom = st + [-2, 0, 8], sb + [-2, -2, 8]
        tuberosity_low = np.array([-86.0, -150.0, 56.0])
        top = curve_n([below_acetabulum, [-30, -84, 52], [-12, -90, 34], pubis_top], 40)
        bottom = curve_n(
            [tuberosity_low, [-70, -152, 46], [-50, -148, 30], [-34, -138, 16], pubis_bottom], 40
        )
        back = curve_n([below_acetabulum, [-66, -104, 66], [-76, -128, 60], tuberosity_low], 36)
        front = curve_n([pubis_top, pubis_bottom], 36)
        sheet = coons(top, bottom, back, front, 40, 36)
        self.obturator_plate = Balls(sheet.reshape(-1, 3), self.OBTURATOR_PLATE_HALF_THICKNESS, k=8)

    # ------------------------------------------------------------------
    def field(self, P):
        """Signed distance to the hip bone at its parameter hip centre (see
        ``TEMPLATE_HIP_CENTRE``); the symphyseal face stays in the parameter file's plane."""
        d = self._template_field(P - self._shift_weight(P)[..., None] * self.shift)
        st = self.p["symphysis_top"]
        return smax(d, -halfspace(P, [0, 0, st[2]], [0, 0, 1]), 2.0)

    def _template_field(self, P):
        p, a = self.p, self.a
        H = self.TEMPLATE_HIP_CENTRE
        d = self.wing(P)
        d = smin(d, self.gluteal_lines(P), 1.5)
        d = smin(d, self.crest(P), 5.0)
        # anterior and posterior spines
        d = smin(d, ellipsoid(P, p["asis"] + [-6, -2, -3], (6.5, 6.5, 5.5)), 4.0)
        d = smin(d, ellipsoid(P, p["aiis"] + [-7, 0, -4], (5.5, 8.0, 5.5)), 7.0)
        d = smin(d, ellipsoid(P, p["psis"] + [4, 0, 4], (8.0, 9.0, 7.0)), 5.0)
        d = smin(d, ellipsoid(P, p["piis"] + [4, 0, 2], (7.0, 8.0, 6.0)), 5.0)
        # posterior ilium: iliac tuberosity and auricular surface facing the sacrum
        d = smin(d, ellipsoid(P, [-126, 0, 44], (18.0, 28.0, 11.0)), 10.0)
        # the posterior end of the ilium curls medially behind the sacrum (PSIS, iliac tuberosity)
        d = smin(d, ellipsoid(P, [-138, -2, 34], (9.0, 22.0, 9.0)), 8.0)
        d = smin(d, self.brim(P), 6.0)
        # acetabular cup
        cup_c = H - 7.0 * a
        cup = sphere(P, cup_c, self.ra + 9.0)
        # medial (pelvic) surface of the acetabulum: the flat quadrilateral plate
        cup = smax(cup, halfspace(P, [0, 0, H[2] - self.ra - 5.5], [-0.15, 0.1, -1.0]), 8.0)
        d = smin(d, cup, 8.0)
        d = smin(d, self.isch_body(P), 8.0)
        d = smin(d, self.isch_ant(P), 8.0)
        d = smin(d, self.isch_post(P), 6.0)
        # ischial tuberosity: oval, posteroinferior, ~5 cm long from the level of the
        # lesser sciatic notch to its lower end, where the ischial ramus leaves it [GRAY]
        d = smin(d, ellipsoid(P, p["ischial_tuberosity"] + [0, 2, 2], (13.0, 26.0, 12.0)), 7.0)
        d = smin(
            d, round_cone(P, p["ischial_spine"] + [6, 0, 8], p["ischial_spine"], 6.0, 3.0), 4.0
        )
        d = smin(d, self.ramus(P), 8.0)
        d = smin(d, self.sup_ramus(P), 6.0)
        d = smin(d, self.obturator_plate(P), 4.0)
        # pubic body with the symphyseal surface: ~40 mm high, ~28 mm deep front to back
        # (axial thickness of the symphysis on CT 29.5 +/- 4.6 mm in men [KIMS])
        st, sb = p["symphysis_top"], p["symphysis_bottom"]
        body = gen_cylinder(
            P,
            st + [-2, 4, 0] + [0, 0, 10],
            sb + [-2, -2, 0] + [0, 0, 10],
            hint=(1, 0, 0),
            t_st=[0, 0.5, 1],
            r1_st=[13.0, 15.0, 12.0],
            r2_st=[8.0, 8.5, 7.5],
        )
        d = smin(d, body, 9.0)
        d = smax(d, -halfspace(P, [0, 0, st[2]], [0, 0, 1]), 2.0)  # symphyseal face
        # obturator foramen: an oval whose long axis runs from above and in front down and
        # back [GRAY]; its size and the direction of that axis are those of the CT bone's
        # foramen measured in its plane (no published mean was used)
        of_c = np.array([-40.0, -115.0, 46.0])
        of_n = self.OBTURATOR_NORMAL
        obt = gen_cylinder(
            P,
            of_c - 40 * of_n,
            of_c + 40 * of_n,
            hint=(-0.71, -0.52, 0.47),
            t_st=[0, 1],
            r1_st=[27.0, 27.0],
            r2_st=[16.5, 16.5],
        )
        d = ssub(d, obt, 4.0)
        # socket with a rounded rim; the acetabular fossa, a shallow pit towards the notch
        # inside the horseshoe of the lunate surface; the notch, a gap in the inferior rim
        # that reaches below the level of the rim [GRAY]
        d = ssub(d, sphere(P, H, self.ra), 3.0)
        d = ssub(d, self._rim_cut(P), 5.0)
        dn = unit(np.array([0.2, -1.0, 0.0]) - np.dot([0.2, -1.0, 0.0], a) * a)
        d = ssub(d, sphere(P, H - 6.5 * a + 8.0 * dn, self.ra - 7.0), 1.0)
        return ssub(d, round_cone(P, H + 15 * dn - 2 * a, H + 30 * dn + 3 * a, 7.0, 9.0), 2.5)

    RIM_FLAT = 2.0
    """Beyond the socket radius plus this (mm) the rim cut curves away from the bone."""
    RIM_CURVE = 0.05
    """Curvature of the rim cut's flare (1/mm): 20 mm further out it lies 20 mm deeper."""

    def _rim_cut(self, P):
        """Region removed to open the cup: lateral to the plane of the acetabular rim near
        the socket, flaring away (a paraboloid rim) further out, so that the ischial body
        below the acetabular notch and the supra-acetabular ilium keep their full
        thickness and run smoothly into the rim instead of ending at a cut shelf."""
        H, a = self.TEMPLATE_HIP_CENTRE, self.a
        rel = P - H
        h = rel @ a
        rho = np.linalg.norm(rel - h[..., None] * a, axis=-1)
        e = np.maximum(rho - (self.ra + self.RIM_FLAT), 0.0)
        return (2.0 + self.RIM_CURVE * e**2 - h) / np.sqrt(1.0 + (2 * self.RIM_CURVE * e) ** 2)

    def bounds(self):
        return np.array([-165.0, -175.0, -2.0]), np.array([20.0, 70.0, 150.0])


class Sacrum:
    """Sacrum: curved wedge of five fused vertebrae, concave anteriorly [GRAY]."""

    S1_DEPTH, S1_WIDTH = 37.0, 52.0
    """The S1 endplate, front to back and side to side (mm): the lumbosacral disc's floor."""

    def __init__(self, P):
        pp = P["pelvis"]
        self.c1 = np.array(pp["s1_endplate_centre"], float)
        ss = np.radians(pp["sacral_slope"])
        self.n1 = np.array([np.sin(ss), np.cos(ss), 0.0])
        # midline of the pelvic (anterior) surface of the bodies, from S1 to the apex
        self.axis = np.array(
            [self.c1 + [0, 0, 0], [-101, -6, 0], [-114, -32, 0], [-120, -54, 0], [-121, -72, 0]]
        )
        self.apex = self.axis[-1]
        nu, nv = 40, 50
        mid = curve_n(self.axis, nv)
        tang = np.gradient(mid, axis=0)
        tang /= np.linalg.norm(tang, axis=1, keepdims=True)
        # dorsal direction: perpendicular to the axis in the sagittal plane
        dors = np.cross(tang, [0, 0, 1.0])
        dors /= np.linalg.norm(dors, axis=1, keepdims=True)
        if dors[0, 0] > 0:
            dors = -dors
        self.mid, self.tang, self.dors = mid, tang, dors
        f = np.linspace(0, 1, nv)
        half_w = 52.0 * (1 - f) ** 0.9 + 11.0 * f  # half width across the alae to the apex
        half_w = np.where(f < 0.12, 52.0 - 10.0 * (0.12 - f) / 0.12, half_w)
        thick = 21.0 * (1 - f) + 6.0 * f  # half thickness (AP)
        self.half_w, self.thick = half_w, thick
        # plate: sheet across the width at each level, centre pushed dorsally by the half thickness
        s = np.linspace(-1, 1, nu)
        pts, rad = [], []
        for i in range(nv):
            w = half_w[i]
            # lateral parts thinner towards the edges; the pelvic surface concave across too
            z = s * w
            dx = (thick[i] * 0.9) + 0.0 * s
            c = mid[i][None] + dors[i][None] * dx[:, None] + np.column_stack([0 * s, 0 * s, z])
            c = c - dors[i][None] * (3.0 * (1 - s**2))[:, None] * (1 - f[i])
            r = thick[i] * (0.85 - 0.35 * np.abs(s) ** 2)
            pts.append(c)
            rad.append(r)
        self.plate = Balls(np.vstack(pts), np.concatenate(rad), k=6)
        # the four sacral levels S1-S4 (fraction of the way down the axis) with their
        # foramina, whose positions the plexus's roots start from (parameters.yaml) [GRAY]
        self.levels = (0.22, 0.42, 0.6, 0.76)
        # median sacral crest: a low ridge carrying the fused spinous tubercles of S1-S4;
        # it ends above the sacral hiatus (S4-S5, where the laminae fail to meet) [GRAY]
        crest = mid[5:37] + dors[5:37] * (self.dorsal_depth(np.arange(5, 37), 0.0)[:, None] - 1.0)
        self.crest, _, _ = tube_balls(crest[::5], [3.2] * len(crest[::5]), step=0.6)
        # the sacral canal's course, from above the base to the hiatus
        line = mid[:41:5] + dors[:41:5] * (1.2 * thick[:41:5, None])
        line = np.vstack([line[0] - tang[0] * 30.0, line])
        rad = np.concatenate([[6.0], 0.3 * thick[:41:5]])
        self.canal, _, _ = tube_balls(line, rad, step=0.6)
        # superior articular processes, either side of the top of the canal
        self.sap = [mid[3] + dors[3] * 40.0 + [6, 8, s_] for s_ in (-20.0, 20.0)]

    def dorsal_depth(self, j, z):
        """How far the plate's dorsal surface lies behind the axis at row(s) ``j``, ``z`` mm
        from the midline (for placing the features of the dorsal surface on it)."""
        j = np.asarray(j)
        f = j / (len(self.mid) - 1)
        s = np.clip(z / self.half_w[j], -1, 1)
        th = self.thick[j]
        return th * 0.9 - 3.0 * (1 - s**2) * (1 - f) + th * (0.85 - 0.35 * s**2)

    def _on_back(self, frac, z, out=0.0):
        """A point of the dorsal surface at ``frac`` down the axis, ``z`` from the midline."""
        j = int(frac * (len(self.mid) - 1))
        return self.mid[j] + self.dors[j] * (self.dorsal_depth(j, z) + out) + [0, 0, z]

    def _frame(self, j):
        """Rows: dorsal, along the axis (caudal), lateral (+z): for oriented ellipsoids."""
        return np.array([self.dors[j], self.tang[j], [0.0, 0.0, 1.0]])

    def field(self, P):
        d = self.plate(P)
        # alae: the lateral masses of S1, wing-like, their upper surface sloping down and
        # laterally from the body to the pelvic brim; sacral base ~110 mm wide [GRAY]
        R0 = self._frame(2)
        for sz in (-1.0, 1.0):
            ala = ellipsoid(
                P,
                self.c1 - 9.0 * self.n1 + self.dors[2] * 16.0 + [0, 0, sz * 30.0],
                (17.0, 13.0, 24.0),
                R0,
            )
            d = smin(d, ala, 8.0)
        # auricular surfaces: the ear-shaped articular facets on the lateral sides of S1-S3,
        # facing laterally towards the ilium; modelled as a flattening of the lateral margins
        d = smax(d, halfspace(P, [0, 0, 50.0], [0, 0.08, 1.0]), 5.0)
        d = smax(d, halfspace(P, [0, 0, -50.0], [0, 0.08, -1.0]), 5.0)
        # S1 body: an elliptical cylinder below the endplate whose front slopes back into the
        # pelvic surface (no step below it: the bodies are fused) [GRAY]
        c1, n1 = self.c1, self.n1
        body = gen_cylinder(
            P,
            c1 - 2 * n1 + [-2, 0, 0],
            c1 - 34 * n1 + self.dors[0] * 6.0,
            hint=(1, 0, 0),
            t_st=[0, 0.45, 1],
            r1_st=[self.S1_DEPTH / 2, 15.0, 7.0],
            r2_st=[self.S1_WIDTH / 2, 19.0, 11.0],
        )
        d = smin(d, body, 12.0)
        # sacral promontory: the projecting anterior lip of the S1 body [GRAY]
        fwd = -self.dors[0]
        lip = ellipsoid(P, c1 + 13.0 * fwd - 2.0 * n1, (4.5, 4.0, 15.0), self._frame(0))
        d = smin(d, lip, 4.0)
        d = smin(d, self.crest(P), 5.0)
        n = len(self.mid) - 1
        for i, fr in enumerate(self.levels):
            j = int(fr * n)
            frame = self._frame(j)
            # spinous tubercle of the median crest
            d = smin(
                d, ellipsoid(P, self._on_back(fr - 0.04, 0.0, 1.5), (3.0, 5.0, 3.0), frame), 4.0
            )
            for sz in (-1.0, 1.0):
                zp = sz * (19.0 - 1.5 * i)  # posterior foramina, in a row either side
                # intermediate crest (fused articular processes): low tubercles medial to the
                # foramina. (The lateral crest is left smooth: the sacrotuberous ligament and
                # gluteus maximus arise from it and would copy every bump.)
                t = ellipsoid(
                    P, self._on_back(fr + 0.02, zp - sz * 9.0, -0.5), (1.8, 4.0, 2.0), frame
                )
                d = smin(d, t, 3.5)
                # the posterior foramen: a round opening leading forwards towards the canal
                th = self.thick[j]
                hole = self._on_back(fr, zp, -0.25 * th)
                d = ssub(
                    d, ellipsoid(P, hole, (0.45 * th, 5.4 - 0.4 * i, 5.2 - 0.4 * i), frame), 4.0
                )
        # superior articular processes: facets on the back of the base, facing backwards and
        # towards the midline, for the inferior articular processes of L5 [GRAY]
        for s_, sz in zip(self.sap, (-1.0, 1.0), strict=True):
            face = unit(self.dors[3] + [0, 0.35, -0.55 * sz])
            up = unit(np.cross(face, [0, 0, 1.0]) * -1)
            R = np.array([face, up, np.cross(face, up)])
            d = smin(d, ellipsoid(P, s_ + [-4, -6, 0], (4.0, 10.0, 8.0), R), 5.0)
        # sacral hiatus: the dorsal wall is open below S4, exposing the canal, with the
        # sacral cornua (the inferior articular processes of S5) either side [GRAY]
        j = 40
        hiatus = ellipsoid(
            P,
            self.mid[j] + self.dors[j] * (1.45 * self.thick[j]),
            (5.0, 11.0, 6.0),
            self._frame(j),
        )
        d = ssub(d, hiatus, 2.5)
        for sz in (-1.0, 1.0):
            cornu = self._on_back(0.86, sz * 8.5, 0.5)
            d = smin(d, ellipsoid(P, cornu, (3.0, 6.0, 2.6), self._frame(43)), 2.0)
        # sacral canal: from its triangular opening on the base, behind the S1 body, down
        # through the fused vertebrae to the hiatus [GRAY]
        d = ssub(d, self.canal(P), 2.0)
        # anterior sacral foramina (four pairs), through which the ventral rami leave [GRAY]
        for i, fr in enumerate(self.levels):
            j = int(fr * n)
            m, dv = self.mid[j], self.dors[j]
            for sz in (-1, 1):
                zz = sz * (18.0 - 1.7 * i)
                r = 6.4 - 0.6 * i
                d = ssub(d, sphere(P, m + [0, 0, zz] + dv * 0.1 * self.thick[j], r), 3.0)
        # transverse ridges: where the bodies of the sacral vertebrae fused [GRAY]
        for fr in (0.32, 0.51, 0.68):
            j = int(fr * n)
            ridge = self.mid[j] - self.dors[j] * 0.6
            d = smin(d, ellipsoid(P, ridge, (1.6, 2.0, 11.0), self._frame(j)), 2.0)
        return d

    def bounds(self):
        return np.array([-170.0, -95.0, -70.0]), np.array([-40.0, 70.0, 70.0])


class Coccyx:
    def __init__(self, P, sacrum):
        a = sacrum.apex
        self.pts = np.array([a + [-6, -4, 0], a + [-5, -14, 0], a + [-2, -26, 0], a + [3, -36, 0]])

    def field(self, P):
        d = None
        r = [(9.0, 14.0), (7.0, 10.0), (5.5, 7.0), (4.0, 4.5)]
        for i in range(4):
            seg = ellipsoid(P, self.pts[i], (r[i][0], 6.0 - i * 0.6, r[i][1]))
            d = seg if d is None else smin(d, seg, 3.0)
        # coccygeal cornua
        for s_ in (-6.0, 6.0):
            d = smin(d, sphere(P, self.pts[0] + [-6, 4, s_], 3.0), 2.0)
        return d

    def bounds(self):
        c = self.pts.mean(0)
        return c - [35, 40, 35], c + [35, 40, 35]
