"""The pelvic floor as relations between the built meshes: levator ani lies inside the pelvis
on the inner face of obturator internus and slopes down to the midline, where the two halves
meet behind and leave the hiatus open in front; coccygeus lies on the pelvic surface of the
sacrospinous ligament, from the ischial spine to the sacrum and coccyx."""

from __future__ import annotations

import numpy as np
import yaml

from tests.built_meshes import LANDMARKS, ROOT, attachment_gaps, mesh, signed_distance

LEVATOR = np.asarray(mesh("levator_ani").vertices)
COCCYGEUS = np.asarray(mesh("coccygeus").vertices)


def near(points: np.ndarray, y: float, x: float | None = None) -> np.ndarray:
    """The points within 4 mm of a height (and 6 mm of a depth, x)."""
    keep = np.abs(points[:, 1] - y) < 4
    if x is not None:
        keep &= np.abs(points[:, 0] - x) < 6
    return points[keep]


def test_levator_ani_lies_on_the_inner_face_of_obturator_internus():
    oi = np.asarray(mesh("obturator_internus").vertices)
    for y in (-105.0, -115.0):
        for x in (-80.0, -60.0):
            levator, wall = near(LEVATOR, y, x), near(oi, y, x)
            if len(levator) and len(wall):
                assert levator[:, 2].min() < wall[:, 2].min()  # nearer the midline
    assert (signed_distance(LEVATOR, "obturator_internus") > -0.5).all()  # never inside it


def test_the_two_levators_meet_behind_and_leave_the_hiatus_open_in_front():
    behind = LEVATOR[LEVATOR[:, 0] < -95.0]
    front = LEVATOR[(LEVATOR[:, 0] > -55.0) & (LEVATOR[:, 0] < -35.0)]
    assert behind[:, 2].min() < 2.0  # at the midline raphe
    assert front[:, 2].min() > 6.0  # the urogenital hiatus between the puborectal slings


def test_levator_ani_slopes_down_from_its_origin_to_the_midline():
    lateral = LEVATOR[LEVATOR[:, 2] > 30.0]
    medial = LEVATOR[LEVATOR[:, 2] < 8.0]
    assert np.median(medial[:, 1]) < np.median(lateral[:, 1]) - 15.0


def test_coccygeus_lies_in_front_of_the_sacrospinous_ligament():
    ligament = np.asarray(mesh("sacrospinous_ligament").vertices)
    for y in (-85.0, -75.0):  # +x is in front
        assert np.median(near(COCCYGEUS, y)[:, 0]) > np.median(near(ligament, y)[:, 0])
    assert (signed_distance(COCCYGEUS, "sacrospinous_ligament") > -0.5).all()


def test_the_pelvic_floor_reaches_its_attachments():
    """Each muscle comes within its annotated attachment area round every landmark of it."""
    atlas = yaml.safe_load((ROOT / "annotations" / "atlas.yaml").read_text(encoding="utf-8"))
    for name in ("levator_ani", "coccygeus"):
        entry = next(s for s in atlas["structures"] if s["id"] == name)
        areas = [a["area"] for a in entry["origin"] + entry["insertion"] if "area" in a]
        radius = {(a["on"], lm): a["radius"] for a in areas for lm in a["landmarks"]}
        for bone, landmark, gap in attachment_gaps(name):
            assert gap < radius[bone, landmark], f"{name} is {gap:.1f} mm from {bone}.{landmark}"
    spine = np.asarray(LANDMARKS["hip_bone"]["ischial_spine"])
    assert np.linalg.norm(COCCYGEUS - spine, axis=1).min() < 8.0
