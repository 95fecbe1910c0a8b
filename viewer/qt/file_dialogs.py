"""Where file dialogs open: the folder used last, else the user's documents or pictures.

Opening in the program's working folder (wherever it was started from) sends
a clinician's handouts into a folder they never chose; the last folder used is
remembered in the window's settings, so the next save goes beside the last.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

LAST_FOLDER_KEY = "files/last_folder"
Place = QStandardPaths.StandardLocation


def start_folder(settings: QSettings, place: Place) -> Path:
    """The folder used last if it still exists, else ``place`` (documents, pictures), else home."""
    last = settings.value(LAST_FOLDER_KEY)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    standard = QStandardPaths.writableLocation(place)
    if standard and Path(standard).is_dir():
        return Path(standard)
    return Path.home()


def remember_folder(settings: QSettings, path: Path) -> None:
    settings.setValue(LAST_FOLDER_KEY, str(path.parent))


def ask_save_path(
    parent: QWidget, settings: QSettings, title: str, name: str, pattern: str, place: Place
) -> Path | None:
    """A file name to write, offered in :func:`start_folder`; None if cancelled.

    The dialog does not ask about replacing: callers ask once, themselves.
    """
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        title,
        str(start_folder(settings, place) / name),
        pattern,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not chosen:
        return None
    remember_folder(settings, Path(chosen))
    return Path(chosen)


def ask_open_path(
    parent: QWidget, settings: QSettings, title: str, pattern: str, place: Place
) -> Path | None:
    """A file to read, from :func:`start_folder`; None if cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, title, str(start_folder(settings, place)), pattern
    )
    if not chosen:
        return None
    remember_folder(settings, Path(chosen))
    return Path(chosen)
