"""The window's export commands: picture and handout dialogs, copy to clipboard.

The dialogs only gather choices; the files are written by :mod:`viewer.export`,
the same code the command line uses, so a picture from the window and one
from a server look the same. Replacing an existing file is asked here, once
(the file dialog's own question is turned off so it is not asked twice).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from viewer.export.atomic import ExportError
from viewer.export.handout import HandoutOptions, default_views, export_handout
from viewer.export.picture import (
    BACKGROUNDS,
    PictureOptions,
    print_size,
    render_image,
    to_qimage,
    write_png,
)
from viewer.export.scenario_handout import export_scenario_handout
from viewer.qt.file_dialogs import Place, ask_save_path
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.views import VIEWS

WINDOW_SIZE = "window"
PRINT_SIZE = "print"
SIZE_PRESETS = (
    (WINDOW_SIZE, "Window size"),
    ((1920, 1080), "1920 × 1080 (Full HD, slides)"),
    ((3840, 2160), "3840 × 2160 (4K)"),
    (PRINT_SIZE, "Print size in mm, at 300 dpi"),
)


class PictureDialog(QDialog):
    """Size, background, labels and legend of an exported picture."""

    def __init__(self, window_size: tuple[int, int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export picture")
        self.window_size = window_size
        self.size_choice = QComboBox()
        for value, text in SIZE_PRESETS:
            label = (
                f"{text} ({window_size[0]} × {window_size[1]})" if value == WINDOW_SIZE else text
            )
            self.size_choice.addItem(label, value)
        self.width_mm = _mm_box(180.0)
        self.height_mm = _mm_box(120.0)
        mm = QHBoxLayout()
        mm.addWidget(self.width_mm)
        mm.addWidget(self.height_mm)
        self.background = QComboBox()
        for name in BACKGROUNDS:
            self.background.addItem(name.capitalize(), name)
        self.labels = QCheckBox("Labels with leader lines")
        self.labels.setChecked(True)
        self.legend = QCheckBox("Colour legend")
        self.legend.setChecked(True)
        self.audience = _audience_box()
        form = QFormLayout(self)
        form.addRow("Size", self.size_choice)
        form.addRow("Print width × height", mm)
        form.addRow("Background", self.background)
        form.addRow("Label wording", self.audience)
        form.addRow(self.labels)
        form.addRow(self.legend)
        form.addRow(_buttons(self))
        self.size_choice.currentIndexChanged.connect(self._enable_mm)
        self._enable_mm()

    def _enable_mm(self) -> None:
        printing = self.size_choice.currentData() == PRINT_SIZE
        self.width_mm.setEnabled(printing)
        self.height_mm.setEnabled(printing)

    def options(self) -> PictureOptions:
        choice = self.size_choice.currentData()
        dpi = None
        if choice == WINDOW_SIZE:
            size = self.window_size
        elif choice == PRINT_SIZE:
            size, dpi = print_size(self.width_mm.value(), self.height_mm.value()), 300
        else:
            size = tuple(choice)
        return PictureOptions(
            size=size,
            background=self.background.currentData(),
            labels=self.labels.isChecked(),
            legend=self.legend.isChecked(),
            audience=self.audience.currentData(),
            dpi=dpi,
        )


class HandoutDialog(QDialog):
    """Paper, wording, views and exercises of a printable handout."""

    def __init__(self, scene: AtlasScene, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export handout")
        self.paper = QComboBox()
        self.paper.addItems(["A4", "Letter"])
        if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
            self.paper.setCurrentText("Letter")
        self.audience = _audience_box(patient_first=True)
        self.views = QListWidget()
        chosen = default_views(scene)
        for view in VIEWS.values():
            item = QListWidgetItem(view.label)
            item.setData(Qt.ItemDataRole.UserRole, view.name)
            checked = view.name in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.views.addItem(item)
        # wide enough for the longest view's name ("Side-lying (on the left side, ...)")
        frame = 2 * self.views.frameWidth() + self.views.verticalScrollBar().sizeHint().width()
        self.views.setMinimumWidth(self.views.sizeHintForColumn(0) + frame + 24)
        self.exercises = QCheckBox("Exercises from the clinical notes")
        self.exercises.setChecked(True)
        form = QFormLayout(self)
        form.addRow("Paper", self.paper)
        form.addRow("Wording", self.audience)
        form.addRow("Views", self.views)
        form.addRow(self.exercises)
        form.addRow(_buttons(self))

    def options(self) -> HandoutOptions:
        views = tuple(
            self.views.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.views.count())
            if self.views.item(i).checkState() == Qt.CheckState.Checked
        )
        return HandoutOptions(
            paper=self.paper.currentText(),
            audience=self.audience.currentData(),
            views=views,
            exercises=self.exercises.isChecked(),
        )


def export_picture_from(window: QMainWindow, scene: AtlasScene) -> Path | None:
    """Ask for picture options and a file, then write the view as it is framed now."""
    dialog = PictureDialog(_view_size(scene), window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    out = _ask_path(
        window, "Export picture", "view.png", "PNG pictures (*.png)", Place.PicturesLocation
    )
    if out is None:
        return None
    options = dialog.options()
    return _run(window, lambda: write_png(render_image(scene, options), out, True, options.dpi))


def export_handout_from(window: QMainWindow, scene: AtlasScene) -> Path | None:
    """Ask for handout options and a file, then write the PDF for the selected structure."""
    if scene.selected is None:
        QMessageBox.information(window, "Export handout", "Select a structure first.")
        return None
    dialog = HandoutDialog(scene, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    name = f"handout_{scene.atlas.instances[scene.selected].structure.id}.pdf"
    out = _ask_path(
        window, "Export handout", name, "PDF documents (*.pdf)", Place.DocumentsLocation
    )
    if out is None:
        return None
    options = dialog.options()
    return _run(window, lambda: export_handout(scene, out, options, overwrite=True))


def export_scenario_handout_from(window: QMainWindow, scene: AtlasScene) -> Path | None:
    """A PDF of the scenario chosen in the Scenarios panel, on the side and in the words shown."""
    panel, director = window.scenario_panel, window.scenarios
    if panel.current is None:
        return None
    out = _ask_path(
        window,
        "Export scenario handout",
        f"scenario_{panel.current}.pdf",
        "PDF documents (*.pdf)",
        Place.DocumentsLocation,
    )
    if out is None:
        return None
    options = HandoutOptions(audience=window.audience.audience)
    return _run(
        window,
        lambda: export_scenario_handout(
            scene, panel.current, out, options, panel.mirrored, director.colouring, overwrite=True
        ),
    )


def copy_view(window: QMainWindow, scene: AtlasScene) -> None:
    """Put the view, rendered at its own size with labels and legend, on the clipboard."""
    options = PictureOptions(size=_view_size(scene), labels=True, audience=scene.label_audience)
    QGuiApplication.clipboard().setImage(to_qimage(render_image(scene, options)))
    window.statusBar().showMessage("View copied to the clipboard", 5000)


def confirm_overwrite(parent: QWidget, out: Path) -> bool:
    """Ask before replacing a file; True if it does not exist or may be replaced."""
    if not out.exists():
        return True
    answer = QMessageBox.question(
        parent,
        "Replace file?",
        f"{out.name} already exists in {out.parent}.\nDo you want to replace it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _ask_path(
    window: QMainWindow, title: str, name: str, pattern: str, place: Place
) -> Path | None:
    out = ask_save_path(window, window.settings, title, name, pattern, place)
    if out is None:
        return None
    suffix = pattern.split("*")[1].rstrip(")")
    out = out if out.suffix.lower() == suffix else out.with_name(out.name + suffix)
    return out if confirm_overwrite(window, out) else None


def _run(window: QMainWindow, write) -> Path | None:
    """Write the file, then say where it went (and offer to open it): a save must be seen."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        out = write()
    except ExportError as exc:
        QMessageBox.warning(window, "Export failed", str(exc))
        return None
    finally:
        QGuiApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"Saved {out}", 8000)
    answer = QMessageBox.information(
        window,
        "Saved",
        f"Saved {out.name} in {out.parent}.",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
        QMessageBox.StandardButton.Close,
    )
    if answer == QMessageBox.StandardButton.Open:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
    return out


def _view_size(scene: AtlasScene) -> tuple[int, int]:
    width, height = scene.plotter.renderer.GetSize()
    return int(width), int(height)


def _mm_box(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(20.0, 600.0)
    box.setDecimals(0)
    box.setSuffix(" mm")
    box.setValue(value)
    return box


def _audience_box(patient_first: bool = False) -> QComboBox:
    box = QComboBox()
    items = [("Clinician (anatomical terms)", "clinician"), ("Patient (everyday words)", "patient")]
    for text, value in reversed(items) if patient_first else items:
        box.addItem(text, value)
    return box


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
