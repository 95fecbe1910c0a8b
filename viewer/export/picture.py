"""Pictures of the 3D view rendered at the requested size, not grabbed from the screen.

A twin of the scene is drawn on an off-screen plotter of exactly the asked
size, so a 4K or print-size picture has real detail, and the background,
labels and legend are chosen for the picture without touching the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pyvista as pv
from PIL import Image
from PySide6.QtGui import QImage

from viewer.export.atomic import ExportError, atomic_path, check_target
from viewer.model.animation import NEUTRAL, Pose
from viewer.model.facts import Audience
from viewer.scene.atlas_scene import AtlasScene

Background = Literal["white", "black", "transparent"]
BACKGROUNDS: tuple[Background, ...] = ("white", "black", "transparent")
PRINT_DPI = 300
MM_PER_INCH = 25.4
MAX_SIDE_PX = 8192
"""Larger than any print need, and past what a software renderer does in sensible time."""


@dataclass(frozen=True)
class PictureOptions:
    size: tuple[int, int] = (1920, 1080)
    background: Background = "white"
    labels: bool = False
    legend: bool = True
    audience: Audience = "clinician"
    label_scale: float = 1.0
    """Label text size relative to the screen's (handouts print pictures small)."""
    orientation: bool = True
    """The cube that says which way the view looks (left out of small pictures)."""
    dpi: int | None = None
    """Written into the PNG so it prints at the intended size (print-size pictures)."""


def print_size(width_mm: float, height_mm: float, dpi: int = PRINT_DPI) -> tuple[int, int]:
    """Pixels for a print of ``width_mm`` by ``height_mm`` at ``dpi``."""
    return round(width_mm / MM_PER_INCH * dpi), round(height_mm / MM_PER_INCH * dpi)


def parse_size(text: str) -> tuple[int, int]:
    """``1920x1080`` as (1920, 1080); ValueError with a readable message otherwise."""
    try:
        width, height = (int(v) for v in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise ValueError(f"size must look like 1920x1080, not {text!r}") from None
    if not (16 <= width <= MAX_SIDE_PX and 16 <= height <= MAX_SIDE_PX):
        raise ValueError(f"size {text!r}: each side must be 16 to {MAX_SIDE_PX} pixels")
    return width, height


def render_image(
    scene: AtlasScene,
    options: PictureOptions,
    view: str | None = None,
    focus: bool = False,
    pose: Pose | None = None,
    dress: Callable[[AtlasScene], None] | None = None,
    frame: np.ndarray | None = None,
    plain: bool = False,
) -> np.ndarray:
    """RGBA pixels of ``scene`` (as the window shows it) at ``options.size``.

    ``view`` looks from a named direction instead of the scene's own camera;
    ``focus`` frames the selection and what lights up with it, leaving room for labels.
    ``pose`` shows the skeleton posed otherwise (an exercise, a scenario's moment; the
    scene needs a skeleton), and ``dress`` changes the picture's copy of the scene before
    it is drawn (a scenario's fading and colours), leaving the scene itself as it is.
    ``frame`` (world points) is what ``view`` fills, the same for a series of pictures.
    ``plain`` leaves out what a paused animation or scenario shows (its colours, and its pose
    unless ``pose`` is given): a handout's picture of a structure is the atlas at rest.
    """
    plotter = pv.Plotter(off_screen=True, window_size=list(options.size))
    try:
        twin = scene.copy_to(plotter)
        if plain:
            twin.clear_vertex_colours()
            if pose is None and twin.skeleton is not None:
                pose = NEUTRAL
        if pose is not None:
            twin.set_pose(pose, render=False)
        plotter.set_background("black" if options.background == "black" else "white")
        twin.show_legend(options.legend, render=False)
        twin.show_orientation(options.orientation)
        twin.show_labels(
            options.labels, options.audience, render=False, text_scale=options.label_scale
        )
        if dress is not None:
            dress(twin)
        if view is not None:
            anchors = twin.label_anchors()
            if frame is not None:
                twin.frame(view, frame)
            elif focus and anchors:
                points = np.vstack([a.points for a in anchors])
                twin.frame(view, points, side_room=0.22 if options.labels else 0.03)
            else:
                twin.set_view(view, render=False)
        image = plotter.screenshot(
            transparent_background=options.background == "transparent", return_img=True
        )
    finally:
        plotter.close()
    if image.shape[2] == 3:
        image = np.dstack([image, np.full(image.shape[:2], 255, np.uint8)])
    return image


def to_qimage(pixels: np.ndarray) -> QImage:
    """RGBA pixels as a QImage that owns a copy of them (clipboard, PDF)."""
    height, width = pixels.shape[:2]
    data = np.ascontiguousarray(pixels)
    return QImage(data.data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()


def write_png(
    image: np.ndarray, out: Path, overwrite: bool = False, dpi: int | None = None
) -> Path:
    """Write RGBA pixels to ``out`` atomically; ``dpi`` sets the printed size."""
    out = Path(out)
    if out.suffix.lower() != ".png":
        raise ExportError(f"{out}: a picture is written as .png")
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    with atomic_path(out, overwrite) as tmp:
        Image.fromarray(image, "RGBA").save(tmp, format="PNG", optimize=False, **extra)
    return out


def export_picture(
    scene: AtlasScene,
    out: Path,
    options: PictureOptions,
    *,
    view: str | None = None,
    focus: bool = False,
    overwrite: bool = False,
) -> Path:
    """Render ``scene`` and write it to ``out`` (checked first, so a bad path fails fast)."""
    check_target(Path(out).absolute(), overwrite)
    image = render_image(scene, options, view, focus)
    return write_png(image, out, overwrite, options.dpi)
