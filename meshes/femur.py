"""Right femur as a signed-distance field built from anatomical parameters.

Construction (all blends are smooth unions): spherical head with the fovea;
oval neck (generalised cylinder along the neck axis given by the neck-shaft
angle and the anteversion) flaring into a broad base between the
intertrochanteric line and crest, so that the crest is a ridge on the bone and
not a rope laid beside the neck; greater trochanter with its posterosuperior
tip and the trochanteric fossa; lesser trochanter as a cone on a broad base;
shaft as a generalised cylinder along the anatomical axis with an anterior bow;
gluteal tuberosity and linea aspera as ridges; two condyles, the patellar
surface with its groove, the intercondylar notch and the two epicondyles.
"""

from __future__ import annotations

import numpy as np

from .sdf import ellipsoid, gen_cylinder, round_cone, smin, sphere, ssub, tube_balls, unit


def rot(axis, ang):
    axis = unit(axis)
    K = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(ang) * K + (1 - np.cos(ang)) * K @ K


class Femur:
    def __init__(self, P):
        fp = P["femur"]
        self.H = H = np.array(P["hip_joint_centre"], float)
        self.rh = rh = fp["head_radius"]
        tau = np.radians(fp["anatomical_axis_tilt"])
        s = np.array([0.0, np.cos(tau), np.sin(tau)])  # shaft axis, pointing proximally
        phi = tau - np.radians(180 - fp["neck_shaft_angle"])
        n0 = np.array([0.0, np.cos(phi), np.sin(phi)])
        n = rot(s, -np.radians(fp["anteversion"])) @ n0
        if n[0] < 0:
            n = rot(s, np.radians(fp["anteversion"])) @ n0
        self.s, self.n = s, n
        N = H - fp["neck_length"] * n  # neck axis meets the shaft axis
        self.N = N
        y_bottom = H[1] + rh - fp["length"]
        self.y_bottom = y_bottom
        # shaft from above the neck base down into the condyles
        t_down = (N[1] - (y_bottom + 24.0)) / s[1]
        self.S0 = N + 12.0 * s
        self.S1 = N - t_down * s
        K = N - t_down * s  # distal reference point (centre between the condyles)
        self.K = K
        sec = np.array(fp["shaft_sections"], float)
        self.sec = sec
        self.bow = fp["bow_sagitta"]
        self.cw = fp["condyle_width"]
        self.gt_lat = fp["greater_trochanter_lateral_offset"]
        self._build_parts()

    # ------------------------------------------------------------------
    def _build_parts(self):
        H = self.H

        # ridges (sampled skeletons)
        def L(rel):
            return H + np.asarray(rel, float)

        # intertrochanteric crest: from the posterior tip of the greater trochanter
        # down and medially to the lesser trochanter [GRAY]
        self.crest, _, _ = tube_balls(
            [L((-31, -6, 44)), L((-31, -22, 40)), L((-29, -40, 33)), L((-24, -56, 22))],
            [6.5, 7.5, 6.5, 5.5],
            step=0.6,
        )
        # intertrochanteric line (anterior, low ridge)
        self.itline, _, _ = tube_balls(
            [L((8, -14, 44)), L((9, -32, 38)), L((5, -50, 28)), L((-4, -64, 20))],
            [4.0, 4.0, 3.5, 3.0],
            step=0.6,
        )
        # shaft centre line with anterior bow, for placing ridges on its surface
        self.shaft_pts = lambda t: (
            self.S0
            + (self.S1 - self.S0) * t
            + np.array([1, 0, 0]) * self.bow * np.sin(np.pi * np.clip(t, 0, 1))
        )

        def on_shaft(t, dir_xy, out):
            c = self.shaft_pts(t)
            a = np.interp(t, self.sec[:, 0], self.sec[:, 1])
            b = np.interp(t, self.sec[:, 0], self.sec[:, 2])
            d = unit(dir_xy)
            return c + np.array([d[0] * (a + out), 0, d[1] * (b + out)])

        # gluteal tuberosity: posterolateral ridge below the greater trochanter [GRAY]
        gt_pts = [on_shaft(t, (-0.75, 0.66), -3.5) for t in (0.06, 0.12, 0.19, 0.26, 0.32)]
        self.glut, _, _ = tube_balls(gt_pts, [4.5, 6.0, 6.0, 5.0, 3.5], step=0.6)
        # linea aspera: posterior ridge of the middle third, its lips diverging below [GRAY]
        la = [on_shaft(t, (-1.0, 0.05 - 0.1 * t), -3.0) for t in (0.22, 0.35, 0.5, 0.62, 0.72)]
        self.linea, _, _ = tube_balls(la, [3.0, 4.2, 4.6, 4.2, 3.0], step=0.6)
        # supracondylar lines diverging to the epicondyles
        lsl = [on_shaft(t, (-1.0, 0.0 + 1.2 * (t - 0.72)), -3.5) for t in (0.72, 0.8, 0.87)]
        msl = [on_shaft(t, (-1.0, 0.0 - 1.2 * (t - 0.72)), -3.5) for t in (0.72, 0.8, 0.87)]
        self.lsl, _, _ = tube_balls(lsl, [3.0, 2.6, 2.0], step=0.6)
        self.msl, _, _ = tube_balls(msl, [3.0, 2.6, 2.0], step=0.6)

    # ------------------------------------------------------------------
    def shaft(self, P):
        S0, S1 = self.S0, self.S1
        t = self.sec[:, 0]
        bow = self.bow * np.sin(np.pi * np.linspace(0, 1, 41))
        tt = np.linspace(0, 1, 41)
        r1 = np.interp(tt, t, self.sec[:, 1])
        r2 = np.interp(tt, t, self.sec[:, 2])
        # e1 ~ anterior; offsets along e1 give the anterior bow
        return gen_cylinder(P, S0, S1, hint=(1, 0, 0), t_st=tt, r1_st=r1, r2_st=r2, off1_st=bow)

    def proximal(self, P):
        H, n, rh = self.H, self.n, self.rh

        def L(rel):
            return H + np.asarray(rel, float)

        head = sphere(P, H, rh)
        # fovea capitis: small pit posteroinferior to the head's medial pole [GRAY]
        fov_dir = unit(-self.n * 0.0 + np.array([-0.25, -0.35, -0.9]))
        head = ssub(head, sphere(P, H + (rh + 3.0) * fov_dir, 5.5), 1.5)
        # neck: oval section, narrowest near the head [YOSH]
        nb = H - (np.linalg.norm(H - self.N) + 6.0) * n
        neck = gen_cylinder(
            P,
            H,
            nb,
            hint=(1, 0, 0),
            t_st=[0, 0.38, 0.62, 0.85, 1.0],
            r1_st=[13.0, 12.6, 13.6, 16.5, 19.0],
            r2_st=[16.5, 15.8, 17.0, 21.5, 24.0],
        )
        d = smin(head, neck, 4.0)
        # base of the neck: the broad block between the intertrochanteric line in front
        # and the crest behind, from the greater trochanter down to the lesser, into
        # which the neck flares [GRAY]
        along = unit((0.0, 46.0, 22.0))
        base_axes = np.array([[1.0, 0.0, 0.0], along, np.cross((1.0, 0.0, 0.0), along)])
        base = ellipsoid(P, L((-13, -36, 32)), (16.0, 27.0, 12.0), R=base_axes)
        d = smin(d, base, 10.0)
        # greater trochanter: quadrangular, lateral and posterior, tip curving
        # posteromedially above the trochanteric fossa [GRAY]
        gl = self.gt_lat
        gt = ellipsoid(P, L((-12, -24, gl - 12.5)), (21.0, 24.0, 12.5))
        tip = ellipsoid(P, L((-24, -4, gl - 15.0)), (11.0, 9.0, 11.0))
        gt = smin(gt, tip, 6.0)
        gtb = round_cone(P, L((-10, -30, gl - 16)), L((-8, -62, 40)), 15.0, 13.0)
        gt = smin(gt, gtb, 8.0)
        d = smin(d, gt, 9.0)
        # trochanteric fossa on the medial surface of the trochanter [GRAY]
        d = ssub(d, ellipsoid(P, L((-25, -14, 27)), (6.0, 8.5, 5.5)), 4.0)
        # lesser trochanter: conical, posteromedial [GRAY]
        lt = round_cone(P, L((-8, -56, 30)), L((-23, -62, 13)), 10.0, 6.0)
        d = smin(d, lt, 10.0)
        d = smin(d, self.crest(P), 10.0)
        d = smin(d, self.itline(P), 5.0)
        return d

    def distal(self, P):
        K = self.K
        w = self.cw

        def L(rel):
            return K + np.asarray(rel, float)

        # condyles: rounded posteriorly, the medial larger [YOSH], [GRAY]
        lat = ellipsoid(P, L((-9, 0, w * 0.26)), (30.0, 23.0, 14.0))
        med = ellipsoid(P, L((-10, 1, -w * 0.27)), (29.0, 23.0, 15.0))
        d = smin(lat, med, 6.0)
        # anterior patellar surface (trochlea), lateral lip higher
        tro = ellipsoid(P, L((6, 14, 0)), (21.0, 27.0, 33.0))
        d = smin(d, tro, 8.0)
        # epicondyles
        d = smin(d, sphere(P, L((-7, 16, w * 0.43)), 8.0), 8.0)
        d = smin(d, sphere(P, L((-6, 19, -w * 0.45)), 9.0), 8.0)
        # adductor tubercle
        d = smin(d, sphere(P, L((-8, 36, -w * 0.40)), 5.0), 7.0)
        # patellar groove
        d = ssub(d, round_cone(P, L((39, 44, -1)), L((28, -6, -1)), 11.0, 10.0), 3.0)
        # intercondylar notch, opening posteroinferiorly
        d = ssub(d, round_cone(P, L((-44, -2, -1.5)), L((-6, -21, -1.5)), 9.5, 9.5), 2.5)
        return d

    def field(self, P):
        d = smin(self.shaft(P), self.proximal(P), 10.0)
        d = smin(d, self.distal(P), 14.0)
        d = smin(d, self.glut(P), 5.0)
        d = smin(d, self.linea(P), 4.0)
        d = smin(d, self.lsl(P), 4.0)
        d = smin(d, self.msl(P), 4.0)
        return d

    def bounds(self):
        lo = np.array(
            [self.H[0] - 60, self.y_bottom - 6, self.H[2] - 40 + min(0, self.K[2] - self.H[2]) - 20]
        )
        hi = np.array([self.H[0] + 50, self.H[1] + self.rh + 6, self.H[2] + self.gt_lat + 12])
        lo[2] = min(lo[2], self.K[2] - self.cw / 2 - 15)
        return lo, hi
