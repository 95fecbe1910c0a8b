"""A long session: thousands of random user actions on the real window under Xvfb.

Checks that nothing raises or logs an error, that the window's Qt objects and
the renderer's VTK props come back to the same numbers once the same state is
restored, and that resident memory grows less than 10% after warm-up.

The full run (SOAK_ACTIONS, default 2000, over the project's atlas) is opt-in:
``.venv/bin/python -m pytest -m soak tests/robustness/test_soak.py``. The
default suite runs a short form over the tiny test atlas.
"""

from __future__ import annotations

import logging
import os
import random
import resource
import shutil
import subprocess
import sys
import time
import warnings
from collections import Counter

import pytest
from PySide6.QtCore import QAbstractAnimation, QEvent, QObject, QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QSlider, QWidget

from viewer.export.picture import PictureOptions, export_picture
from viewer.qt.error_guard import install_error_guard
from viewer.qt.reload import reload_annotations
from viewer.qt.teaching import open_bookmark, save_bookmark
from viewer.scene.views import DEFAULT_VIEW, VIEWS

pytestmark = [pytest.mark.window, pytest.mark.qt_no_exception_capture]

SHORT_ACTIONS = 150
XDOTOOL = shutil.which("xdotool")
QUERIES = ["glute med", "G. medius", "nerve", "hip", "22315", "zzz", "", "buttock muscle", "[(*"]


class ErrorLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@pytest.fixture
def errors(monkeypatch):
    """Every error the session produces: uncaught, logged, or shown in a dialog."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)
    shown: list[str] = []
    install_error_guard(lambda title, text: shown.append(text))
    dialogs: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(
            QMessageBox, name, lambda *args, _n=name: dialogs.append(f"{_n}: {args[2]}")
        )
    handler = ErrorLog()
    logging.getLogger().addHandler(handler)
    yield {"uncaught": shown, "logged": handler.records, "dialogs": dialogs}
    logging.getLogger().removeHandler(handler)


class Session:
    """The actions a person takes, each picked at random."""

    def __init__(self, window, qtbot, rng: random.Random, folder):
        self.window, self.qtbot, self.rng, self.folder = window, qtbot, rng, folder
        self.paths = window.paths
        self.ids = sorted(window.atlas.instances)
        self.actions = {a.text().replace("&", ""): a for a in window.findChildren(QAction)}
        self.bar = window.findChild(QWidget, "animation_bar")
        self.counts: dict[str, int] = {}
        self.weights = {
            self.click_direct: 20,
            self.click_real: 2 if XDOTOOL else 0,
            self.choose: 12,
            self.search: 6,
            self.clear: 4,
            self.layer: 5,
            self.toggle: 12,
            self.peel: 5,
            self.view: 8,
            self.quiz: 8,
            self.export: 1,
            self.bookmark: 2,
            self.reload: 1,
            self.animate: 6 if self.bar is not None else 0,
        }

    def step(self) -> None:
        action = self.rng.choices(list(self.weights), weights=list(self.weights.values()))[0]
        self.counts[action.__name__] = self.counts.get(action.__name__, 0) + 1
        action()

    def _point(self) -> tuple[int, int]:
        view = self.window.view
        return self.rng.randrange(view.width()), self.rng.randrange(view.height())

    def click_direct(self) -> None:
        x, y = self._point()
        ratio = self.window.view.devicePixelRatioF()
        picked = self.window.scene.pick(
            int(x * ratio), int((self.window.view.height() - 1 - y) * ratio)
        )
        self.window._view_clicked(picked)

    def click_real(self) -> None:
        x, y = self._point()
        point = self.window.view.mapToGlobal(QPoint(x, y))
        subprocess.run(
            [XDOTOOL, "mousemove", "--sync", str(point.x()), str(point.y()), "click", "1"],
            check=True,
        )
        self.qtbot.wait(30)

    def choose(self) -> None:
        item = self.window.structure_list._items[self.rng.choice(self.ids)]
        self.window.structure_list.tree.setCurrentItem(item)

    def search(self) -> None:
        box = self.window.structure_list.search_box
        box.setText(self.rng.choice(QUERIES))
        box.returnPressed.emit()

    def clear(self) -> None:
        self.actions["Clear selection"].trigger()

    def layer(self) -> None:
        system = self.rng.choice(self.window.atlas.systems)
        self.window.visibility.set_system_visible(system.id, self.rng.random() < 0.6)

    def toggle(self) -> None:
        name = self.rng.choice(
            ["X-ray", "Isolate selection", "Labels", "Patient mode", "Focus on selection"]
        )
        self.actions[name].trigger()

    def peel(self) -> None:
        name = self.rng.choice(["Peel muscle layer", "Restore muscle layer", "Show all structures"])
        self.actions[name].trigger()

    def view(self) -> None:
        name = self.rng.choice(list(VIEWS))
        if self.rng.random() < 0.3:
            self.window.camera.go_to(name)  # the smooth move, timers and all
            self.qtbot.wait(self.rng.choice([0, 50, 400]))
        else:
            self.window.scene.set_view(name)

    def quiz(self) -> None:
        quiz, dock = self.window.quiz_panel, self.window.quiz_dock
        if not dock.isVisible() or self.rng.random() < 0.1:
            dock.setVisible(not dock.isVisible())
            return
        session = getattr(quiz, "session", None)
        if session is None or session.current is None:
            quiz.seed.setValue(self.rng.randrange(1000))
            quiz.start()
        elif quiz.next_button.isEnabled():
            quiz.next_button.click()
        elif quiz._choice_widgets:
            for _sid, box in quiz._choice_widgets:
                box.setChecked(self.rng.random() < 0.4)
            quiz.submit_button.click()
        else:
            self.click_direct()  # a find-the-structure question

    def export(self) -> None:
        out = self.folder / f"view{self.rng.randrange(3)}.png"
        export_picture(self.window.scene, out, PictureOptions(size=(200, 150)), overwrite=True)

    def bookmark(self) -> None:
        path = self.folder / "lesson.atlasview.json"
        if path.exists() and self.rng.random() < 0.5:
            assert open_bookmark(self.window, path)
        else:
            save_bookmark(self.window, path)

    def reload(self) -> None:
        assert reload_annotations(self.window, self.paths)

    def animate(self) -> None:
        if self.rng.random() < 0.7:
            buttons = [b for b in self.bar.findChildren(QPushButton) if b.isEnabled()]
            if buttons:
                self.rng.choice(buttons).click()
        else:
            for slider in self.bar.findChildren(QSlider):
                slider.setValue(self.rng.randrange(slider.minimum(), slider.maximum() + 1))
        self.qtbot.wait(self.rng.choice([0, 30, 200]))

    def restore(self) -> None:
        """The same state every time: the start view, nothing selected, every layer shown."""
        w = self.window
        self.qtbot.wait(500)  # let smooth moves and animations end
        for name in ("X-ray", "Isolate selection", "Labels", "Patient mode"):
            if self.actions[name].isChecked():
                self.actions[name].setChecked(False)
        w.quiz_panel.seed.setValue(0)
        w.quiz_panel.start()  # the first question of one quiz: the same answer widgets
        w.quiz_dock.hide()
        w.structure_list.search_box.clear()
        w.selection.clear()
        w.visibility.reset()
        w.scene.set_view(DEFAULT_VIEW)
        # QStatusBar creates one QTimer the first time a message has a timeout; make sure
        # it exists in both snapshots so a random order of actions cannot count it as a leak.
        w.statusBar().showMessage(" ", 1)
        self.qtbot.waitUntil(  # dock and layout animations delete themselves when done
            lambda: all(
                a.state() != QAbstractAnimation.State.Running
                for a in w.findChildren(QAbstractAnimation)
            ),
            timeout=5000,
        )
        self.qtbot.wait(50)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def counts(window) -> Counter:
    """Qt objects under the window by class, and the renderer's VTK actors and props."""
    renderer = window.scene.plotter.renderer
    found = Counter(type(o).__name__ for o in window.findChildren(QObject))
    found["vtk actors"] = renderer.GetActors().GetNumberOfItems()
    found["vtk props"] = renderer.GetViewProps().GetNumberOfItems()
    return found


def rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() // 1024


def soak(make_window, qtbot, paths, tmp_path, errors, actions: int) -> dict:
    window = make_window(paths)
    session = Session(window, qtbot, random.Random(int(os.environ.get("SOAK_SEED", "7"))), tmp_path)
    warm_up = max(actions // 10, 50)
    for _ in range(warm_up):
        session.step()
    session.restore()
    objects_before, memory_before, started = counts(window), rss_kib(), time.monotonic()
    for _ in range(actions - warm_up):
        session.step()
        if not window.isVisible():
            pytest.fail("the window closed")
    session.restore()
    objects_after, memory_after = counts(window), rss_kib()
    result = {
        "actions": actions,
        "seconds": round(time.monotonic() - started, 1),
        "memory_growth_pct": round(100 * (memory_after - memory_before) / memory_before, 2),
        "objects": objects_before.total(),
        "by_action": session.counts,
    }
    print(f"\nsoak: {result}")
    assert errors == {"uncaught": [], "logged": [], "dialogs": []}
    assert objects_after == objects_before, (
        objects_after - objects_before,
        objects_before - objects_after,
    )
    assert result["memory_growth_pct"] < 10
    return result


def test_short_session(make_window, qtbot, mini_paths, tmp_path, errors):
    soak(make_window, qtbot, mini_paths, tmp_path, errors, SHORT_ACTIONS)


@pytest.mark.soak
def test_long_session(make_window, qtbot, project_paths, tmp_path, errors):
    soak(
        make_window,
        qtbot,
        project_paths,
        tmp_path,
        errors,
        int(os.environ.get("SOAK_ACTIONS", "2000")),
    )
