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
    assert export_dialogs.export_picture_from(window, window.scene) is None
    assert out.read_bytes() == b"old", "the user said no"
    assert export_dialogs.export_picture_from(window, window.scene) == out
    width, height = window.scene.plotter.renderer.GetSize()
    assert read_png(out).shape == (height, width, 4)
    export_dialogs.copy_view(window, window.scene)
    image = qapp.clipboard().image()
    assert (image.width(), image.height()) == (width, height)
    assert np.isclose(window.scene.plotter.renderer.GetSize(), (width, height)).all()
