"""Fixtures for widget and real-window tests: a shown main window with private settings.

Every window made through :func:`make_window` is checked after its test, as
pyvistaqt's ``check_gc`` and napari's viewer fixture do: once the test is over
and the window closed, none of its timers may still run, and the window, its
3D view, render window, interactor and scene must all be gone.
"""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from tests.scene.conftest import mini_paths  # noqa: F401 (re-exported fixture)
from viewer.qt.app import create_window


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


class WindowLeaks:
    """Weak references to the windows a test opened and to the parts that must die with them."""

    def __init__(self) -> None:
        self._windows: list[weakref.ref] = []
        self._parts: list[tuple[str, weakref.ref]] = []

    def track(self, window) -> None:
        number = len(self._windows) + 1
        self._windows.append(weakref.ref(window))
        parts = {
            "main window": window,
            "3D view": window.view,
            "render window": window.view.ren_win,
            "interactor": window.view.iren.interactor,
            "scene": window.scene,
        }
        self._parts += [(f"{name} of window {number}", weakref.ref(o)) for name, o in parts.items()]

    def check(self) -> None:
        """Called after pytest-qt has closed the test's widgets."""
        for ref in self._windows:
            window = ref()
            if window is not None:
                window.close()  # a test may have taken it off qtbot's list
                running = [repr(t) for t in window.findChildren(QTimer) if t.isActive()]
                assert not running, f"timers still running after the window closed: {running}"
                window.deleteLater()
            del window
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        QApplication.processEvents()
        gc.collect()
        alive = [name for name, ref in self._parts if ref() is not None]
        assert not alive, f"still alive after the window closed: {', '.join(alive)}"


@pytest.fixture
def window_leaks(qtbot, request):
    """Fails the test if a window it tracked outlives it or leaves anything running."""
    leaks = WindowLeaks()
    yield leaks
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        return  # the failure's traceback holds the window; the failure is the news
    # The test's own arguments (a ``window`` fixture's value) are held by pytest until
    # after teardown; every fixture that used them has finished by now.
    request.node.funcargs.clear()
    leaks.check()


@pytest.fixture
def make_window(qtbot, settings, window_leaks):
    """Build, show and register a main window over the given data folder."""

    def make(paths):
        window = create_window(paths, settings)
        qtbot.addWidget(window)
        window_leaks.track(window)
        window.show()
        window.activateWindow()
        qtbot.waitActive(window)
        qtbot.waitUntil(lambda: window.framed)
        return window

    return make


def global_point(window, world) -> QPoint:
    """Screen position of a world point as drawn in the window's 3D view."""
    x, y = window.scene.display_position(np.asarray(world, dtype=float))
    ratio = window.view.devicePixelRatioF()
    local = QPoint(round(x / ratio), round(window.view.height() - 1 - y / ratio))
    assert window.view.rect().contains(local), f"{world} is outside the 3D view"
    return window.view.mapToGlobal(local)


def view_pixel(window, world) -> np.ndarray:
    """RGB of the rendered frame at a world point."""
    x, y = window.scene.display_position(np.asarray(world, dtype=float))
    image = window.view.screenshot(return_img=True)
    return image[image.shape[0] - 1 - y, x].astype(int)
