"""Pictures of the atlas rendered without a window (EGL or OSMesa), for exports."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyvista as pv

from viewer.model.atlas import Atlas
from viewer.model.landmarks import Landmarks
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.mesh_library import MeshLibrary


class ExportError(Exception):
    """The picture cannot be written where asked; nothing was left behind."""


def render_png(
    atlas: Atlas,
    library: MeshLibrary,
    landmarks: Landmarks | None,
    out: Path,
    *,
    selected: str | None = None,
    view: str = "posterolateral",
    size: tuple[int, int] = (1920, 1080),
    transparent: bool = False,
    overwrite: bool = False,
) -> Path:
    """Render the atlas (with ``selected`` emphasised) to ``out``, atomically."""
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"folder {folder} does not exist")
    if out.exists() and not overwrite:
        raise ExportError(f"{out} already exists (use --force to replace it)")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"folder {folder} is not writable")
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    try:
        scene = AtlasScene(plotter, atlas, library, landmarks)
        scene.set_view(view, render=False)
        scene.show_selection(selected, render=False)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".png", dir=folder)
        os.close(fd)
        try:
            plotter.screenshot(tmp, transparent_background=transparent)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    finally:
        plotter.close()
    return out
