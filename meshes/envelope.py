"""The body's surface over everything beneath it: an envelope entry of the parameters.

The skin is not drawn; it follows from what lies under it. Every structure it covers is
voxelised on one grid; each half of the body is closed (a morphological closing, dilation
then erosion by ``closing`` mm), so that the hollows between neighbouring muscles fill as
the subcutaneous fat fills them, while the two thighs, closed apart, stay apart below the
crotch and the buttocks meet in the gluteal cleft; the two halves together are then closed
by ``midline_closing`` mm above the crotch, which shuts the narrow gaps across the midline
(the pelvic floor's hiatus, which the pelvic organs fill). The closed body is offset
outwards by the subcutaneous layer's thickness, interpolated between named sites
(published values, see docs/skin.md); near a tethered site (the dimples over the posterior
superior iliac spines, the gluteal fold) the offset is measured from the site's point
itself, however deep inside the closed body it lies: a dimple or a crease; nowhere does the
skin come nearer the structures than ``clearance`` mm. The region ends
at two flat cuts, at the waist and below the knees, across structures that go on beyond.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from meshes.sdf import smax, smin
from meshes.soft import GridField


def covered_mask(meshes, lo, dims, h):
    """Voxels (z, y, x) inside any of ``meshes`` (closed trimeshes): the built surfaces, not
    their fields, whose grids can hold islands that the mesh dropped."""
    mask = np.zeros((dims[2], dims[1], dims[0]), bool)
    for mesh in meshes:
        centres = mesh.voxelized(pitch=h).fill().points
        k = np.rint((centres - lo) / h).astype(int)
        k = k[((k >= 0) & (k < dims)).all(axis=1)]
        mask[k[:, 2], k[:, 1], k[:, 0]] = True
    return mask


def extrude(mask, lo, h, bottom, top, radius):
    """The structures' cross-sections at the cut planes carried on beyond them, closed by
    ``radius`` and filled, so that the closing does not round the body off where the region
    merely ends, and the trunk's cavity (whose organs are not modelled) is shut at the waist
    and counts as inside."""
    y = lo[1] + h * np.arange(mask.shape[1])
    above, below = y > top, y < bottom
    cuts = ((above, np.flatnonzero(~above)[-1], True), (below, np.flatnonzero(~below)[0], False))
    for beyond, edge, trunk in cuts:
        if beyond.any():
            section = mask[:, edge, :]
            if trunk:  # the waist's ring of muscles is whole only with both halves
                section = section | section[::-1]
            section = ndimage.binary_fill_holes(closed(section, h, radius))
            mask[:, beyond, :] |= section[:, None, :]
    return mask


def closed(mask, h, radius):
    """Morphological closing by a ball of ``radius`` mm (exact, by distance transforms)."""
    r = radius / h
    dilated = ndimage.distance_transform_edt(~mask) <= r
    return ndimage.distance_transform_edt(dilated) > r


def signed_distance(mask, h):
    """Approximate signed distance (mm) to a voxel set's boundary: + outside, - inside."""
    outside = ndimage.distance_transform_edt(~mask)
    inside = ndimage.distance_transform_edt(mask)
    return h * (np.where(mask, 0.5 - inside, outside - 0.5))


def gaussian(points, centre, radius):
    """exp(-(distance / radius)^2) of each point (N, 3) from ``centre``."""
    return np.exp(-((points - centre) ** 2).sum(axis=1) / radius**2)


def surface_normal(centre, s_body, outward, lo, h):
    """The outward normal of the closed body's surface over ``centre``: found by walking from
    the point up the distance's gradient to the surface (deep inside, the gradient points to
    whichever part of the surface is nearest, not out through the skin above the point)."""
    top = np.array(s_body.shape[::-1]) - 1
    p = np.asarray(centre, float).copy()
    for _ in range(200):
        k = np.clip(np.rint((p - lo) / h).astype(int), 0, top)
        g = outward[k[2], k[1], k[0]][::-1]
        g = g / max(np.linalg.norm(g), 1e-9)
        if s_body[k[2], k[1], k[0]] >= 0:
            return g
        p += 0.5 * h * g
    return g


