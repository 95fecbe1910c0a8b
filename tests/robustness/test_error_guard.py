"""Errors in event handlers (Qt slots, Qt event overrides, VTK observers) are caught at the top,
logged with where they happened, shown once, and the window stays usable."""

from __future__ import annotations

import logging
import sys
import warnings

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from viewer.qt.error_guard import install_error_guard

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def guard(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # both restored after the test
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)
    guard = install_error_guard(lambda title, text: shown.append(text))
    guard.shown = shown
    return guard


def failing(message: str):
    def handler(*_args):
        raise RuntimeError(message)

    return handler


def test_errors_in_slots_and_vtk_observers_are_logged_shown_once_and_survived(
    make_window, mini_paths, qtbot, guard, caplog
):
    caplog.set_level(logging.ERROR)
    window = make_window(mini_paths)

    action = QAction("Broken", window)  # a Qt slot, triggered by a shortcut
    action.setShortcut(QKeySequence("Ctrl+Alt+K"))
    action.triggered.connect(failing("slot failed"))
    window.addAction(action)
    qtbot.keyClick(window, "K", QKeySequence("Ctrl+Alt+K")[0].keyboardModifiers())
    qtbot.keyClick(window, "K", QKeySequence("Ctrl+Alt+K")[0].keyboardModifiers())

    window.view.iren.add_observer("EndInteractionEvent", failing("observer failed"))  # PyVista
    window.view.iren.interactor.InvokeEvent("EndInteractionEvent")
    window.view.iren.interactor.InvokeEvent("EndInteractionEvent")
    window.view.iren.interactor.AddObserver("StartInteractionEvent", failing("raw observer failed"))
    window.view.iren.interactor.InvokeEvent("StartInteractionEvent")  # plain VTK

    QTimer.singleShot(0, failing("timer failed"))  # a callback from the event loop
    qtbot.wait(50)

    assert guard.errors == 6
    assert [text.split("\n")[0] for text in guard.shown] == [
        f"Something went wrong: RuntimeError: {what} failed"
        for what in ("slot", "observer", "raw observer", "timer")
    ]
    assert "unexpected RuntimeError in handler" in caplog.text
    assert "unexpected RuntimeError in a 3D view callback" in caplog.text
    assert "test_error_guard.py" in caplog.text, "the log says where it happened"

    window.selection.select("gluteus_medius_r")  # still usable
    window.scene.set_view("posterior")
    assert "Gluteus medius (right)" in window.info_panel.toPlainText()


def test_an_error_while_the_dialog_is_open_does_not_stack_dialogs(guard, qapp):
    def notify(title, text):
        QTimer.singleShot(0, failing("second"))
        QApplication.processEvents()
        guard.shown.append(text)

    guard._notify = notify
    QTimer.singleShot(0, failing("first"))
    QApplication.processEvents()
    QApplication.processEvents()
    assert guard.errors == 2 and len(guard.shown) == 1
