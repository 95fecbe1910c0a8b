"""Checking the saved settings before the window reads them.

The settings file outlives program versions and can be damaged by a full disk
or a hand edit. Qt reads a garbled ini file as best it can, and a layout value
of the wrong type makes ``restoreGeometry`` raise; either would stop the
program at start. Bad values are reported and dropped, so defaults apply.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

LAYOUT_KEYS = ("window/geometry", "window/state")
"""Saved by :meth:`MainWindow.closeEvent` as byte arrays."""


def repair_settings(settings: QSettings) -> list[str]:
    """Drop what in ``settings`` cannot be used; one message per problem found."""
    where = settings.fileName() or "the settings"
    problems: list[str] = []
    if settings.status() != QSettings.Status.NoError:
        problems.append(f"{where}: unreadable ({settings.status().name}); using default settings")
        settings.clear()
    for key in LAYOUT_KEYS:
        value = settings.value(key)
        if value is not None and not isinstance(value, (QByteArray, bytes)):
            problems.append(
                f"{where}: {key} holds a {type(value).__name__}, not a saved layout;"
                " using the default layout"
            )
            settings.remove(key)
    if problems:
        settings.sync()
    return problems
