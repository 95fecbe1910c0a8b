"""The 3D view widget: pyvistaqt's QtInteractor, drawing each frame once.

Two defaults of QtInteractor cost whole frames, and with software OpenGL a
frame of the atlas takes a large part of a second:

- it re-renders the scene five times a second from a timer, in case something
  changed without asking for a frame; the atlas asks for a frame whenever it
  changes the scene, so the timer only kept the processor busy;
- every render schedules a repaint of the widget, and the repaint renders the
  scene again before showing it, so each frame was drawn twice. Here a
  repaint that follows a finished render only shows that render (as VTK's own
  Qt widget does); a repaint for any other reason (expose, resize) renders.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pyvistaqt import QtInteractor


class AtlasView(QtInteractor):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, auto_update=False)
        self._fresh = False
        """A render finished since the last repaint: the repaint only shows it."""
        self._frame_observer = self.ren_win.AddObserver("EndEvent", self._frame_finished)

    def _frame_finished(self, *_) -> None:
        self._fresh = True

    def paintGL(self) -> None:  # noqa: N802 (Qt's name)
        # QtInteractor.paintGL skips its own render while ``_in_paint`` is set and
        # still copies VTK's finished frame to the widget.
        self._in_paint = self._fresh
        try:
            super().paintGL()
        finally:
            self._in_paint = self._fresh = False

    def close(self) -> None:
        """Release the render window, without the observer that would keep this view alive."""
        if self.ren_win is not None and self._frame_observer is not None:
            self.ren_win.RemoveObserver(self._frame_observer)
            self._frame_observer = None
        super().close()

    def resizeGL(self, width: int, height: int) -> None:  # noqa: N802 (Qt's name)
        self._fresh = False  # the finished frame has the old size
        super().resizeGL(width, height)
