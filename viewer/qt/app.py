"""Starting the window: application object, settings, data loading with error dialogs."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from viewer.model.data import load_data
from viewer.model.errors import AtlasDataError
from viewer.model.paths import AtlasPaths
from viewer.qt.error_guard import install_error_guard
from viewer.qt.main_window import MainWindow
from viewer.qt.reload import install_reload
from viewer.qt.settings_guard import repair_settings
from viewer.scene.mesh_library import MeshLibrary

log = logging.getLogger(__name__)


def create_window(paths: AtlasPaths, settings: QSettings | None = None) -> MainWindow:
    """Load the data and build the window (not shown); AtlasDataError if the data is unusable."""
    atlas, landmarks, warnings = load_data(paths)
    for warning in warnings:
        log.warning(warning)
    library = MeshLibrary.load(atlas, paths)
    for reason in (*library.unavailable.values(), *library.flawed.values()):
        log.warning(reason)
    settings = settings or QSettings()
    settings_problems = repair_settings(settings)
    for problem in settings_problems:
        log.warning(problem)
    window = MainWindow(atlas, library, landmarks, settings, paths)
    install_reload(window, paths)
    if settings_problems:
        window.statusBar().showMessage(f"{settings_problems[0]} (details in the log)", 10000)
    return window


def run_window(paths: AtlasPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("Gluteal Atlas")
    app.setApplicationName("Gluteal Atlas")
    install_error_guard()
    try:
        window = create_window(paths)
    except AtlasDataError as exc:
        log.error("cannot load the atlas:\n%s", exc)
        QMessageBox.critical(None, "Gluteal Atlas: cannot load the atlas", str(exc))
        return 1
    window.show()
    window.activateWindow()
    return app.exec()
