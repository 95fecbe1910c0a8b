"""From a signed-distance field to a clean, closed, outward-oriented triangle mesh,
and binary PLY output."""

from __future__ import annotations

import numpy as np
import pyvista as pv
import trimesh
import vtk


def grid_points(lo, hi, h):
    lo = np.floor(np.asarray(lo, float) / h) * h
    hi = np.ceil(np.asarray(hi, float) / h) * h
    dims = np.round((hi - lo) / h).astype(int) + 1
    xs = [lo[i] + h * np.arange(dims[i]) for i in range(3)]
    # VTK point order: x fastest
    Z, Y, X = np.meshgrid(xs[2], xs[1], xs[0], indexing="ij")
    P = np.column_stack([X.ravel(), Y.ravel(), Z.ravel()])
    return P, dims, lo


def eval_narrow(field, P, dims, h, factor=4):
    """Evaluate the field on the fine grid, exactly only near the surface: a coarse
    grid (spacing factor*h) is evaluated first and trilinearly upsampled; fine
    values are computed where the coarse estimate is within a band of the surface."""

    nz, ny, nx = int(dims[2]), int(dims[1]), int(dims[0])
    G = P.reshape(nz, ny, nx, 3)
    iz = np.unique(np.r_[np.arange(0, nz, factor), nz - 1])
    iy = np.unique(np.r_[np.arange(0, ny, factor), ny - 1])
    ix = np.unique(np.r_[np.arange(0, nx, factor), nx - 1])
    Pc = G[np.ix_(iz, iy, ix)].reshape(-1, 3)
    dc = field(Pc).reshape(len(iz), len(iy), len(ix))
    from scipy.interpolate import RegularGridInterpolator

    rgi = RegularGridInterpolator((iz.astype(float), iy.astype(float), ix.astype(float)), dc)
    Zi, Yi, Xi = np.meshgrid(
        np.arange(nz, dtype=float),
        np.arange(ny, dtype=float),
        np.arange(nx, dtype=float),
        indexing="ij",
    )
    di = rgi(np.column_stack([Zi.ravel(), Yi.ravel(), Xi.ravel()]))
    band = 2.2 * factor * h
    m = np.abs(di) < band
    d = di.copy()
    d[m] = field(P[m])
    return d


class ClippedError(ValueError):
    """A shape reaches the edge of its sampling box, which would cut it off flat."""


def close_box(D, h, lo, hi, open_faces=()):
    """Force the outer layer of the grid ``D`` (indexed z, y, x) outside, so that the
    contour is a closed surface, after checking that the shape lies inside the box:
    a shape touching a face would be silently cut off flat there. ``open_faces`` (e.g.
    ``"z-"``) are faces where the shape is meant to continue (a mirror plane)."""
    faces = {
        "z-": (0, slice(None), slice(None)),
        "z+": (-1, slice(None), slice(None)),
        "y-": (slice(None), 0, slice(None)),
        "y+": (slice(None), -1, slice(None)),
        "x-": (slice(None), slice(None), 0),
        "x+": (slice(None), slice(None), -1),
    }
    cut = [name for name, ix in faces.items() if name not in open_faces and (D[ix] < 0).any()]
    if cut:
        raise ClippedError(
            f"the shape reaches the {', '.join(cut)} face(s) of its sampling box "
            f"{np.round(lo, 1).tolist()} .. {np.round(hi, 1).tolist()}: enlarge the bounds"
        )
    for name, ix in faces.items():
        if name not in open_faces:
            D[ix] = np.maximum(D[ix], h)


def open_close(D, h, r_open=1, r_close=1):
    """Morphological opening then closing of the inside region (removes slivers thinner
    than ~2*r_open voxels and fills pinholes); changed voxels get a value of +-h/2."""
    from scipy import ndimage

    inside = D < 0
    st = ndimage.generate_binary_structure(3, 1)
    m = inside
    if r_open:
        m = ndimage.binary_opening(m, structure=st, iterations=r_open)
    if r_close:
        m = ndimage.binary_closing(np.pad(m, r_close + 1), structure=st, iterations=r_close)[
            r_close + 1 : -r_close - 1, r_close + 1 : -r_close - 1, r_close + 1 : -r_close - 1
        ]
    D = D.copy()
    D[inside & ~m] = 0.5 * h
    D[~inside & m] = -0.5 * h
    return D


