"""The posterior layer of the thoracolumbar fascia as relations between the built meshes: a
sheet behind erector spinae and multifidus, never inside them, from the spinous processes
out to the lateral border of erector spinae, down to the back of the iliac crest and the
upper border of gluteus maximus (which arises from it), cut where the region ends."""

from __future__ import annotations

import numpy as np

from tests.built_meshes import LANDMARKS, attachment_gaps, mesh, signed_distance

FASCIA = np.asarray(mesh("thoracolumbar_fascia").vertices)


def test_it_lies_behind_the_back_muscles_and_never_inside_them():
    for muscle in ("erector_spinae", "multifidus", "gluteus_maximus"):
        assert signed_distance(FASCIA, muscle).min() > 0.5, muscle
    erector = np.asarray(mesh("erector_spinae").vertices)
    for y in (100.0, 150.0, 190.0):  # +x is in front: the fascia is further back (-x)
        band = np.abs(FASCIA[:, 1] - y) < 4
        muscle = (np.abs(erector[:, 1] - y) < 4) & (np.abs(erector[:, 2] - 40) < 10)
        assert FASCIA[band & (np.abs(FASCIA[:, 2] - 40) < 10), 0].min() < erector[muscle, 0].min()


def test_it_covers_erector_spinae_from_the_spinous_processes_to_its_lateral_border():
    erector = np.asarray(mesh("erector_spinae").vertices)
    for y in (120.0, 180.0):
        band = FASCIA[np.abs(FASCIA[:, 1] - y) < 4]
        muscle = erector[np.abs(erector[:, 1] - y) < 4]
        assert band[:, 2].min() < 6.0  # at the midline, over the spinous processes
        assert band[:, 2].max() > muscle[:, 2].max() - 6.0  # out to the lateral raphe
    # the dorsal face of erector spinae between them is under the fascia
    back = erector[(erector[:, 1] > 80) & (erector[:, 1] < 200)]
    back = back[back[:, 0] < np.percentile(back[:, 0], 30)]
    assert np.median(np.abs(signed_distance(back, "thoracolumbar_fascia"))) < 8.0


def test_it_ends_at_the_iliac_crest_and_above_gluteus_maximus_and_is_cut_at_the_waist():
    crest = np.asarray(LANDMARKS["hip_bone"]["posterior_iliac_crest"])
    assert np.linalg.norm(FASCIA - crest, axis=1).min() < 20.0
    gmax = np.asarray(mesh("gluteus_maximus").vertices)
    for z in (25.0, 45.0):  # its lower edge lies just above the muscle's upper border
        edge = FASCIA[np.abs(FASCIA[:, 2] - z) < 5, 1].min()
        border = gmax[np.abs(gmax[:, 2] - z) < 5, 1].max()
        assert 0.0 < edge - border < 25.0
    assert FASCIA[:, 1].max() < 207.0


def test_its_attachments_lie_on_it():
    """The spinous processes within 8 mm; the median sacral crest and the back of the iliac
    crest within 15 mm (the sheet is drawn 6 mm out from the muscles, docs/meshes.md)."""
    gaps = attachment_gaps("thoracolumbar_fascia")
    assert len(gaps) == 7
    for bone, landmark, gap in gaps:
        assert gap <= (8.0 if landmark == "spinous_process" else 15.0), (bone, landmark, gap)
