"""Handouts: real PDF text in the chosen wording, the chosen paper, pictures and a footer."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import replace

import pytest

from viewer.export.atomic import ExportError
from viewer.export.handout import HandoutOptions, export_handout


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def pdf_info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def options() -> HandoutOptions:
    return HandoutOptions(views=("posterior",), dpi=60, date=dt.date(2025, 3, 1))


def test_clinician_handout_on_a4(qapp, scene, tmp_path, options):
    out = export_handout(scene, tmp_path / "c.pdf", replace(options, audience="clinician"))
    info = pdf_info(out)
    assert info["Page size"].split("(")[1].startswith("A4")
    assert int(info["Pages"]) >= 2, "pictures first, then the facts"
    text = one_line(pdf_text(out)).lower()
    for words in (
        "gluteus medius",
        "superior gluteal nerve (l4, l5, s1)",
        "posterior view",
        "trendelenburg sign",
        "gray's anatomy",
        "gluteal atlas 0.1.0 · 2025-03-01",
        "page 1 of",
    ):
        assert words in text, words


def test_patient_handout_on_letter_uses_plain_words(qapp, scene, tmp_path, options):
    patient = HandoutOptions(
        paper="Letter", views=("posterior", "right"), dpi=60, date=options.date
    )
    out = export_handout(scene, tmp_path / "p.pdf", patient)
    assert "letter" in pdf_info(out)["Page size"].lower()
    text = one_line(pdf_text(out))
    assert "Middle buttock muscle" in text
    assert "Medical name: Gluteus medius" in text
    assert "Hip drop" in text and "Trendelenburg" not in text
    assert "From behind" in text and "From the right side" in text
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True)
    assert len(images.stdout.splitlines()) - 2 == 2, "one picture per view"


def test_handout_needs_a_selection_and_a_pdf_name(qapp, scene, tmp_path, options):
    with pytest.raises(ExportError, match=r"\.pdf"):
        export_handout(scene, tmp_path / "x.png", options)
    scene.show_selection(None, render=False)
    with pytest.raises(ExportError, match="selected structure"):
        export_handout(scene, tmp_path / "x.pdf", options)


def test_a_handout_picture_leaves_out_a_paused_scenarios_colours(qapp, scene):
    """Exported while a scenario was paused, the handout showed gluteus medius in the
    scenario's blue, which on the page means where the muscle attaches."""
    import numpy as np

    from viewer.export.picture import PictureOptions, render_image

    picture = PictureOptions(size=(240, 180), labels=False, legend=False, orientation=False)
    scene.show_selection("gluteus_medius_r", render=False)
    at_rest = render_image(scene, picture, "posterior", plain=True)
    points = scene.actor("gluteus_medius_r").mapper.dataset.n_points
    scene.set_vertex_colours("gluteus_medius_r", np.tile([40, 90, 220], (points, 1)))
    try:
        as_shown = render_image(scene, picture, "posterior")
        plain = render_image(scene, picture, "posterior", plain=True)
    finally:
        scene.set_vertex_colours("gluteus_medius_r", None)
        scene.show_selection(None, render=False)
    assert np.abs(as_shown.astype(int) - at_rest).sum() > 100_000, "the tint shows in the window"
    assert np.array_equal(plain, at_rest)