def tethered(points, centre, normal, radius, depth):
    """How strongly the skin is bound down at ``centre`` (1 on the line out of it along the
    body's outward ``normal`` there, falling off over ``radius`` mm beside it), between just
    under the surface and well beyond the skin's ``depth``: a dimple, not a pit."""
    rel = points - centre
    along = rel @ normal
    beside = np.linalg.norm(rel - along[:, None] * normal, axis=1)
    inside = (along > -10.0) & (along < depth + 3 * radius)
    return np.where(inside, np.exp(-((beside / radius) ** 2)), 0.0)


def envelope_field(right, midline, sites, spec, lo, hi, h):
    """The skin's signed-distance field (a GridField) over ``right`` (right-side
    structures' meshes, mirrored for the left) and ``midline`` meshes.

    ``sites``: (name, point, thickness mm, tether radius mm or 0, the tether's direction or
    None for the body's normal) in the right half; they are mirrored to the left."""
    lo = np.floor(np.asarray(lo, float) / h) * h
    dims = np.round((np.asarray(hi, float) - lo) / h).astype(int) + 1
    dims[2] = 2 * int(np.ceil(-lo[2] / h)) + 1  # symmetric about z = 0
    lo[2] = -h * (dims[2] // 2)
    bottom, top = spec["bottom"], spec["top"]
    half = covered_mask([*right, *midline], lo, dims, h)
    half = extrude(half, lo, h, bottom, top, spec["closing"])
    raw = half | half[::-1]
    body = closed(half, h, spec["closing"])
    body = body | body[::-1]
    # then both halves together, by less, in the trunk: the narrow gaps across the midline
    # (the pelvic floor's hiatus, where the viscera would be) close; below the crotch, the
    # lowest point of the midline, the legs stay apart even where the knees nearly meet
    crotch = np.flatnonzero(body[body.shape[0] // 2].any(axis=1))[0]
    joined = closed(body, h, spec["midline_closing"])
    joined[:, :crotch, :] = body[:, :crotch, :]
    body = ndimage.binary_fill_holes(joined)
    # fat evens out the relief of the muscles beneath it (and the grid's steps)
    sigma = spec["smoothing"] / h
    s_body = ndimage.gaussian_filter(signed_distance(body, h), sigma)

    zs, ys, xs = (lo[k] + h * np.arange(dims[k]) for k in (2, 1, 0))
    Z, Y, X = np.meshgrid(zs, ys, xs, indexing="ij")
    P = np.column_stack([X.ravel(), Y.ravel(), Z.ravel()])
    # the default thickness holds where no site lies within about twice `spread`; at a
    # site, its own thickness (a weight of e^-4 against the site's 1)
    weight = np.full(len(P), np.exp(-4.0), np.float32)
    thickness = weight * spec["thickness"]
    tied = np.zeros(len(P), np.float32)
    tied_thickness = np.zeros(len(P), np.float32)
    outward = np.stack(np.gradient(s_body, h), axis=-1)  # (z, y, x) components
    for _, point, mm, tether, toward in sites:
        for mirror in (1.0, -1.0):
            centre = point * [1.0, 1.0, mirror]
            # the skin lies `mm` from the site's point itself: the closed body, which the
            # offset is taken from, already lies this far outside the point (or inside it)
            k = np.clip(np.rint((centre - lo) / h).astype(int), 0, dims - 1)
            offset = mm + s_body[k[2], k[1], k[0]]
            if not tether:  # a site of the layer's thickness, spread round it
                w = gaussian(P, centre, spec["spread"])
                weight += w
                thickness += w * offset
            else:  # bound down: a dimple or crease straight out from the point
                if toward is None:
                    normal = surface_normal(centre, s_body, outward, lo, h)
                else:
                    normal = np.asarray(toward, float) * [1.0, 1.0, mirror]
                    normal /= np.linalg.norm(normal)
                t = tethered(P, centre, normal, tether, mm)
                nearer = t > tied
                tied[nearer] = t[nearer]
                tied_thickness[nearer] = offset
    thickness /= weight
    thickness = (1 - tied) * thickness + tied * tied_thickness
    s = s_body.ravel()
    D = s - thickness
    # never nearer the structures than `clearance`, a dimple's floor included
    near = ndimage.gaussian_filter(signed_distance(raw, h), 1.0).ravel()
    D = smin(D, near - spec["clearance"], 2.0)
    # flat cuts with rounded rims: a square rim is a crease no budget smooths
    D = smax(smax(D, P[:, 1] - top, spec["cut_rounding"]), bottom - P[:, 1], spec["cut_rounding"])
    return GridField(D.astype(np.float32), dims, lo, h), (lo, lo + h * (dims - 1))
