"""Handouts of the atlas's own data, made as a user makes them (the command line, no display).

A patient's handout shows each suggested exercise with a picture the atlas
poses for it and says where the facts come from in one line; a clinician's
lists every reference, each once in the PDF's text; a scenario's handout puts
its key moments side by side.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import PROJECT
from viewer.model.facts import facts_for
from viewer.model.loader import load_atlas

ATLAS = load_atlas(PROJECT / "annotations" / "atlas.yaml")


def export(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    command = [sys.executable, "main.py", "export", *args]
    return subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)


def pages(path) -> list[str]:
    """The text of each page, white space folded."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl")  # the PDF's ligatures
    return [re.sub(r"\s+", " ", page) for page in text.split("\f") if page.strip()]


def image_count(path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    return len(listing.stdout.splitlines()) - 2


@pytest.fixture(scope="module")
def patient_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts") / "gmed_patient.pdf"
    result = export("--structure", "gluteus_medius", "--audience", "patient", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_a_patients_handout_shows_each_exercise_with_its_picture(patient_pdf):
    exercises = ATLAS.exercises_for("gluteus_medius")
    assert len(exercises) >= 5
    assert image_count(patient_pdf) == 2 + len(exercises), "two views, then one per exercise"
    text = pages(patient_pdf)
    for exercise in exercises:
        start = " ".join(exercise.instruction.split()[:6])
        page = [p for p in text if exercise.name in p]
        assert page, exercise.name
        assert start in page[0], f"{exercise.name}: its instruction is on another page"


def test_a_patients_handout_says_where_the_facts_come_from_in_one_line(patient_pdf):
    text = " ".join(pages(patient_pdf))
    assert "Where this comes from" in text and "clinician's version" in text
    assert "Sources" not in text
    assert "J Orthop Sports Phys Ther" not in text and "Gray's Anatomy" not in text


def test_a_clinicians_handout_lists_every_reference_once(tmp_path):
    out = tmp_path / "gmed_clinician.pdf"
    result = export("--structure", "gluteus_medius", "--audience", "clinician", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = " ".join(pages(out))
    assert "Sources" in text
    for reference in facts_for(ATLAS, "gluteus_medius").sources:
        tail = " ".join(reference.split()[-5:])  # the end of an entry, where a page break fell
        assert text.count(tail) == 1, f"{text.count(tail)} times: {reference}"


def test_a_scenario_handout_on_the_patients_left(tmp_path):
    out = tmp_path / "trendelenburg.pdf"
    result = export(
        "--scenario", "trendelenburg", "--mirror", "--audience", "patient", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    (page,) = pages(out)
    assert "Standing on your left leg" in page
    assert "right side of the pelvis drops" in page
    assert image_count(out) == 3, "standing, the level pelvis, the dropped pelvis"
    assert "Shortens" in page and "Lengthens" in page


def test_an_unknown_scenario_says_which_there_are(tmp_path):
    result = export("--scenario", "trendelenberg", "--out", str(tmp_path / "t.pdf"))
    assert result.returncode == 1
    assert "no scenario 'trendelenberg'" in result.stderr and "trendelenburg" in result.stderr
    assert list(tmp_path.iterdir()) == []
