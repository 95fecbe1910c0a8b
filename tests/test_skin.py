"""The skin as relations between the built meshes: it covers every bone and muscle it is cut
across, its dimples lie over the posterior superior iliac spines, its subcutaneous layer has
the thickness of its named sites, and the quadrants of the buttock and the ventrogluteal site
have the nerves beneath them that the annotation file says they have."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv
import yaml

from tests.built_meshes import LANDMARKS, ROOT, mesh
from viewer.model.data import load_data
from viewer.model.paths import AtlasPaths

SKIN = mesh("skin")
SURFACE = pv.PolyData(SKIN.vertices, pv.CellArray.from_regular_cells(SKIN.faces))
PARAMETERS = yaml.safe_load((ROOT / "meshes" / "parameters.yaml").read_text(encoding="utf-8"))
SPEC = PARAMETERS["envelopes"]["skin"]
TOP, BOTTOM = SPEC["top"][1], SPEC["bottom"][1]
ATLAS, _, _ = load_data(AtlasPaths.default())
COVERED = sorted(s.mesh for s in ATLAS.data.structures if s.kind != "skin" and s.kind != "foramen")


def outside(points: np.ndarray) -> np.ndarray:
    """Signed distance (mm) of points from the skin: + outside, - inside."""
    return pv.PolyData(points).compute_implicit_distance(SURFACE)["implicit_distance"]


def within_region(points: np.ndarray) -> np.ndarray:
    """The points between the two cuts, where the skin covers the body."""
    return points[(points[:, 1] < TOP - 1.0) & (points[:, 1] > BOTTOM + 1.0)]


def test_the_skin_is_one_closed_surface_symmetric_about_the_midline():
    assert SKIN.is_watertight and SKIN.is_winding_consistent and SKIN.volume > 0
    mirrored = SKIN.vertices * [1.0, 1.0, -1.0]
    from scipy.spatial import cKDTree

    assert cKDTree(SKIN.vertices).query(mirrored)[0].max() < 1e-6


@pytest.mark.parametrize("name", COVERED)
def test_the_skin_covers_every_structure_at_rest(name):
    built = mesh(name)
    points = within_region(np.vstack([built.vertices, built.vertices * [1.0, 1.0, -1.0]]))
    if len(points):
        assert outside(points).max() < 0.0, f"{name} comes through the skin"


def test_the_legs_stay_apart_below_the_crotch():
    """Each thigh has its own skin: one leg moves without dragging a web from the other."""
    low = SKIN.vertices[SKIN.vertices[:, 1] < -250.0]
    assert np.abs(low[:, 2]).min() > 0.25


def test_the_dimples_lie_over_the_posterior_superior_iliac_spines():
    """The deepest point of the skin round each spine lies within 10 mm of the point over the
    spine, and it is a dimple: the skin 25 mm round it stands out from it."""
    psis = np.asarray(LANDMARKS["hip_bone"]["psis"])
    nearest = np.argmin(np.linalg.norm(SKIN.vertices - psis, axis=1))
    normal = SKIN.vertex_normals[nearest]
    rel = SKIN.vertices - psis
    along = rel @ normal
    beside = np.linalg.norm(rel - along[:, None] * normal, axis=1)
    over = (along > 0) & (along < 60)
    around = over & (beside < 15.0)
    deepest = np.flatnonzero(around)[np.argmin(along[around])]
    assert beside[deepest] <= 10.0, f"the dimple is {beside[deepest]:.1f} mm off the spine"
    rim = over & (beside > 22.0) & (beside < 28.0)
    assert along[rim].mean() - along[deepest] > 3.0


PUBLISHED = ("psis_dimple", "dorsogluteal", "ventrogluteal", "distal_thigh")
"""The sites whose thickness comes from a publication (docs/skin.md); the others shape the
surface (the cleft, the folds, the lower buttock)."""


@pytest.mark.parametrize("site", [s for s in SPEC["sites"] if s["name"] in PUBLISHED])
def test_the_subcutaneous_layer_has_its_published_thickness_at_the_named_sites(site):
    beneath = np.asarray(LANDMARKS["skin"][f"{site['name']}_beneath"])
    depth = -outside(beneath[None])[0]
    assert depth == pytest.approx(site["mm"], rel=0.35), f"{site['name']}: {depth:.1f} mm"


BENEATH_SHARE = 0.15
"""A nerve lies under a quadrant when this share of its course through the buttock does."""


def _in_quadrant(points: np.ndarray, quadrant: tuple[str, str]) -> np.ndarray:
    """Which points lie under a quadrant of the right buttock, seen from behind: of those
    outside the pelvis (lateral to the greater sciatic notch) between the iliac crest and the
    gluteal fold and between the cleft and the side of the hip, split by a line across halfway
    from the crest to the fold and one down halfway from the cleft to the side."""
    skin = {k: np.asarray(v) for k, v in LANDMARKS["skin"].items()}
    notch = np.asarray(LANDMARKS["hip_bone"]["greater_sciatic_notch"])
    top, bottom = skin["iliac_crest"][1], skin["gluteal_fold"][1]
    inner, outer = skin["gluteal_cleft"][2], skin["greater_trochanter"][2]
    level, split = (top + bottom) / 2, (inner + outer) / 2
    y, z = points[:, 1], points[:, 2]
    buttock = (y < top) & (y > bottom) & (z > notch[2]) & (z < outer) & (points[:, 0] < -60)
    points = points[buttock]
    upper = points[:, 1] > level if quadrant[0] == "upper" else points[:, 1] <= level
    side = points[:, 2] > split if quadrant[1] == "outer" else points[:, 2] <= split
    return upper & side


@pytest.mark.parametrize("site", [s for s in ATLAS.data.surface_sites if s.quadrant])
def test_each_quadrant_has_the_sciatic_and_superior_gluteal_nerves_it_says_beneath_it(site):
    for nerve in ("sciatic_nerve", "superior_gluteal_nerve"):
        share = _in_quadrant(np.asarray(mesh(nerve).vertices), site.quadrant).mean()
        under = share >= BENEATH_SHARE
        assert under == (nerve in site.nerves_beneath), f"{nerve} under {site.id}: {share:.2f}"


def test_the_ventrogluteal_site_is_clear_of_the_sciatic_and_superior_gluteal_trunks():
    site = np.asarray(LANDMARKS["skin"]["ventrogluteal_site"])
    for nerve, clear in (("sciatic_nerve", 80.0), ("superior_gluteal_nerve", 30.0)):
        gap = np.linalg.norm(np.asarray(mesh(nerve).vertices) - site, axis=1).min()
        # the superior gluteal nerve's branches run deep, between gluteus medius and
        # minimus: beyond the reach of a 25 mm needle through the skin there
        assert gap > clear, f"{nerve} {gap:.0f} mm from the site"
