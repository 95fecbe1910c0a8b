"""Starting the window: application object, settings, data loading with error dialogs."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from viewer.model.data import load_data
from viewer.model.errors import AtlasDataError
from viewer.model.paths import AtlasPaths
from viewer.qt.main_window import MainWindow
from viewer.scene.mesh_library import MeshLibrary

log = logging.getLogger(__name__)


def create_window(paths: AtlasPaths, settings: QSettings | None = None) -> MainWindow:
    """Load the data and build the window (not shown); AtlasDataError if the data is unusable."""
    atlas, landmarks, warnings = load_data(paths)
    for warning in warnings:
        log.warning(warning)
    library = MeshLibrary.load(atlas, paths)
    for reason in library.unavailable.values():
        log.warning(reason)
    return MainWindow(atlas, library, landmarks, settings or QSettings())


def run_window(paths: AtlasPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("Gluteal Atlas")
    app.setApplicationName("Gluteal Atlas")
    _report_uncaught_exceptions()
    try:
        window = create_window(paths)
    except AtlasDataError as exc:
        log.error("cannot load the atlas:\n%s", exc)
        QMessageBox.critical(None, "Gluteal Atlas: cannot load the atlas", str(exc))
        return 1
    window.show()
    window.activateWindow()
    return app.exec()


def _report_uncaught_exceptions() -> None:
    """Log an error raised in an event handler and tell the user once; keep running."""
    told = False

    def hook(kind, value, tb) -> None:
        nonlocal told
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if not told:
            told = True
            QMessageBox.warning(
                None,
                "Gluteal Atlas: unexpected error",
                f"Something went wrong: {value}\n\n"
                "The program keeps running; the details are in the log.",
            )

    sys.excepthook = hook
