"""Teaching features: layers, X-ray, isolation, peeling, labels, patient mode, quiz, bookmarks.

Each is an action in the Teaching menu with a shortcut, calling into a model
(:class:`VisibilityModel`, :class:`AudienceModel`, :class:`QuizSession`) that
the scene and panels follow.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from viewer.export.atomic import ExportError, atomic_path
from viewer.model.bookmarks import Bookmark, CameraState, read_bookmark
from viewer.model.errors import AtlasDataError
from viewer.model.landmarks import Landmarks
from viewer.model.quiz import Feedback
from viewer.qt.file_dialogs import Place, ask_open_path, ask_save_path
from viewer.qt.layers_panel import LayersPanel
from viewer.qt.quiz_panel import QuizPanel

BOOKMARK_FILTER = "Gluteal Atlas view (*.atlasview.json);;JSON files (*.json)"


def install_teaching(window: QMainWindow, landmarks: Landmarks | None) -> None:
    """Add the Layers and Quiz docks and the Teaching menu's actions to ``window``."""
    menu = window.menus["teaching"]
    visibility, audience, scene = window.visibility, window.audience, window.scene

    layers = LayersPanel(window.atlas, visibility)
    window.layers_dock = window.make_dock("Layers", "layers_dock", layers)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.layers_dock)
    window.tabifyDockWidget(window.structure_dock, window.layers_dock)
    window.structure_dock.raise_()

    def checkable(text: str, shortcut: str, tip: str, slot) -> QAction:
        action = window.make_action(text, shortcut, None, tip)
        action.setCheckable(True)
        action.toggled.connect(slot)
        menu.addAction(action)
        return action

    xray = checkable("&X-ray", "X", "See the bones through the muscles", visibility.set_xray)
    isolate = checkable(
        "&Isolate selection",
        "I",
        "Show only the selected structure and what it attaches to",
        lambda on: visibility.isolate(window.selection.current if on else None),
    )
    menu.addSeparator()
    for text, shortcut, tip, slot in (
        ("&Peel muscle layer", "P", "Take away the most superficial muscle layer", visibility.peel),
        ("&Restore muscle layer", "Shift+P", "Put back the last layer peeled", visibility.unpeel),
        (
            "Show &all structures",
            "Ctrl+Shift+A",
            "Undo hiding, peeling and isolation",
            visibility.reset,
        ),
    ):
        menu.addAction(window.make_action(text, shortcut, slot, tip))
    menu.addSeparator()
    labels = checkable(
        "&Labels",
        "L",
        "Name the selected structure and its attachments, nerve and artery",
        lambda on: scene.show_labels(on, audience.audience),
    )
    patient = checkable(
        "&Patient mode",
        "Ctrl+Shift+P",
        "Plain words, larger text and fewer structures, for explaining to a patient",
        lambda on: audience.set("patient" if on else "clinician"),
    )

    def audience_changed(value: str) -> None:
        patient.setChecked(value == "patient")
        visibility.use_audience(value)
        window.structure_list.use_plain_names(value == "patient")
        scene.show_labels(labels.isChecked(), value, render=False)
        scene.show_selection(window.selection.current)  # the legend's wording follows

    audience.changed.connect(audience_changed)

    def visibility_changed() -> None:
        for action, state in ((xray, visibility.xray), (isolate, visibility.isolated is not None)):
            action.blockSignals(True)
            action.setChecked(state)
            action.blockSignals(False)

    visibility.changed.connect(visibility_changed)
    window.toolbar.addSeparator()
    window.toolbar.addActions([xray, labels, patient])

    quiz = QuizPanel(window.atlas, landmarks)
    window.quiz_panel = quiz
    window.quiz_dock = window.make_dock("Quiz", "quiz_dock", quiz)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.quiz_dock)
    window.quiz_dock.hide()  # tabified with the facts once every dock exists: tidy_docks
    show_quiz = window.bring_forward_action(
        window.quiz_dock,
        "&Quiz",
        "Ctrl+Shift+Q",
        "Test yourself: find structures, name nerves and muscles",
    )
    menu.addSeparator()
    menu.addAction(show_quiz)

    def quiz_click(instance_id: str | None) -> bool:
        if not (quiz.isVisible() and quiz.wants_clicks):
            return False
        if quiz.session.current.kind == "find_attachment":  # the bone under the muscles
            instance_id = scene.pick_bone(*window.view.iren.get_event_position())
        quiz.clicked(instance_id, scene.last_pick_point if instance_id else None)
        return True

    def show_answer(feedback: Feedback) -> None:
        answer = sorted(feedback.answer)
        if len(answer) == 1:  # on the side the student clicked, else the right
            window.selection.select(window.atlas.instance_of(answer[0], feedback.side or "right"))

    def new_question() -> None:  # the last answer's highlight would give this one away
        if window.selection.current is not None:
            window.selection.clear()

    window.click_interceptor = quiz_click
    window.names_hidden = lambda: quiz.isVisible() and quiz.wants_clicks
    quiz.feedback_given.connect(show_answer)
    quiz.question_shown.connect(new_question)

    menu.addSeparator()
    menu.addAction(
        window.make_action(
            "Save &bookmark…",
            "Ctrl+B",
            lambda: save_bookmark(window),
            "Save this exact view to share",
        )
    )
    menu.addAction(
        window.make_action(
            "&Open bookmark…",
            QKeySequence.StandardKey.Open,
            lambda: open_bookmark(window),
            "Go back to a saved view",
        )
    )


def current_bookmark(window: QMainWindow) -> Bookmark:
    return Bookmark(
        camera=CameraState(**window.scene.camera_state()),
        selection=window.selection.current,
        visibility=window.visibility.to_dict(),
        audience=window.audience.audience,
    )


def apply_bookmark(window: QMainWindow, bookmark: Bookmark) -> None:
    """Restore a bookmark; a selection this atlas does not have is skipped, not an error."""
    window.audience.set(bookmark.audience)
    window.visibility.load_dict(bookmark.visibility)
    known = bookmark.selection in window.atlas.instances
    window.selection.select(bookmark.selection if known else None)
    window.camera.stop()  # the bookmark's camera, not a swing towards the selection
    window.scene.set_camera_state(bookmark.camera.model_dump())


def save_bookmark(window: QMainWindow, path: Path | None = None) -> Path | None:
    if path is None:
        path = ask_save_path(
            window,
            window.settings,
            "Save bookmark",
            "lesson.atlasview.json",
            BOOKMARK_FILTER,
            Place.DocumentsLocation,
        )
        if path is None:
            return None
    try:
        with atomic_path(path, overwrite=True) as tmp:
            tmp.write_text(current_bookmark(window).to_json(), encoding="utf-8")
    except ExportError as exc:
        QMessageBox.warning(window, "Bookmark not saved", str(exc))
        return None
    window.statusBar().showMessage(f"Bookmark saved to {path}", 5000)
    return path


def open_bookmark(window: QMainWindow, path: Path | None = None) -> bool:
    if path is None:
        path = ask_open_path(
            window, window.settings, "Open bookmark", BOOKMARK_FILTER, Place.DocumentsLocation
        )
        if path is None:
            return False
    try:
        bookmark = read_bookmark(path)
    except AtlasDataError as exc:
        QMessageBox.warning(window, "Bookmark not opened", f"This bookmark cannot be used:\n{exc}")
        return False
    apply_bookmark(window, bookmark)
    return True
