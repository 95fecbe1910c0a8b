"""Soft tissues: muscles as lofted fibre sheets, fascia, ligaments, bursae, nerves
and arteries, all as unions of balls along their skeletons, draped over the
deeper layers (bone, deeper muscles) and smoothly cut away from them so that each
layer lies on the one below it without interpenetration."""

from __future__ import annotations

import numpy as np
from scipy.interpolate import RegularGridInterpolator

from .sdf import Balls, catmull_rom, curve_n, halfspace, smax, ssub


class GridField:
    """A signed-distance field sampled on a regular grid (trilinear lookup)."""

    def __init__(self, D, dims, origin, h, outside=50.0):
        nz, ny, nx = int(dims[2]), int(dims[1]), int(dims[0])
        ax = [
            origin[2] + h * np.arange(nz),
            origin[1] + h * np.arange(ny),
            origin[0] + h * np.arange(nx),
        ]
        self.rgi = RegularGridInterpolator(
            ax, D.reshape(nz, ny, nx), bounds_error=False, fill_value=outside
        )
        self.lo = np.asarray(origin, float)
        self.hi = self.lo + h * (np.array([nx, ny, nz]) - 1)

    def __call__(self, P):
        return self.rgi(P[:, ::-1])


def union_fields(fields):
    def f(P):
        d = None
        for g in fields:
            v = g(P)
            d = v if d is None else np.minimum(d, v)
        return d if d is not None else np.full(len(P), 100.0)

    return f


def grad(field, P, eps=0.6):
    g = np.zeros_like(P)
    for k in range(3):
        e = np.zeros(3)
        e[k] = eps
        g[:, k] = (field(P + e) - field(P - e)) / (2 * eps)
    n = np.linalg.norm(g, axis=1, keepdims=True)
    return g / np.maximum(n, 1e-6)


def drape(C, R, deeper, frac=0.45, iters=6):
    """Push ball centres out of the deeper layers so each ball sinks at most
    frac*radius into them (centres already outside are left alone)."""
    C = C.copy()
    for _ in range(iters):
        D = deeper(C)
        need = frac * R - D
        m = need > 0.05
        if not m.any():
            break
        C[m] += grad(deeper, C[m]) * need[m, None]
    return C


def fair_drape(S, R, deeper, frac=0.45, rounds=4, smooth_iters=6):
    """Drape a sheet grid (n_across, n_along, 3) over the deeper layers and keep it
    fair: alternately push centres out and relax the grid (Laplacian smoothing of
    the displacement), finishing with a push so that no ball sinks deeper than
    frac * radius. The two edge rows along the fibres (origin, insertion) are kept."""
    S0 = S.copy()
    C = S.copy()
    shp = S.shape
    for _ in range(rounds):
        C = drape(C.reshape(-1, 3), R.ravel(), deeper, frac=frac, iters=4).reshape(shp)
        disp = C - S0
        for _ in range(smooth_iters):
            pad = np.pad(disp, ((1, 1), (1, 1), (0, 0)), mode="edge")
            disp = (
                pad[1:-1, 1:-1] * 2
                + pad[:-2, 1:-1]
                + pad[2:, 1:-1]
                + pad[1:-1, :-2]
                + pad[1:-1, 2:]
            ) / 6.0
        C = S0 + disp
    C = drape(C.reshape(-1, 3), R.ravel(), deeper, frac=frac, iters=6).reshape(shp)
    return C


def snap(C, deeper, target, iters=6):
    """Move points along the field gradient to sit at distance ``target`` from the deeper layers."""
    C = np.asarray(C, float).copy()
    target = np.broadcast_to(np.asarray(target, float), (len(C),))
    for _ in range(iters):
        D = deeper(C)
        C -= grad(deeper, C) * (D - target)[:, None]
    return C


def loft(fibres, radii, n_across, n_along):
    """Sheet through fibre polylines (each a list of control points, resampled by arc
    length, so the counts may differ) -> grid of centres (n_across, n_along, 3) and radii.
    radii: array (n_fibres, n_along) or callable(u, v)."""
    F = np.array([curve_n(f, n_along) for f in fibres])  # (m, n_along, 3)
    m = len(fibres)
    u_f = np.linspace(0, 1, m)
    u = np.linspace(0, 1, n_across)
    if m > 2:
        # smooth across the fibres with a Catmull-Rom spline at every station
        S = np.stack([curve_n(F[:, j], n_across) for j in range(n_along)], axis=1)
    else:
        S = np.array([(1 - t) * F[0] + t * F[-1] for t in u])
    v = np.linspace(0, 1, n_along)
    if callable(radii):
        R = radii(u[:, None], v[None, :])
    else:
        Rf = np.asarray(radii, float)
        R = np.array([[np.interp(uu, u_f, Rf[:, j]) for j in range(n_along)] for uu in u])
    return S, R


