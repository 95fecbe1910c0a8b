"""Right tibia, fibula and patella as signed-distance fields from anatomical parameters.

The bones stand in the knee's extended position below the atlas femur: the tibial
plateau one joint space below the femoral condyles, the fibula behind and lateral to
the tibia, the patella in front of the femoral trochlea. Each is a few generalised
cylinders and ellipsoids blended smoothly, with its bony features as small added or
carved shapes; the tibia's lower end is turned outwards by the tibial torsion, so its
malleoli lie as a real ankle's do relative to the knee.
"""

from __future__ import annotations

import numpy as np

from .femur import rot
from .sdf import ellipsoid, gen_cylinder, round_cone, smin, sphere, ssub


def _smooth(sections, n=64):
    """Stations (rows: t, then values) resampled at ``n`` stations along a monotone cubic
    (PCHIP) through them: the section changes smoothly, with no ring where a straight
    interpolation would turn a corner at each station."""
    from scipy.interpolate import PchipInterpolator

    sections = np.asarray(sections, float)
    t = np.linspace(sections[0, 0], sections[-1, 0], n)
    return np.column_stack([t, PchipInterpolator(sections[:, 0], sections[:, 1:])(t)])


def _sweep(P, a, b, sec):
    """A long bone's shaft swept from ``a`` to ``b`` through smoothed stations (rows: t,
    AP and ML semi-axes, AP and ML offsets, and for a three-cornered shaft how cornered
    and the corner's angle), the section's first axis facing forwards."""
    cornered = sec.shape[1] > 5
    return gen_cylinder(
        P,
        a,
        b,
        hint=(1, 0, 0),
        t_st=sec[:, 0],
        r1_st=sec[:, 1],
        r2_st=sec[:, 2],
        off1_st=sec[:, 3],
        off2_st=sec[:, 4],
        lobe_st=sec[:, 5] if cornered else None,
        lobe_angle_st=sec[:, 6] if cornered else None,
    )


def _twist(P, centre, angle_at):
    """Points turned about the vertical axis through ``centre`` by ``angle_at(y)`` radians."""
    q = P - centre
    a = angle_at(P[:, 1])
    c, s = np.cos(a), np.sin(a)
    x = c * q[:, 0] + s * q[:, 2]
    z = -s * q[:, 0] + c * q[:, 2]
    return np.stack([x, q[:, 1], z], axis=1) + centre


class Tibia:
    """The tibia, its plateau at ``top`` (the centre of the plateau's upper surface)."""

    def __init__(self, P):
        tp = P["tibia"]
        self.top = np.array(tp["plateau_centre"], float)
        self.length = tp["length"]
        self.plateau_width = tp["plateau_width"]
        self.plateau_depth = tp["plateau_depth"]
        self.torsion = np.radians(tp["torsion"])
        self.sections = _smooth(tp["shaft_sections"])
        self.bottom = self.top[1] - self.length  # tip of the medial malleolus
        self.slope = np.radians(tp["posterior_slope"])

    def at(self, rel):
        """A point given relative to the plateau centre, mm (x anterior, y up, z lateral)."""
        return self.top + np.asarray(rel, float)

    def _angle(self, y):
        """External torsion grows from none at the plateau to all of it at the ankle:
        negative about +Y turns the front of the right tibia outwards (towards +Z)."""
        f = np.clip((self.top[1] - 40.0 - y) / (self.length - 80.0), 0.0, 1.0)
        return -self.torsion * f

    def untwist(self, P):
        """Points turned back by the torsion at their height: the leg's shapes are drawn
        untwisted, then twisted as a whole (the fibula with the tibia)."""
        return _twist(P, self.top, lambda y: -self._angle(y))

    def field(self, P):
        return self._untwisted(self.untwist(P))

    def _untwisted(self, P):
        T = self.at
        w, dpt = self.plateau_width, self.plateau_depth
        sec = self.sections
        lo = T((0, -self.length + 16.0, 0))
        hi = T((0, -6.0, 0))
        shaft = _sweep(P, lo, hi, sec)
        # condyles: an oval shelf overhanging the shaft behind and medially, its edge
        # rounded; the medial condyle deeper front to back, the posterior intercondylar
        # area notched between them
        plateau = (
            gen_cylinder(
                P,
                T((-9, -22, -4)),
                T((-9, 0, -4)),
                hint=(1, 0, 0),
                t_st=[0.0, 0.55, 0.85, 1.0],
                r1_st=[dpt * 0.342, dpt * 0.428, dpt * 0.428, dpt * 0.37],
                r2_st=[w * 0.40, w * 0.46, w * 0.45, w * 0.39],
            )
            - 3.0
        )
        plateau = ssub(plateau, ellipsoid(P, T((-9 - dpt * 0.47, -6, -3)), (8.0, 18.0, 7.0)), 3.0)
        d = smin(shaft, plateau, 10.0)
        # flat articular surfaces, sloping down backwards, with the intercondylar
        # eminence rising between them
        back_slope = rot((0.0, 0.0, 1.0), -self.slope)
        cut = ellipsoid(P, T((-4, 30.0, 0)), (dpt * 0.75, 30.0, w * 0.62), R=back_slope)
        d = ssub(d, cut, 2.0)
        d = smin(d, ellipsoid(P, T((-2, 0.5, 0)), (9.0, 4.0, 6.0)), 3.0)
        # tibial tuberosity, a broad low prominence running into the anterior border, and
        # Gerdy's tubercle on the front of the lateral condyle (iliotibial tract) [GRAY]
        d = smin(d, ellipsoid(P, T((dpt * 0.33, -38, 5)), (7.0, 20.0, 14.0)), 14.0)
        d = smin(d, ellipsoid(P, T((dpt * 0.12, -14, w * 0.31)), (6.0, 7.0, 9.0)), 9.0)
        # lower end: the plafond over the talus and the medial malleolus below it
        y_pl = -self.length + 14.0
        d = smin(d, ellipsoid(P, T((-2, y_pl + 12, 0)), (19.0, 14.0, 23.0)), 8.0)
        mall = ellipsoid(P, T((2, y_pl + 3, -18)), (13.0, 10.0, 8.0))
        d = smin(d, mall, 7.0)
        d = ssub(d, ellipsoid(P, T((-2, y_pl - 12, 3)), (22.0, 12.0, 18.0)), 4.0)
        # fibular notch on the lateral side of the lower end
        d = ssub(d, ellipsoid(P, T((-6, y_pl + 22, 27)), (9.0, 22.0, 7.0)), 3.0)
        return d

    def bounds(self):
        r = max(self.plateau_width, self.plateau_depth) * 0.62 + 12.0
        lo = self.top + np.array([-r, -self.length - 8.0, -r])
        hi = self.top + np.array([r, 14.0, r])
        return lo, hi


