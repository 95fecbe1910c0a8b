"""Smooth camera moves between views, driven by a Qt timer."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.views import blend_cameras

DURATION_S = 0.45
FRAME_MS = 30


class CameraAnimator(QObject):
    """Moves the scene's camera to a named view over :data:`DURATION_S` seconds.

    With software rendering a frame may take longer than the whole move; the
    animation then runs on elapsed time and simply shows fewer steps.
    """

    def __init__(self, scene: AtlasScene, parent: QObject | None = None):
        super().__init__(parent)
        self._scene = scene
        self._timer = QTimer(self, interval=FRAME_MS)
        self._timer.timeout.connect(self._step)
        self._start: dict | None = None
        self._end: dict | None = None
        self._t0 = 0.0

    def go_to(self, view_name: str) -> None:
        start = self._scene.camera_state()
        self._scene.set_view(view_name, render=False)
        end = self._scene.camera_state()
        self._scene.set_camera_state(start, render=False)
        self.move_to(end)

    def move_to(self, state: dict) -> None:
        """Swing the camera to ``state`` (as :meth:`AtlasScene.camera_state` gives it)."""
        self._start = self._scene.camera_state()
        self._end = state
        self._t0 = time.monotonic()
        self._timer.start()

    def _step(self) -> None:
        t = (time.monotonic() - self._t0) / DURATION_S
        self._scene.set_camera_state(blend_cameras(self._start, self._end, min(t, 1.0)))
        if t >= 1.0:
            self._timer.stop()

    def stop(self) -> None:
        """Leave the camera where it is now (a bookmark puts it somewhere else)."""
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()
