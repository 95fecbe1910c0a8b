"""The hip flexors of the posterior abdominal wall as relations between the built meshes:
psoas major beside the lumbar bodies and in front of their transverse processes, iliacus in
the iliac fossa, the femoral nerve in the groove between them, the lumbar plexus inside
psoas, and both muscles on the lesser trochanter."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import cKDTree

from meshes.build import LUMBAR, PARAMETERS
from tests.built_meshes import LANDMARKS, attachment_gaps, band, mesh

PSOAS = np.asarray(mesh("psoas_major").vertices)
ILIACUS = np.asarray(mesh("iliacus").vertices)


@pytest.mark.parametrize("level", LUMBAR[1:])  # L4 up: at L5 psoas leaves the column
def test_psoas_lies_beside_the_body_and_in_front_of_the_transverse_process(level):
    """At each level's mid-height psoas lies against the side of the body (further out than
    the body's lateral surface) and in front of the transverse process, which reaches out
    behind it (+x anterior)."""
    vertebra = np.asarray(mesh(level).vertices)
    centre = np.array(LANDMARKS[level]["body_centre"])
    muscle = band(PSOAS, centre[1] - 8, centre[1] + 8)
    bone = band(vertebra, centre[1] - 8, centre[1] + 8)
    assert len(muscle) > 20, f"psoas does not reach {level}"
    body_side = bone[bone[:, 0] > centre[0] - 10][:, 2].max()  # the body's lateral surface
    assert np.median(muscle[:, 2]) > body_side
    process = bone[bone[:, 2] > body_side + 5]  # the transverse process, out to the side
    assert len(process) > 20, level
    assert np.median(muscle[:, 0]) > np.median(process[:, 0]) + 10.0


def test_iliacus_lines_the_inner_surface_of_the_iliac_wing():
    """Above the pelvic brim every part of iliacus has the wing lateral to it: seen from the
    side, bone lies further out (+z) than the muscle at the same place."""
    hip = np.asarray(mesh("hip_bone").vertices)
    above = band(ILIACUS, 0.0, 60.0)[::5]
    near = cKDTree(hip[:, :2]).query_ball_point(above[:, :2], 4.0)
    covered = [bool(n) and hip[n, 2].max() > p[2] for p, n in zip(above, near, strict=True)]
    assert np.mean(covered) > 0.9, np.mean(covered)


def test_iliacus_joins_psoas_on_its_lateral_side_in_front_of_the_hip():
    hip_centre = np.array(LANDMARKS["hip_bone"]["acetabulum_centre"])
    low, high = hip_centre[1] - 10, hip_centre[1] + 20
    assert np.median(band(ILIACUS, low, high)[:, 2]) > np.median(band(PSOAS, low, high)[:, 2])
    for muscle in (ILIACUS, PSOAS):  # both in front of the femoral head
        assert np.median(band(muscle, low, high)[:, 0]) > hip_centre[0] + 15


@pytest.mark.parametrize("muscle", ["psoas_major", "iliacus"])
def test_each_reaches_its_annotated_attachments(muscle):
    """Every landmark of the origin and insertion areas in the annotation file lies on the
    muscle (within 6 mm of its surface): psoas at the lesser trochanter and the side of each
    lumbar body, iliacus in the iliac fossa and just below the lesser trochanter."""
    gaps = attachment_gaps(muscle)
    assert gaps
    for bone, landmark, gap in gaps:
        assert gap <= 6.0, (bone, landmark, gap)


def test_the_femoral_nerve_runs_in_the_groove_between_psoas_and_iliacus():
    nerve = np.asarray(mesh("femoral_nerve").vertices)
    for low, high in ((-30.0, -10.0), (-10.0, 10.0)):
        z = np.median(band(nerve, low, high)[:, 2])
        assert (
            np.median(band(PSOAS, low, high)[:, 2]) < z < np.median(band(ILIACUS, low, high)[:, 2])
        )


def test_the_lumbar_plexus_forms_inside_psoas():
    """Each point of the plexus below its foramina lies inside psoas: behind the surface
    of psoas nearest to it (the outward normal points away from it)."""
    psoas = mesh("psoas_major")
    plexus = np.asarray(mesh("lumbar_plexus").vertices)
    inside_muscle = plexus[plexus[:, 2] > 32.0]  # out of the foramina, into the muscle
    _, nearest = cKDTree(psoas.vertices).query(inside_muscle)
    outward = np.einsum(
        "ij,ij->i", inside_muscle - psoas.vertices[nearest], psoas.vertex_normals[nearest]
    )
    assert (outward < 0).mean() > 0.9, (outward < 0).mean()


def test_psoas_arises_from_every_lumbar_level():
    """The origins of psoas reach from L1 down: its top lies at L1's body."""
    top = PSOAS[:, 1].max()
    l1 = PARAMETERS["lumbar_vertebrae"][LUMBAR[-1]]
    assert top > LANDMARKS[LUMBAR[-1]]["body_centre"][1] - l1["height"] / 2
