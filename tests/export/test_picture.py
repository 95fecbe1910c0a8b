"""Pictures: the asked size, the asked background, the highlight colours, labels clear of all."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from tests.export.conftest import read_png
from viewer.export.atomic import ExportError
from viewer.export.picture import PictureOptions, export_picture, parse_size, print_size
from viewer.scene import palette
from viewer.scene.labels import place_labels


def has_colour(image: np.ndarray, hex_colour: str, tolerance: int = 40, share=0.0005) -> bool:
    """Whether enough pixels are close to a highlight colour (shading darkens it a little)."""
    target = np.array(palette.rgb(hex_colour))
    close = np.abs(image[..., :3].astype(int) - target).max(axis=2) < tolerance
    return close.mean() > share


def test_png_has_the_size_background_and_highlight_colours(scene, tmp_path):
    options = PictureOptions(size=(480, 300), background="transparent", labels=True)
    out = export_picture(scene, tmp_path / "gmed.png", options, view="posterior", focus=True)
    image = read_png(out)
    assert image.shape == (300, 480, 4)
    assert image[2, 2, 3] == 0, "the background is transparent"
    assert (image[..., 3] == 255).mean() > 0.1, "the anatomy is opaque"
    for colour in (palette.ORIGIN_COLOUR, palette.KIND_COLOURS["nerve"]):
        assert has_colour(image, colour), colour


def test_white_and_black_backgrounds(scene, tmp_path):
    for background, rgb in (("white", 255), ("black", 0)):
        options = PictureOptions(size=(200, 120), background=background)
        out = export_picture(scene, tmp_path / f"{background}.png", options, view="posterior")
        image = read_png(out)
        assert (image[1, 1] == [rgb, rgb, rgb, 255]).all(), background


def test_print_size_is_300_dpi_and_written_into_the_file(scene, tmp_path):
    assert print_size(50.8, 25.4) == (600, 300)
    options = PictureOptions(size=print_size(20, 10), dpi=300)
    out = export_picture(scene, tmp_path / "print.png", options, view="posterior")
    with Image.open(out) as image:
        assert image.size == (236, 118)
        assert round(image.info["dpi"][0]) == 300


def test_existing_file_is_kept_and_bad_sizes_are_refused(scene, tmp_path):
    out = tmp_path / "view.png"
    out.write_bytes(b"keep")
    with pytest.raises(ExportError, match="already exists"):
        export_picture(scene, out, PictureOptions(size=(64, 64)))
    assert out.read_bytes() == b"keep"
    assert parse_size("640X480") == (640, 480)
    for bad in ("640", "axb", "0x10", "99999x10"):
        with pytest.raises(ValueError, match="size"):
            parse_size(bad)


def test_labels_name_the_selection_and_its_relations(scene):
    scene.show_labels(True, "clinician")
    assert scene.label_texts == [
        "Gluteus medius",
        "Origin: Hip bone",
        "Superior gluteal nerve",
        "Superior gluteal artery",
    ]
    scene.show_labels(True, "patient")
    assert scene.label_texts[0] == "Middle buttock muscle"
    assert "Starts here: hip bone" in scene.label_texts
    scene.show_labels(False)
    assert scene.label_texts == []


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_label_boxes_overlap_neither_each_other_nor_the_structure_nor_the_legend():
    anchors = [(500, 400), (520, 410), (480, 395), (700, 200), (300, 600), (505, 402)]
    sizes = [(180, 30)] * len(anchors)
    structure = (400, 150, 650, 650)
    legend = (820, 10, 990, 160)
    boxes = place_labels(anchors, sizes, (1000, 800), structure, [legend])
    assert len(boxes) == len(anchors)
    for i, box in enumerate(boxes):
        assert not overlaps(box, structure), box
        assert not overlaps(box, legend), box
        assert box[0] >= 0 and box[2] <= 1000 and box[1] >= 0 and box[3] <= 800
        assert not any(overlaps(box, other) for other in boxes[i + 1 :])