class Fibula:
    """The fibula: head below the back of the lateral tibial condyle, malleolus at the ankle."""

    def __init__(self, P, tibia: Tibia):
        fp = P["fibula"]
        self.tibia = tibia
        self.head = tibia.at(fp["head_centre"])
        self.malleolus = tibia.at(fp["malleolus_centre"])
        self.sections = _smooth(fp["sections"])

    def field(self, P):
        return self._untwisted(self.tibia.untwist(P))

    def _untwisted(self, P):
        # one swept section from the tip of the lateral malleolus to the apex of the head:
        # the malleolus flattened from side to side, the shaft slender, the neck flaring into
        # the head, which is broad and rises to its apex behind
        h, m = self.head, self.malleolus
        sec = self.sections
        tip = m + np.array([0.0, -22.0, 0.0])
        top = h + np.array([-3.0, 12.0, 1.0])
        d = _sweep(P, tip, top, sec)
        d = smin(d, sphere(P, tip + np.array([0.0, 5.0, 0.0]), 4.5), 4.0)
        apex = round_cone(P, h + np.array([-3, 2, 3]), h + np.array([-6, 12, 4]), 7.0, 3.5)
        return smin(d, apex, 5.0)

    def bounds(self):
        lo = np.minimum(self.head, self.malleolus) - np.array([25.0, 35.0, 25.0])
        hi = np.maximum(self.head, self.malleolus) + np.array([25.0, 25.0, 25.0])
        return lo, hi


class Patella:
    """The patella: a rounded triangle, apex down, in front of the femoral trochlea."""

    def __init__(self, P):
        pp = P["patella"]
        self.centre = np.array(pp["centre"], float)
        self.height = pp["height"]
        self.width = pp["width"]
        self.thickness = pp["thickness"]

    def field(self, P):
        c, h, w, t = self.centre, self.height, self.width, self.thickness
        # a rounded body tapering to the apex below [GRAY]
        body = ellipsoid(P, c + np.array([0, 0.06 * h, 0]), (0.5 * t, 0.44 * h, 0.5 * w))
        apex = ellipsoid(P, c + np.array([0.06 * t, -0.2 * h, 0]), (0.4 * t, 0.3 * h, 0.3 * w))
        d = smin(body, apex, 6.0)
        # articular surface behind: two facets either side of a vertical ridge, the
        # lateral facet broader [GRAY]
        back = c[0] - 0.5 * t
        d = ssub(
            d, ellipsoid(P, (back - 7.5, c[1] + 4, c[2] + 0.27 * w), (9, h * 0.4, w * 0.3)), 3.0
        )
        d = ssub(
            d, ellipsoid(P, (back - 8.0, c[1] + 4, c[2] - 0.25 * w), (9, h * 0.38, w * 0.26)), 3.0
        )
        return smin(d, sphere(P, c + np.array([0.5 * t - 5, 0, 0]), 2.0), 1.0)

    def bounds(self):
        r = np.array([self.thickness, self.height, self.width]) * 0.5 + 8.0
        return self.centre - r, self.centre + r