def contour_field(field, lo, hi, h, narrow=True, morph=0):
    P, dims, origin = grid_points(lo, hi, h)
    d = eval_narrow(field, P, dims, h) if narrow else field(P)
    D = d.reshape(dims[2], dims[1], dims[0])
    if morph:
        D = open_close(D, h, morph, morph)
    close_box(D, h, lo, hi)
    img = pv.ImageData(
        dimensions=tuple(int(x) for x in dims), spacing=(h, h, h), origin=tuple(origin)
    )
    img.point_data["d"] = D.ravel().astype(np.float32)
    surf = img.contour([0.0], scalars="d", method="flying_edges")
    return surf, D, dims, origin


def _largest(surf):
    surf = surf.connectivity("largest")
    return pv.PolyData(surf.points, surf.faces) if surf.n_cells else surf


def _surface(surf):
    """Every piece of the surface, as plain triangles (what the decimation takes)."""
    return pv.PolyData(surf.points, surf.faces).clean() if surf.n_cells else surf


def to_trimesh(surf):
    faces = surf.faces.reshape(-1, 4)[:, 1:]
    return trimesh.Trimesh(np.asarray(surf.points, float), faces, process=False)


def check(tm):
    return bool(tm.is_watertight and tm.is_winding_consistent and tm.volume > 0)


def relax_creases(tm, max_crease, rounds=8, step=0.5, every=False):
    """Ease the few creases a decimation leaves (a tendon's rim where it meets bone, a
    bony tip): the vertices of every edge sharper than ``max_crease`` and their neighbours
    move part-way to the mean of their neighbours, a few rounds, the rest of the mesh left
    as it is. Cheaper than raising the whole mesh's budget for a handful of edges; True
    when the mesh (changed in place) is then smooth enough: its 99.9th percentile, or with
    ``every`` each of its edges (a smooth surface such as the skin, where a single folded
    triangle shows as a slit)."""
    neighbours = tm.vertex_neighbors

    def smooth_enough():
        angles = np.degrees(tm.face_adjacency_angles)
        return (angles.max() if every else dihedral_p999(tm)) <= max_crease

    for _ in range(rounds):
        bad = np.degrees(tm.face_adjacency_angles) > max_crease
        if smooth_enough():
            return True
        seeds = np.unique(tm.faces[tm.face_adjacency[bad]].ravel())
        ring = np.unique(np.concatenate([seeds, *(neighbours[i] for i in seeds)]))
        v = tm.vertices.copy()
        mean = np.array([v[neighbours[i]].mean(axis=0) for i in ring])
        v[ring] += step * (mean - v[ring])
        tm.vertices = v
    return smooth_enough()


def finalize(surf, target, smooth_iter=40, pass_band=0.06, keep_largest=True, max_crease=None):
    """Clean, smooth (windowed sinc), decimate to ``target`` triangles, orient outward.

    With ``max_crease`` (degrees), the budget is raised in steps of 8 % until the
    99.9th percentile of the neighbouring-face angles is below it: a budget that is too
    small for a shape shows as facets and creases in the viewer."""
    pieces = _largest if keep_largest else _surface
    surf = pieces(surf.triangulate().clean())
    surf = surf.smooth_taubin(n_iter=smooth_iter, pass_band=pass_band, non_manifold_smoothing=True)
    n = surf.n_cells
    if target and n > target:
        for _ in range(30):
            red = 1.0 - target / n
            dec = surf.decimate(red, volume_preservation=True, attribute_error=False)
            dec = pieces(dec.clean())
            tm = to_trimesh(dec)
            trimesh.repair.fix_winding(tm)
            if tm.volume < 0:
                tm.invert()
            smooth_enough = max_crease is None or dihedral_p999(tm) <= max_crease
            if not smooth_enough and relax_creases(tm, max_crease):
                smooth_enough = True
                dec = pv.PolyData(tm.vertices, pv.CellArray.from_regular_cells(tm.faces))
            if check(tm) and len(tm.edges_unique) * 2 == len(tm.edges) and smooth_enough:
                surf = dec
                break
            target = int(target * 1.08)
            if target >= n:
                break
    tm = to_trimesh(surf.clean())
    tm.merge_vertices()
    tm.remove_unreferenced_vertices()
    trimesh.repair.fix_winding(tm)
    if tm.volume < 0:
        tm.invert()
    return tm


