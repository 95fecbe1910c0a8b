"""Openings (foramina) as thin windows spanning the rim that bounds them.

A foramen is a gap, not tissue, yet a student must be able to see it, click it and
read what passes through it. It is drawn as a thin membrane stretched across the
opening: seen along the direction a structure passes through it, the rim is the
first bone or ligament met going out from a point inside the opening, and the
membrane is the smooth (harmonic) surface spanning the rim at the rim's depth, so
it touches the bones and ligaments that bound it and no more.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
import trimesh
import vtk

from meshes.sdf import unit


def _locators(meshes: list[trimesh.Trimesh]) -> list[vtk.vtkOBBTree]:
    out = []
    for tm in meshes:
        pd = pv.PolyData(
            np.asarray(tm.vertices, float),
            np.hstack([np.full((len(tm.faces), 1), 3), tm.faces]).ravel(),
        )
        tree = vtk.vtkOBBTree()
        tree.SetDataSet(pd)
        tree.BuildLocator()
        out.append(tree)
    return out


def _hit_depth(trees, point, view, reach) -> float | None:
    """Depth along ``view`` (relative to ``point``) of the bounding surface nearest to
    ``point`` on the line through it, or None if the line meets nothing."""
    best = None
    hits = vtk.vtkPoints()
    for tree in trees:
        tree.IntersectWithLine(point - reach * view, point + reach * view, hits, None)
        for k in range(hits.GetNumberOfPoints()):
            depth = float(np.dot(np.array(hits.GetPoint(k)) - point, view))
            if best is None or abs(depth) < abs(best):
                best = depth
    return best


def _frame(view: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors across ``view`` (a unit vector), at right angles to each other."""
    e1 = unit(np.cross(view, [0.0, 1.0, 0.0] if abs(view[1]) < 0.9 else [1.0, 0.0, 0.0]))
    return e1, np.cross(view, e1)


def _circular_smooth(values: np.ndarray, width: int) -> np.ndarray:
    kernel = np.ones(2 * width + 1) / (2 * width + 1)
    padded = np.concatenate([values[-width:], values, values[:width]])
    return np.convolve(padded, kernel, mode="valid")


def rim(
    bounds: list[trimesh.Trimesh],
    centre,
    view,
    n_angles: int = 72,
    reach: float = 60.0,
    step: float = 0.5,
    depth_reach: float = 40.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The opening's rim seen along ``view`` from ``centre``: for each of ``n_angles``
    directions across the view, the distance out to the first line (parallel to ``view``)
    that meets a bounding surface within ``depth_reach``, and that surface's depth.

    Returns (angles, radius, depth). Raises ValueError where the opening is not closed
    (a direction meets nothing within ``reach``): the centre or view is wrong."""
    centre = np.asarray(centre, float)
    view = unit(np.asarray(view, float))
    e1, e2 = _frame(view)
    trees = _locators(bounds)
    angles = np.linspace(0.0, 2.0 * np.pi, n_angles, endpoint=False)
    radius = np.empty(n_angles)
    depth = np.empty(n_angles)
    for k, a in enumerate(angles):
        d = np.cos(a) * e1 + np.sin(a) * e2
        for r in np.arange(step, reach, step):
            z = _hit_depth(trees, centre + r * d, view, depth_reach)
            if z is not None:
                radius[k], depth[k] = r, z
                break
        else:
            raise ValueError(
                f"the opening around {np.round(centre, 1).tolist()} is not closed towards "
                f"{np.round(d, 2).tolist()} within {reach} mm"
            )
    return angles, radius, depth


def membrane(
    bounds: list[trimesh.Trimesh],
    centre,
    view,
    thickness: float = 2.4,
    inset: float = 0.6,
    smooth: int = 2,
    spacing: float = 0.4,
    recentre: int = 3,
) -> tuple[np.ndarray, np.ndarray]:
    """Ball centres and radii of a membrane across the opening (for a ball-union field):
    the centre is moved to the middle of the rim it sees (``recentre`` times), then rings
    run from there out to the rim less ``inset``, at depths that span the rim's smoothly, so
    that the membrane meets the bones and ligaments around it."""
    centre = np.asarray(centre, float)
    view = unit(np.asarray(view, float))
    e1, e2 = _frame(view)
    for _ in range(recentre):  # a given centre near one edge would crowd the rim there
        angles, radius, depth = rim(bounds, centre, view)
        across = np.cos(angles)[:, None] * e1 + np.sin(angles)[:, None] * e2
        centre = (centre + radius[:, None] * across + depth[:, None] * view).mean(axis=0)
    angles, radius, depth = rim(bounds, centre, view)
    radius = _circular_smooth(radius, smooth) - inset
    depth = _circular_smooth(depth, smooth)
    # balls no further apart than ``spacing`` x the thickness, or the union has holes
    gap = spacing * thickness
    fine = np.linspace(0.0, 2.0 * np.pi, int(np.ceil(2 * np.pi * radius.max() / gap)), False)
    radius = np.interp(fine, angles, radius, period=2 * np.pi)
    depth = np.interp(fine, angles, depth, period=2 * np.pi)
    angles = fine
    s = np.linspace(0.0, 1.0, int(np.ceil(radius.max() / gap)) + 1)[:, None]
    # the depth inside is the harmonic extension of the rim's (each Fourier term of order k
    # fades as s**k towards the centre): a soap-film surface, without ridges or a dimple
    terms = np.fft.rfft(depth)
    order = np.arange(len(terms))
    inner = np.fft.irfft(terms[None, :] * s ** order[None, :], n=len(depth), axis=1)
    across = np.cos(angles)[None, :, None] * e1 + np.sin(angles)[None, :, None] * e2
    pts = centre + (s * radius[None, :])[..., None] * across + inner[..., None] * view
    return pts, np.full(pts.shape[:2], thickness / 2.0)
