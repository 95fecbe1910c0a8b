"""Frame, pick and export timings measured side by side in one window process.

Run by :mod:`benchmarks` (``python -m benchmarks.frames SETTINGS.ini``); prints JSON.
Every figure has its baseline measured in the same process on the same window
size, so the ratios hold on a noisy shared machine where the seconds do not.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyvista as pv

FRAMES = 15


def median_time(action: Callable[[], None], repeats: int = FRAMES) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from benchmarks.machine import describe
    from viewer.model.paths import AtlasPaths
    from viewer.qt.app import create_window

    app = QApplication(sys.argv[:1])
    window = create_window(AtlasPaths.default(), QSettings(sys.argv[1], QSettings.Format.IniFormat))
    window.show()
    result: dict = {}

    def measure() -> None:
        result.update(_measure(window))
        result["machine"] = describe(window.view.ren_win)
        window.close()
        app.quit()

    QTimer.singleShot(500, measure)
    app.exec()
    print(json.dumps(result))
    return 0


def _measure(window) -> dict:
    from PySide6.QtWidgets import QApplication

    scene, view = window.scene, window.view
    render_window = view.ren_win
    camera = view.camera

    def frame() -> None:
        """A camera step drawn and shown: the render, then the repaint it schedules."""
        camera.Azimuth(0.5)
        render_window.Render()
        QApplication.processEvents()

    frame()
    out: dict = {"window_size": list(render_window.GetSize())}
    out["frame_full_s"] = median_time(frame)

    actors = [scene.actor(i) for i in scene.instance_ids]
    for actor in actors:
        actor.SetVisibility(False)
    out["frame_empty_s"] = median_time(frame)

    merged = pv.merge([scene._drawn[i].mesh for i in scene.instance_ids], merge_points=False)
    one = view.add_mesh(merged, color="ivory", smooth_shading=True, name="merged")
    out["triangles"] = merged.n_cells
    out["frame_merged_s"] = median_time(frame)
    view.remove_actor(one)
    for actor in actors:
        actor.SetVisibility(True)

    out.update(_pick_latency(window, frame))
    out.update(_animation(window, frame))
    out.update(_exports(window))
    return out


def _pick_latency(window, frame) -> dict:
    """A click on a muscle, as the mouse makes it, until the highlighted frame is shown.

    Press and release go through the interactor, so the pick, the selection's
    restyling and every render they cause (the camera style's own included) count.
    """
    from PySide6.QtWidgets import QApplication

    scene = window.scene
    interactor = window.view.iren.interactor
    scene.set_view("posterior")
    targets = []
    for muscle in ("gluteus_maximus_r", "gluteus_maximus_l"):
        centre = np.asarray(scene._drawn[muscle].mesh.points).mean(axis=0)
        targets.append(scene.display_position(centre))
    clicks = iter(targets * FRAMES)

    def click() -> None:
        interactor.SetEventInformation(*next(clicks), 0, 0)
        interactor.InvokeEvent("LeftButtonPressEvent")
        interactor.InvokeEvent("LeftButtonReleaseEvent")
        QApplication.processEvents()

    latency = median_time(click)
    picked = window.selection.current
    window.selection.clear()
    started = time.perf_counter()
    scene.pick(*targets[0])
    pick_alone = time.perf_counter() - started
    return {
        "pick_latency_s": latency,
        "pick_plain_frame_s": median_time(frame),
        "pick_alone_s": pick_alone,
        "picked": picked,
    }


def _animation(window, frame) -> dict:
    """Frames of a playing action against static frames of the same coloured scene.

    Each animated frame is what the animation bar's timer causes: the player's
    time moves on, the scene is posed and coloured, and the frame is drawn.
    """
    from PySide6.QtWidgets import QApplication

    from viewer.model.animation import NEUTRAL

    motion = getattr(window, "motion", None)
    if motion is None:
        return {}
    motion.play("abduction", "gluteus_medius_r")  # the first pose computes the skin weights
    player = motion.player
    player.pause()
    times = iter(np.tile(np.linspace(0.05, 0.95, FRAMES) * player.duration, 3))
    player.seek(next(times))
    QApplication.processEvents()
    static = median_time(frame)

    def animated_frame() -> None:
        player.seek(next(times))
        QApplication.processEvents()

    animated = median_time(animated_frame)
    motion.set_pose(NEUTRAL)
    return {"frame_static_s": static, "frame_animated_s": animated}


def _exports(window) -> dict:
    from viewer.export.handout import HandoutOptions, export_handout
    from viewer.export.picture import PictureOptions, export_picture

    scene = window.scene
    scene.show_selection("gluteus_medius_r")
    size = (3840, 2160)
    folder = Path(tempfile.mkdtemp(prefix="atlas-bench-"))

    def plain_render() -> None:
        plotter = pv.Plotter(off_screen=True, window_size=list(size))
        scene.copy_to(plotter)
        plotter.screenshot(return_img=True)
        plotter.close()

    def picture() -> None:
        export_picture(scene, folder / "view.png", PictureOptions(size=size), overwrite=True)

    def handout() -> None:
        export_handout(scene, folder / "handout.pdf", HandoutOptions(), overwrite=True)

    return {
        "export_render_4k_s": median_time(plain_render, 3),
        "export_png_4k_s": median_time(picture, 3),
        "export_pdf_s": median_time(handout, 3),
    }


if __name__ == "__main__":
    sys.exit(main())
