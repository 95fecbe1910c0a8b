"""Closing the window stops everything it started, whatever is in flight at that moment.

The way this broke: a hover timer, started by the pointer moving over the view,
fired after the window had been closed and its 3D view torn down, and raised
inside the next test's event loop. Here each cycle opens the real window, sets
every kind of work going (pointer motion over the view, a playing action, a
camera transition, a hover waiting to pick) and closes the window at once.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QMessageBox

pytestmark = pytest.mark.window

CYCLES = 4
XDOTOOL = shutil.which("xdotool")


@pytest.fixture
def dialogs(monkeypatch) -> list[str]:
    """Every message box the window tries to show."""
    shown: list[str] = []
    for name in ("warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, _n=name: shown.append(_n))
    return shown


def move_pointer_over(window) -> None:
    """The X pointer crosses the 3D view, as a hand on the mouse would."""
    assert XDOTOOL, "xdotool is needed for real-window tests (apt-get install xdotool)"
    centre = window.view.mapToGlobal(window.view.rect().center())
    for dx in (-40, 0, 40):
        point = centre + QPoint(dx, dx // 2)
        subprocess.run(
            [XDOTOOL, "mousemove", "--sync", str(point.x()), str(point.y())],
            check=True,
            env=os.environ,
        )


def test_closing_with_everything_in_flight_leaves_nothing_running(
    make_window, project_paths, qtbot, dialogs
):
    """Each window is also checked for leaks after the test (the make_window fixture)."""
    for cycle in range(CYCLES):
        window = make_window(project_paths)
        move_pointer_over(window)
        window.motion.play("abduction", "gluteus_medius_r")
        qtbot.wait(40)
        # A camera move just started (a slow frame on a loaded machine could let one begun
        # before the wait finish) and a hover waiting to pick at the moment of closing.
        window.camera.go_to("anterior")
        window.view.iren.interactor.InvokeEvent("MouseMoveEvent")
        assert window.motion.player.playing and window.camera.running

        window.close()
        running = [t.objectName() or repr(t) for t in window.findChildren(QTimer) if t.isActive()]
        assert running == [], f"cycle {cycle}: timers still running after close: {running}"
        assert not window.motion.player.playing
        qtbot.wait(300)  # longer than the hover delay and a camera step: nothing may fire
    assert dialogs == []