def mesh_from_field(field, lo, hi, h, target, return_grid=False, morph=0, **kw):
    surf, D, dims, origin = contour_field(field, lo, hi, h, morph=morph)
    tm = finalize(surf, target, **kw)
    if return_grid:
        return tm, (D, dims, origin, h)
    return tm


def mirror_z(tm):
    v = np.asarray(tm.vertices).copy()
    v[:, 2] *= -1
    return trimesh.Trimesh(v, np.asarray(tm.faces)[:, ::-1].copy(), process=False)


def symmetric_from_right(tm):
    """Make a closed mesh exactly symmetric about z = 0: keep the z >= 0 half
    (clipped at the plane), mirror it and weld the seam."""
    pd = pv.PolyData(
        np.asarray(tm.vertices, float),
        np.hstack([np.full((len(tm.faces), 1), 3), tm.faces]).ravel(),
    )
    half = pd.clip(normal=(0, 0, -1), origin=(0, 0, 0), invert=False)  # keeps z >= 0
    half = half.triangulate().clean()
    v = np.asarray(half.points, float).copy()
    f = half.faces.reshape(-1, 4)[:, 1:].copy()
    v[np.abs(v[:, 2]) < 1e-4, 2] = 0.0
    vm = v.copy()
    vm[:, 2] *= -1
    V = np.vstack([v, vm])
    F = np.vstack([f, f[:, ::-1] + len(v)])
    out = trimesh.Trimesh(V, F, process=False)
    out.merge_vertices(digits_vertex=6)
    out.remove_unreferenced_vertices()
    # remove degenerate faces created by the clip
    ok = out.nondegenerate_faces(height=1e-6)
    out.update_faces(ok)
    out.remove_unreferenced_vertices()
    trimesh.repair.fix_winding(out)
    if out.volume < 0:
        out.invert()
    return out


def canonical(tm):
    """Deterministic vertex/face order and float32 rounding."""
    v = np.asarray(tm.vertices, np.float32)
    f = np.asarray(tm.faces, np.int64)
    return v, f


def write_ply(path, tm, fibres=None):
    """Binary PLY with vertex normals; ``fibres`` (N, 3), for a muscle, adds each vertex's
    fibre direction (unit, from origin towards insertion) as ``fx fy fz``."""
    v, f = canonical(tm)
    t2 = trimesh.Trimesh(v.astype(float), f, process=False)
    n = np.asarray(t2.vertex_normals, np.float32)
    extra = (
        "property float fx\nproperty float fy\nproperty float fz\n" if fibres is not None else ""
    )
    header = (
        "ply\nformat binary_little_endian 1.0\n"
        f"element vertex {len(v)}\n"
        "property float x\nproperty float y\nproperty float z\n"
        "property float nx\nproperty float ny\nproperty float nz\n"
        f"{extra}"
        f"element face {len(f)}\n"
        "property list uchar int vertex_indices\nend_header\n"
    ).encode("ascii")
    fields = [("p", "<f4", 3), ("n", "<f4", 3)] + ([("d", "<f4", 3)] if fibres is not None else [])
    vert = np.empty(len(v), dtype=fields)
    vert["p"] = v
    vert["n"] = n
    if fibres is not None:
        vert["d"] = np.asarray(fibres, np.float32)
    face = np.empty(len(f), dtype=[("c", "u1"), ("i", "<i4", 3)])
    face["c"] = 3
    face["i"] = f
    with open(path, "wb") as fh:
        fh.write(header)
        fh.write(vert.tobytes())
        fh.write(face.tobytes())


def fibre_directions(grid, points):
    """For each of ``points``, the direction of the nearest fibre of a lofted sheet: ``grid``
    (n_across, n_along, 3) holds the fibres' centres from origin to insertion."""
    from scipy.spatial import cKDTree

    along = np.gradient(np.asarray(grid, float), axis=1)
    along /= np.maximum(np.linalg.norm(along, axis=2, keepdims=True), 1e-9)
    _, nearest = cKDTree(grid.reshape(-1, 3)).query(np.asarray(points, float))
    return along.reshape(-1, 3)[nearest]


