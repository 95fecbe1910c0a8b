"""Fixtures for widget and real-window tests: a shown main window with private settings."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings

from tests.scene.conftest import mini_paths  # noqa: F401 (re-exported fixture)
from viewer.qt.app import create_window


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    """Build, show and register a main window over the given data folder."""

    def make(paths):
        window = create_window(paths, settings)
        qtbot.addWidget(window)
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
