"""The window's export commands: dialog choices, overwrite question, clipboard."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from tests.export.conftest import read_png
from tests.qt.conftest import make_window, settings, window_leaks  # noqa: F401 (fixtures)
from viewer.qt import export_dialogs
from viewer.qt.export_dialogs import PictureDialog

pytestmark = pytest.mark.window


def test_print_size_choice_gives_300_dpi_pixels(qtbot):
    dialog = PictureDialog((800, 600))
    qtbot.addWidget(dialog)
    assert dialog.options().size == (800, 600)
    dialog.size_choice.setCurrentIndex(3)
    dialog.width_mm.setValue(254)
    dialog.height_mm.setValue(127)
    dialog.background.setCurrentIndex(2)
    options = dialog.options()
    assert (options.size, options.dpi, options.background) == ((3000, 1500), 300, "transparent")


def test_export_asks_before_replacing_and_copy_fills_the_clipboard(
    make_window,  # noqa: F811
    mini_paths,
    tmp_path,
    monkeypatch,
    qapp,
):
    window = make_window(mini_paths)
    window.selection.select("gluteus_medius_r")
    out = tmp_path / "view.png"
    out.write_bytes(b"old")
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(PictureDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    confirmed: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: confirmed.append(a[2]) or a[4])
    assert export_dialogs.export_picture_from(window, window.scene) is None
    assert out.read_bytes() == b"old", "the user said no"
    assert confirmed == []
    assert export_dialogs.export_picture_from(window, window.scene) == out
    assert confirmed == [f"Saved view.png in {tmp_path}."], "a save is confirmed"
    width, height = window.scene.plotter.renderer.GetSize()
    assert read_png(out).shape == (height, width, 4)
    export_dialogs.copy_view(window, window.scene)
    image = qapp.clipboard().image()
    assert (image.width(), image.height()) == (width, height)
    assert np.isclose(window.scene.plotter.renderer.GetSize(), (width, height)).all()


def test_file_dialogs_start_in_pictures_or_documents_then_in_the_last_folder(
    make_window,  # noqa: F811
    mini_paths,
    tmp_path,
    monkeypatch,
):
    from PySide6.QtCore import QStandardPaths

    window = make_window(mini_paths)
    window.selection.select("gluteus_medius_r")
    pictures = tmp_path / "Pictures"
    documents = tmp_path / "Documents"
    pictures.mkdir()
    documents.mkdir()
    places = {
        QStandardPaths.StandardLocation.PicturesLocation: str(pictures),
        QStandardPaths.StandardLocation.DocumentsLocation: str(documents),
    }
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda place: places[place])
    offered: list[str] = []
    chosen = tmp_path / "lesson" / "hip.png"
    chosen.parent.mkdir()

    def save_name(parent, title, start, pattern, **kwargs):
        offered.append(start)
        return (str(chosen), "") if title == "Export picture" else ("", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(PictureDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: a[4])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert export_dialogs.export_picture_from(window, window.scene) == chosen
    assert offered[0] == str(pictures / "view.png"), "not the folder the program started in"
    assert export_dialogs.export_picture_from(window, window.scene) == chosen
    assert offered[1] == str(chosen.parent / "view.png"), "the folder used last"


def test_the_handout_dialog_shows_each_view_name_whole(make_window, project_paths, qtbot):  # noqa: F811
    from PySide6.QtGui import QFontMetrics

    from viewer.qt.export_dialogs import HandoutDialog

    window = make_window(project_paths)
    window.selection.select("gluteus_medius_r")
    dialog = HandoutDialog(window.scene, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    views = dialog.views
    metrics = QFontMetrics(views.font())
    room = views.viewport().width() - 24  # the tick box and the margins beside it
    for row in range(views.count()):
        item = views.item(row)
        assert metrics.horizontalAdvance(item.text()) <= room, (item.text(), room)
    dialog.close()
