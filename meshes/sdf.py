"""Signed-distance modelling primitives (numpy) and the meshing pipeline.

Conventions: a field is a function ``f(P) -> d`` taking an (N, 3) float array
of points in millimetres and returning signed distances (negative inside).
Most primitives here are exact or close to exact distance bounds; the blends
(smooth union / subtraction) follow the polynomial smooth-minimum of
Quilez ("Smooth minimum", iquilezles.org, 2013).
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

# ----------------------------------------------------------------------------
# small vector helpers


def unit(v):
    v = np.asarray(v, float)
    return v / np.linalg.norm(v)


def frame_from(axis, hint):
    """Orthonormal frame (e1, e2, e3) with e3 = axis and e1 close to hint."""
    e3 = unit(axis)
    h = np.asarray(hint, float)
    e1 = h - np.dot(h, e3) * e3
    e1 = unit(e1)
    e2 = np.cross(e3, e1)
    return e1, e2, e3


def catmull_rom(ctrl, n_per_seg=24, closed=False):
    """Centripetal-free (uniform) Catmull-Rom spline through control points."""
    c = np.asarray(ctrl, float)
    if closed:
        c = np.vstack([c[-1], c, c[0], c[1]])
    else:
        c = np.vstack([2 * c[0] - c[1], c, 2 * c[-1] - c[-2]])
    out = []
    t = np.linspace(0, 1, n_per_seg, endpoint=False)[:, None]
    for i in range(1, len(c) - 2):
        p0, p1, p2, p3 = c[i - 1], c[i], c[i + 1], c[i + 2]
        out.append(
            0.5
            * (
                (2 * p1)
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
            )
        )
    if not closed:
        out.append(c[-2][None])
    return np.vstack(out)


def resample(poly, step):
    """Resample a polyline at (about) constant arc-length step; returns the points
    and their arc-length fractions."""
    poly = np.asarray(poly, float)
    seg = np.linalg.norm(np.diff(poly, axis=0), axis=1)
    s = np.concatenate([[0], np.cumsum(seg)])
    n = max(int(np.ceil(s[-1] / step)) + 1, 2)
    si = np.linspace(0, s[-1], n)
    pts = np.column_stack([np.interp(si, s, poly[:, k]) for k in range(3)])
    return pts, si / s[-1]


# ----------------------------------------------------------------------------
# blends


def smin(a, b, k):
    """Polynomial smooth minimum (smooth union) with blend radius k (mm)."""
    if k <= 0:
        return np.minimum(a, b)
    h = np.clip(0.5 + 0.5 * (b - a) / k, 0.0, 1.0)
    return b * (1 - h) + a * h - k * h * (1 - h)


def smax(a, b, k):
    return -smin(-a, -b, k)


def ssub(a, b, k):
    """Smooth subtraction: a minus b."""
    return smax(a, -b, k)


# ----------------------------------------------------------------------------
# analytic primitives


def sphere(P, c, r):
    return np.linalg.norm(P - np.asarray(c, float), axis=1) - r


def ellipsoid(P, c, radii, R=None):
    """Near-distance to an ellipsoid (Quilez bound). R: 3x3 rows = local axes."""
    q = P - np.asarray(c, float)
    if R is not None:
        q = q @ np.asarray(R, float).T
    r = np.asarray(radii, float)
    k0 = np.linalg.norm(q / r, axis=1)
    k1 = np.linalg.norm(q / (r * r), axis=1)
    return k0 * (k0 - 1.0) / np.maximum(k1, 1e-9)


def round_cone(P, a, b, ra, rb):
    """Exact distance to a capsule with end radii ra, rb (Quilez)."""
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    ba = b - a
    l2 = ba @ ba
    rr = ra - rb
    a2 = l2 - rr * rr
    il2 = 1.0 / l2
    pa = P - a
    y = pa @ ba
    z = y - l2
    xv = pa * l2 - np.outer(y, ba)
    x2 = np.einsum("ij,ij->i", xv, xv)
    y2 = y * y * l2
    z2 = z * z * l2
    k = np.sign(rr) * rr * rr * x2
    out = np.empty(len(P))
    m1 = np.sign(z) * a2 * z2 > k
    m2 = (~m1) & (np.sign(y) * a2 * y2 < k)
    m3 = ~(m1 | m2)
    out[m1] = np.sqrt(x2[m1] + z2[m1]) * il2 - rb
    out[m2] = np.sqrt(x2[m2] + y2[m2]) * il2 - ra
    out[m3] = (np.sqrt(x2[m3] * a2 * il2) + y[m3] * rr) * il2 - ra
    return out


def halfspace(P, point, normal):
    """Positive on the side the normal points to."""
    return (P - np.asarray(point, float)) @ unit(normal)


def ellipse2(u, v, a, b):
    """Approximate 2-D distance to an ellipse with semi-axes a, b (arrays ok)."""
    k0 = np.sqrt((u / a) ** 2 + (v / b) ** 2)
    k1 = np.sqrt((u / a**2) ** 2 + (v / b**2) ** 2)
    return k0 * (k0 - 1.0) / np.maximum(k1, 1e-9)


def gen_cylinder(
    P,
    a,
    b,
    hint,
    t_st,
    r1_st,
    r2_st,
    off1_st=None,
    off2_st=None,
    cap=True,
    lobe_st=None,
    lobe_angle_st=None,
):
    """Generalised cylinder: elliptical cross-sections swept along the segment a->b.

    t_st: stations along the axis (fraction 0..1); r1_st, r2_st: semi-axes of the
    section along e1 (closest to ``hint``) and e2; off1/off2: centre offsets of the
    section (for a bowed axis). lobe_st, lobe_angle_st: a three-cornered section (a long
    bone's shaft with its three borders): the radius swells by that fraction towards
    three corners 120 degrees apart, one of them at that angle (degrees, from e1 towards
    e2). The ends are closed flat (rounded by the caller's blends) or capped with the end
    section's ellipse extruded no further.
    """
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    L = np.linalg.norm(b - a)
    e1, e2, e3 = frame_from(b - a, hint)
    q = P - a
    t = (q @ e3) / L
    tc = np.clip(t, 0, 1)
    r1 = np.interp(tc, t_st, r1_st)
    r2 = np.interp(tc, t_st, r2_st)
    o1 = np.interp(tc, t_st, off1_st) if off1_st is not None else 0.0
    o2 = np.interp(tc, t_st, off2_st) if off2_st is not None else 0.0
    u = q @ e1 - o1
    v = q @ e2 - o2
    if lobe_st is not None:
        k = np.interp(tc, t_st, lobe_st)
        phi = np.radians(np.interp(tc, t_st, lobe_angle_st))
        f = 1.0 + k * np.cos(3.0 * (np.arctan2(v / r2, u / r1) - phi))
        r1, r2 = r1 * f, r2 * f
    ds = ellipse2(u, v, r1, r2)
    de = np.maximum(-t, t - 1) * L
    if not cap:
        return ds
    return np.minimum(np.maximum(ds, de), 0) + np.sqrt(
        np.maximum(ds, 0) ** 2 + np.maximum(de, 0) ** 2
    )


# ----------------------------------------------------------------------------
# sampled skeletons (medial-axis models): union of balls along curves / sheets


class Balls:
    """Union of balls: distance ~ min_i(|x - c_i| - r_i), with centres dense along a skeleton."""

    def __init__(self, centres, radii, k=8):
        self.c = np.asarray(centres, float)
        self.r = np.asarray(radii, float) * np.ones(len(self.c))
        self.tree = cKDTree(self.c)
        self.k = min(k, len(self.c))
        self.rmax = float(self.r.max())

    def __call__(self, P, band=None):
        band = 30.0 if band is None else band
        d, i = self.tree.query(P, k=self.k, distance_upper_bound=self.rmax + band, workers=-1)
        if self.k == 1:
            d = d[:, None]
            i = i[:, None]
        valid = np.isfinite(d)
        i = np.where(valid, i, 0)
        val = np.where(valid, d - self.r[i], np.inf)
        out = val.min(axis=1)
        return np.where(np.isfinite(out), out, band)


def tube_balls(ctrl, radii, step=0.5, smooth=True, k=8):
    """Balls along a smooth curve through ctrl with radii given at the control points
    (interpolated along arc length)."""
    ctrl = np.asarray(ctrl, float)
    curve = catmull_rom(ctrl, 32) if (smooth and len(ctrl) > 2) else ctrl
    pts, f = resample(curve, step)
    # radius at control points by their arc-length position
    seg = np.linalg.norm(np.diff(curve, axis=0), axis=1)
    s = np.concatenate([[0], np.cumsum(seg)]) / seg.sum()
    ci = [int(np.argmin(np.linalg.norm(curve - c, axis=1))) for c in ctrl]
    rs = np.interp(f, s[ci], np.asarray(radii, float) * np.ones(len(ctrl)))
    return Balls(pts, rs, k=k), pts, rs


def coons(top, bottom, left, right, nu, nv):
    """Coons patch. top/bottom: (nu,3) from left to right; left/right: (nv,3) from top to bottom."""
    u = np.linspace(0, 1, nu)[None, :, None]
    v = np.linspace(0, 1, nv)[:, None, None]
    T, B = top[None], bottom[None]
    Lc, Rc = left[:, None], right[:, None]
    P00, P10, P01, P11 = top[0], top[-1], bottom[0], bottom[-1]
    S = (
        (1 - v) * T
        + v * B
        + (1 - u) * Lc
        + u * Rc
        - ((1 - u) * (1 - v) * P00 + u * (1 - v) * P10 + (1 - u) * v * P01 + u * v * P11)
    )
    return S  # (nv, nu, 3)


def curve_n(ctrl, n):
    """Smooth curve through ctrl resampled to exactly n points."""
    c = catmull_rom(np.asarray(ctrl, float), 32) if len(ctrl) > 2 else np.asarray(ctrl, float)
    seg = np.linalg.norm(np.diff(c, axis=0), axis=1)
    if seg.sum() == 0:  # all at one point (fibres meeting at the apex of a sheet)
        return np.repeat(c[:1], n, axis=0)
    s = np.concatenate([[0], np.cumsum(seg)]) / seg.sum()
    si = np.linspace(0, 1, n)
    return np.column_stack([np.interp(si, s, c[:, k]) for k in range(3)])
