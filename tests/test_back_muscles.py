"""The back muscles of the lumbar region as relations between the built meshes: multifidus in
the groove between the spinous and transverse processes, erector spinae behind and lateral to
it, quadratus lumborum between psoas in front and erector spinae behind, out at the tips of
the transverse processes; and the dorsal rami running from the spine into the muscles they
supply."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh
from scipy.spatial import cKDTree

from meshes.build import LUMBAR, PARAMETERS
from tests.built_meshes import LANDMARKS, attachment_gaps, band, mesh

BACK = ("multifidus", "erector_spinae", "quadratus_lumborum")
VERTICES = {name: np.asarray(mesh(name).vertices) for name in (*BACK, "psoas_major")}
MIDDLE = LUMBAR[1:4]  # L4, L3, L2: where all of them lie side by side


def level_band(name: str, level: str) -> np.ndarray:
    centre = LANDMARKS[level]["body_centre"][1]
    return band(VERTICES[name], centre - 8, centre + 8)


@pytest.mark.parametrize("level", MIDDLE)
def test_multifidus_fills_the_groove_beside_the_spinous_process(level):
    """Between the spinous process (the midline) and the tip of the transverse process, and
    behind the tip, at each level."""
    muscle = level_band("multifidus", level)
    tip = np.array(LANDMARKS[level]["transverse_process_tip"])
    assert len(muscle) > 20, level
    assert 0 < np.median(muscle[:, 2]) < tip[2]
    assert np.median(muscle[:, 0]) < tip[0] - 15


@pytest.mark.parametrize("level", MIDDLE)
def test_erector_spinae_lies_behind_and_lateral_to_multifidus(level):
    erector, multifidus = level_band("erector_spinae", level), level_band("multifidus", level)
    assert np.median(erector[:, 2]) > np.median(multifidus[:, 2]) + 15
    assert erector[:, 0].min() < multifidus[:, 0].min()  # its back surface is further back


@pytest.mark.parametrize("level", MIDDLE)
def test_quadratus_lumborum_lies_between_psoas_and_erector_spinae(level):
    """Front to back (+x anterior): psoas, quadratus lumborum, erector spinae."""
    x = {
        name: np.median(level_band(name, level)[:, 0]) for name in VERTICES if name != "multifidus"
    }
    assert x["psoas_major"] > x["quadratus_lumborum"] > x["erector_spinae"], x


@pytest.mark.parametrize("level", LUMBAR[1:])
def test_quadratus_lumborum_reaches_the_tip_of_each_transverse_process(level):
    tip = np.array(LANDMARKS[level]["transverse_process_tip"])
    gap, _ = cKDTree(VERTICES["quadratus_lumborum"]).query(tip)
    assert gap < 8.0, (level, gap)


@pytest.mark.parametrize("name", BACK)
def test_each_reaches_its_annotated_attachments(name):
    """Every landmark of the origin and insertion areas in the annotation file lies on the
    muscle (within 8 mm of its surface)."""
    gaps = attachment_gaps(name)
    assert gaps
    for bone, landmark, gap in gaps:
        assert gap <= 8.0, (bone, landmark, gap)


def test_the_dorsal_rami_run_from_the_spine_into_the_back_muscles():
    """Each ramus starts beside the vertebral column and ends inside multifidus or erector
    spinae (the nearest muscle surface faces away from it)."""
    muscles = trimesh.util.concatenate([mesh("multifidus"), mesh("erector_spinae")])
    tree = cKDTree(muscles.vertices)
    for branch in PARAMETERS["tubes"]["lumbar_dorsal_rami"]["branches"]:
        start, end = np.array(branch["course"][0]), np.array(branch["course"][-1])
        assert start[0] > end[0] + 20  # it runs backwards
        _, k = tree.query(end)
        outward = (end - muscles.vertices[k]) @ muscles.vertex_normals[k]
        assert outward < 0, end
