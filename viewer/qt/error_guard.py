"""The last line of defence: an error in any event handler is logged and shown, never fatal.

Exceptions raised in Qt slots, in Qt event overrides and in raw VTK observer
callbacks cannot propagate to the caller (C++ is between them); PySide6 and
VTK hand them to :data:`sys.excepthook`. Observers added through PyVista are
wrapped by it, and their exceptions arrive as a warning instead. The guard
takes both, logs each with where it happened and tells the user once per
distinct error, so a fault that repeats on every mouse move does not bury the
clinic under dialogs.
"""

from __future__ import annotations

import logging
import sys
import traceback
import warnings
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)

Notify = Callable[[str, str], None]
"""Shows a title and a message to the user."""

CALLBACK_WARNING = "Encountered issue in callback"
"""How PyVista reports an exception in an observer it wrapped (it does not re-raise)."""


def _message_box(title: str, text: str) -> None:
    QMessageBox.warning(QApplication.activeWindow(), title, text)


class ErrorGuard:
    """A :data:`sys.excepthook` that logs every error and shows each distinct one once."""

    def __init__(self, notify: Notify = _message_box):
        self._notify = notify
        self._shown: set[str] = set()
        self._showing = False
        self._showwarning = warnings.showwarning
        self.errors = 0
        """How many errors reached the guard (for the log and the tests)."""

    def __call__(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        frames = traceback.extract_tb(tb)
        where = (
            f" in {frames[-1].name} ({frames[-1].filename}:{frames[-1].lineno})" if frames else ""
        )
        details = "".join(traceback.format_exception(kind, value, tb))
        self._report(f"{kind.__name__}{where}", f"{kind.__name__}: {value}", details)
        _forget_last_error()

    def showwarning(self, message, category, filename, lineno, file=None, line=None) -> None:
        """:data:`warnings.showwarning`: PyVista's callback errors are errors; the rest pass on."""
        text = str(message)
        if not text.startswith(CALLBACK_WARNING):
            self._showwarning(message, category, filename, lineno, file, line)
            return
        summary = text.rstrip().splitlines()[-1]
        self._report(f"{summary.split(':')[0]} in a 3D view callback", summary, text)

    def _report(self, headline: str, summary: str, details: str) -> None:
        self.errors += 1
        log.error("unexpected %s:\n%s", headline, details)
        if summary in self._shown or self._showing:  # a dialog's own event loop may raise again
            return
        self._shown.add(summary)
        self._showing = True
        try:
            self._notify(
                "Gluteal Atlas: unexpected error",
                f"Something went wrong: {summary}\n\n"
                "The program keeps running; the details are in the log.",
            )
        finally:
            self._showing = False


def _forget_last_error() -> None:
    """Drop the interpreter's copy of the error just reported (``sys.last_traceback`` etc.).

    Qt and VTK report a callback's error through ``PyErr_Print``, which keeps it
    for a post-mortem debugger. Its frames reach back, through the event loop,
    to whatever was running: a window closed later would stay alive with them.
    The error is already in the log with its whole traceback.
    """
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, name):
            delattr(sys, name)


def install_error_guard(notify: Notify = _message_box) -> ErrorGuard:
    """Make an :class:`ErrorGuard` the process's excepthook (and warning display); return it."""
    guard = ErrorGuard(notify)
    sys.excepthook = guard
    warnings.showwarning = guard.showwarning
    return guard