def profile(v, r0, rmid, r1, peak=0.45, p=1.0):
    """Radius profile along a muscle: r0 at origin, rmid in the belly, r1 at the tendon."""
    v = np.asarray(v, float)
    a = np.clip(v / peak, 0, 1)
    b = np.clip((v - peak) / (1 - peak), 0, 1)
    up = r0 + (rmid - r0) * np.sin(0.5 * np.pi * a) ** p
    down = rmid + (r1 - rmid) * (1 - np.cos(0.5 * np.pi * b))
    return np.where(v <= peak, up, down)


class SheetModel:
    """Field of a lofted sheet cut away from its deeper layers."""

    def __init__(self, centres, radii, deeper=None, gap=0.6, k_cut=2.0, k=8, cut=None):
        self.balls = Balls(centres.reshape(-1, 3), radii.ravel(), k=k)
        self.deeper = deeper
        self.gap = gap
        self.k_cut = k_cut
        # (point, normal, rounding mm): where the modelled region ends, a plane through
        # ``point``; what lies on the normal's side is cut away, the edge rounded (no crease).
        self.cut = cut
        C = centres.reshape(-1, 3)
        rmax = float(np.max(radii))
        self.lo = C.min(0) - rmax - 6
        self.hi = C.max(0) + rmax + 6

    def field(self, P):
        d = self.balls(P)
        if self.deeper is not None:
            m = d < 8.0
            if m.any():
                dd = self.deeper(P[m]) - self.gap
                d[m] = ssub(d[m], dd, self.k_cut)
        if self.cut is not None:
            point, normal, rounding = self.cut
            d = smax(d, halfspace(P, point, normal), rounding)
        return d

    def bounds(self):
        return self.lo, self.hi


def tube(ctrl, radii, step=0.5):
    ctrl = np.asarray(ctrl, float)
    curve = catmull_rom(ctrl, 40) if len(ctrl) > 2 else ctrl
    seg = np.linalg.norm(np.diff(curve, axis=0), axis=1)
    s = np.concatenate([[0], np.cumsum(seg)])
    n = max(int(s[-1] / step), 2)
    si = np.linspace(0, s[-1], n)
    pts = np.column_stack([np.interp(si, s, curve[:, k]) for k in range(3)])
    ci = [int(np.argmin(np.linalg.norm(curve - c, axis=1))) for c in ctrl]
    r = np.interp(si, s[ci], np.asarray(radii, float) * np.ones(len(ctrl)))
    return pts, r


def keep_under(C, R, cover, centre, margin=1.0, reach=80.0, step=0.5, rounds=3):
    """Keep the balls (C, R) of a tube from showing through a covering muscle.

    ``cover`` is the muscle's field and ``centre`` a point deep to it (the hip joint).
    Along the line from each ball centre towards ``centre``, a ball that lies outside the
    muscle with the muscle further in, or inside it less than its radius + ``margin`` from
    the outer surface, is moved inwards, at most to the middle of the muscle's thickness
    there; the moves are smoothed along the tube so that it bends, not kinks. Balls deep to
    the muscle, or where it does not cover them, stay where they are."""
    C = np.asarray(C, float).copy()
    R = np.asarray(R, float)
    ts = np.arange(-reach, reach + step, step)
    i0 = len(ts) // 2  # ts[i0] == 0
    for _ in range(rounds):
        d = np.asarray(centre, float) - C
        d /= np.maximum(np.linalg.norm(d, axis=1, keepdims=True), 1e-9)
        S = cover((C[:, None, :] + ts[None, :, None] * d[:, None, :]).reshape(-1, 3))
        inside = S.reshape(len(C), len(ts)) < 0
        move = np.zeros(len(C))
        for i in range(len(C)):
            row = inside[i]
            if row[i0]:  # inside: the interval around t = 0
                a = i0
                while a > 0 and row[a - 1]:
                    a -= 1
                b = i0
                while b < len(ts) - 1 and row[b + 1]:
                    b += 1
                if a == 0:  # the muscle reaches beyond the search: no outer surface near
                    continue
            else:  # outside: the first interval further in, if any
                nxt = np.nonzero(row[i0:])[0]
                if not len(nxt):
                    continue
                a = i0 + nxt[0]
                b = a
                while b < len(ts) - 1 and row[b + 1]:
                    b += 1
            ta, tb = ts[a] - 0.5 * step, ts[b] + 0.5 * step
            need = ta + R[i] + margin  # shift that leaves the ball inside the outer surface
            if need > 0:
                move[i] = min(need, max(0.0, 0.5 * (ta + tb)))
        if not move.any():
            break
        # spread each move to the neighbours (running max, then smoothing)
        w = max(int(4.0 * R.mean() / 0.4), 1)
        m = np.array([move[max(0, i - w) : i + w + 1].max() for i in range(len(move))])
        k = np.hanning(2 * w + 3)[1:-1]
        k /= k.sum()
        m = np.maximum(np.convolve(np.pad(m, w, mode="edge"), k, mode="valid"), move)
        C += m[:, None] * d
    return C