def dihedral_p999(tm):
    ang = np.degrees(tm.face_adjacency_angles)
    return float(np.percentile(ang, 99.9)) if len(ang) else 0.0


def ray_to_surface(tm_or_pd, start, direction, fallback=True):
    """First intersection of the ray start + t*direction (t >= 0) with the surface."""
    if isinstance(tm_or_pd, trimesh.Trimesh):
        pd = pv.PolyData(
            np.asarray(tm_or_pd.vertices, float),
            np.hstack([np.full((len(tm_or_pd.faces), 1), 3), tm_or_pd.faces]).ravel(),
        )
    else:
        pd = tm_or_pd
    loc = vtk.vtkOBBTree()
    loc.SetDataSet(pd)
    loc.BuildLocator()
    pts = vtk.vtkPoints()
    start = np.asarray(start, float)
    end = start + 400.0 * np.asarray(direction, float) / np.linalg.norm(direction)
    loc.IntersectWithLine(start, end, pts, None)
    if pts.GetNumberOfPoints():
        return np.array(pts.GetPoint(0))
    if not fallback:
        return None
    return closest_point(pd, start)


def closest_point(pd, p):
    loc = vtk.vtkCellLocator()
    loc.SetDataSet(pd)
    loc.BuildLocator()
    cp = [0.0, 0.0, 0.0]
    cid = vtk.reference(0)
    sid = vtk.reference(0)
    d2 = vtk.reference(0.0)
    loc.FindClosestPoint(np.asarray(p, float), cp, cid, sid, d2)
    return np.array(cp)


def symmetric_mesh_from_field(field, lo, hi, h, target, smooth_iter=40, pass_band=0.06):
    """Mesh of a field symmetric about z = 0, exactly symmetric: the z >= 0 half is
    contoured on a grid starting at z = 0 (its open rim lies in the plane), smoothed and
    decimated with the rim fixed, then mirrored and welded."""
    lo = np.array(lo, float)
    lo[2] = 0.0
    P, dims, origin = grid_points(lo, hi, h)
    d = eval_narrow(field, P, dims, h)
    D = d.reshape(dims[2], dims[1], dims[0])
    close_box(D, h, lo, hi, open_faces=("z-",))
    img = pv.ImageData(
        dimensions=tuple(int(x) for x in dims), spacing=(h, h, h), origin=tuple(origin)
    )
    img.point_data["d"] = D.ravel().astype(np.float32)
    surf = img.contour([0.0], scalars="d", method="flying_edges").triangulate().clean()
    surf = _largest(surf)
    surf = surf.smooth_taubin(n_iter=smooth_iter, pass_band=pass_band, boundary_smoothing=False)
    n = surf.n_cells
    half_target = target // 2
    out = None
    for _ in range(16):
        cand = surf
        if n > half_target:
            cand = surf.decimate(
                1.0 - half_target / n,
                volume_preservation=True,
                attribute_error=False,
                boundary_constraints=True,
                boundary_weight=10.0,
            )
            cand = _largest(cand.clean())
        out = _weld_mirror(cand)
        if check(out) and (dihedral_p999(out) <= 39.6 or relax_creases(out, 39.6)):
            break
        half_target = int(half_target * 1.08)
        if half_target >= n:
            out = _weld_mirror(surf)
            break
    return out, (D, dims, origin, h)


def _weld_mirror(surf):
    v = np.asarray(surf.points, float).copy()
    f = surf.faces.reshape(-1, 4)[:, 1:].copy()
    half = trimesh.Trimesh(v, f, process=False)
    rim = np.unique(
        half.edges_sorted[trimesh.grouping.group_rows(half.edges_sorted, require_count=1)]
    )
    v[rim, 2] = 0.0
    vm = v * [1.0, 1.0, -1.0]
    out = trimesh.Trimesh(np.vstack([v, vm]), np.vstack([f, f[:, ::-1] + len(v)]), process=False)
    out.merge_vertices(digits_vertex=6)
    out.remove_unreferenced_vertices()
    # welding can leave a stray pair of back-to-back slivers on the seam: keep the main body
    parts = out.split(only_watertight=False)
    if len(parts) > 1:
        out = max(parts, key=lambda m: len(m.faces))
    trimesh.repair.fix_winding(out)
    if out.volume < 0:
        out.invert()
    return out
