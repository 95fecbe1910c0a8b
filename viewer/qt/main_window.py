"""The main window: the 3D view in the centre, the structure list and facts in docks."""

from __future__ import annotations

from collections.abc import Callable

from psygnal.utils import iter_signal_instances
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QDialog, QDockWidget, QLabel, QMainWindow, QMessageBox, QWidget

from viewer import __version__
from viewer.model.atlas import Atlas
from viewer.model.audience import AudienceModel
from viewer.model.landmarks import Landmarks
from viewer.model.paths import AtlasPaths
from viewer.model.selection import SelectionModel
from viewer.model.visibility import VisibilityModel
from viewer.qt.atlas_view import AtlasView
from viewer.qt.camera_animation import CameraAnimator
from viewer.qt.help_dialogs import GETTING_STARTED, shortcuts_html, show_page
from viewer.qt.info_panel import InfoPanel
from viewer.qt.motion_controls import install_motion
from viewer.qt.scenario_controls import install_scenarios
from viewer.qt.structure_tree import StructureTree
from viewer.qt.teaching import install_teaching
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.mesh_library import MeshLibrary
from viewer.scene.views import DEFAULT_VIEW, VIEWS, mirrored, side_faced

MAX_VIEW_KEY = 9
"""Views 1 to 9 have a number key; any further view is in the View menu only."""
LYING_VIEWS = ("prone", "side_lying")
HOVER_DELAY_MS = 80
"""Picking under the mouse waits for the pointer to rest, so dragging stays smooth."""


class MainWindow(QMainWindow):
    def __init__(
        self,
        atlas: Atlas,
        library: MeshLibrary,
        landmarks: Landmarks | None,
        settings: QSettings,
        paths: AtlasPaths,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Gluteal Atlas")
        self.resize(1400, 900)
        self.atlas = atlas
        self.settings = settings
        self.paths = paths
        self.selection = SelectionModel(atlas)
        self.visibility = VisibilityModel(atlas)
        self.audience = AudienceModel()
        self.models: list[object] = [self.selection, self.visibility, self.audience]
        """Evented models the window owns; closing it disconnects every slot of theirs."""
        self.on_close: list[Callable[[], None]] = []
        """What features started that a stopped timer does not end (e.g. a playing clip)."""
        self.framed = False
        self.closed = False

        self.view = AtlasView(self)
        self.view.setObjectName("view_3d")
        # The window's actions own the keyboard: VTK's single-letter keys (w = wireframe,
        # 3 = stereo, ...) would silently undo the atlas's own styles.
        self.view.iren.clear_key_event_callbacks()
        self.view.iren.interactor.RemoveObservers("CharEvent")
        self.setCentralWidget(self.view)
        self.scene = AtlasScene(self.view, atlas, library, landmarks)
        self.camera = CameraAnimator(self.scene, self)
        self.click_interceptor: Callable[[str | None], bool] | None = None
        """A feature (the quiz) may take clicks in the view; it returns True if it did."""
        self.names_hidden: Callable[[], bool] = lambda: False
        """A feature (the quiz) may hide the name under the mouse; it would give answers away."""
        self._clicking = False
        self.scene.on_click(self._view_clicked)
        self.selection.changed.connect(self.scene.show_selection)
        self.selection.changed.connect(self._turn_towards)
        self.scene.set_visibility(self.visibility, render=False)
        self.visibility.changed.connect(lambda: self.scene.show_selection(self.selection.current))

        self.structure_list = StructureTree(atlas, self.selection, library.unavailable)
        self.info_panel = InfoPanel(atlas, self.selection, self.audience)
        self.structure_list.search_done.connect(self.view.setFocus)
        self.structure_dock = self.make_dock("Structures", "structures_dock", self.structure_list)
        self.info_dock = self.make_dock("Facts", "facts_dock", self.info_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.structure_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.info_dock)

        self.hover_label = QLabel()
        self.statusBar().addWidget(self.hover_label, 1)
        self._hover_timer = QTimer(self, singleShot=True, interval=HOVER_DELAY_MS)
        self._hover_timer.timeout.connect(self._show_hovered)
        self.view.iren.add_observer("MouseMoveEvent", lambda *_: self._hover_timer.start())

        self._build_actions()
        install_teaching(self, landmarks)
        install_motion(self)
        install_scenarios(self)
        self._tidy_docks()
        self._list_panels()
        if library.unavailable:
            self.statusBar().showMessage(
                f"{len(library.unavailable)} structure(s) have no 3D model (greyed in the list)",
                10000,
            )
        self._restore_layout()

    def _tidy_docks(self) -> None:
        """Put the quiz in the facts' tab group (the panel's full height) after the group's
        other docks: tabified first, while hidden, it left a second, stray tab bar over the
        animation bar."""
        shown = self.quiz_dock.isVisibleTo(self)
        group = [getattr(self, n, None) for n in ("info_dock", "moment_arm_dock", "scenario_dock")]
        self.tabifyDockWidget([d for d in group if d is not None][-1], self.quiz_dock)
        self.quiz_dock.setVisible(shown)
        self.info_dock.raise_()

    def make_dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    def bring_forward_action(
        self, dock: QDockWidget, text: str, shortcut: str, tip: str
    ) -> QAction:
        """An action that shows ``dock`` and brings its tab to the front (pressed twice, it
        stays: a dock's own toggle action would close a panel that is only behind a tab)."""

        def bring_forward() -> None:
            dock.show()
            dock.raise_()

        return self.make_action(text, shortcut, bring_forward, tip)

    def make_action(
        self, text: str, shortcut: str | QKeySequence | None, slot, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        """The core menus and toolbar; features add theirs through :attr:`menus`."""
        menus = self.menuBar()
        toolbar = self.toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")

        file_menu = menus.addMenu("&File")
        export_picture = self.make_action(
            "Export &picture…",
            "Ctrl+Shift+S",
            lambda: self.export("export_picture_from"),
            "Save the 3D view as a picture, sharp at any size",
        )
        copy_view = self.make_action(
            "&Copy view",
            "Ctrl+Shift+C",
            lambda: self.export("copy_view"),
            "Copy the 3D view to the clipboard",
        )
        export_handout = self.make_action(
            "Export &handout…",
            QKeySequence.StandardKey.Print,
            lambda: self.export("export_handout_from"),
            "Save a printable PDF about the selected structure",
        )
        file_menu.addActions([export_picture, copy_view, export_handout])
        file_menu.addSeparator()
        toolbar.addAction(export_picture)
        toolbar.addSeparator()
        file_menu.addAction(
            self.make_action(
                "&Quit", QKeySequence.StandardKey.Quit, self.close, "Close Gluteal Atlas"
            )
        )

        select_menu = menus.addMenu("&Selection")
        self.clear_action = self.make_action(
            "&Clear selection", "Esc", self.selection.clear, "Show the whole atlas again"
        )
        find = self.make_action(
            "&Find structure…", QKeySequence.StandardKey.Find, self._focus_search, "Search by name"
        )
        select_menu.addActions([self.clear_action, find])
        toolbar.addAction(self.clear_action)
        toolbar.addSeparator()

        view_menu = menus.addMenu("&View")
        for number, view in enumerate(VIEWS.values(), start=1):
            action = self.make_action(
                view.label,
                str(number) if number <= MAX_VIEW_KEY else None,
                lambda _=False, name=view.name: self.camera.go_to(name),
                f"Look from the {view.label.lower()} side",
            )
            view_menu.addAction(action)
            if view.name not in LYING_VIEWS:  # the lying views are for exercises: menu only
                toolbar.addAction(action)
        view_menu.addSeparator()
        reset = self.make_action(
            "&Reset view",
            "Ctrl+R",
            lambda: self.camera.go_to(DEFAULT_VIEW),
            "Back to the start view",
        )
        view_menu.addAction(reset)
        view_menu.addSeparator()
        focus = self.make_action(
            "&Focus on selection", "F", self._focus_selection, "Close in on the selected structure"
        )
        view_menu.addAction(focus)
        teaching_menu = menus.addMenu("&Teaching")
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(
            self.make_action(
                "&Getting started",
                QKeySequence.StandardKey.HelpContents,
                lambda: show_page(self, "Getting started", GETTING_STARTED),
                "A short tour of what the atlas does",
            )
        )
        help_menu.addAction(
            self.make_action(
                "&Keyboard shortcuts",
                "Ctrl+/",
                lambda: show_page(self, "Keyboard shortcuts", shortcuts_html(self)),
                "Every key and mouse action",
            )
        )
        help_menu.addSeparator()
        help_menu.addAction(self.make_action("&About Gluteal Atlas", None, self._about))
        self.menus = {
            "file": file_menu,
            "selection": select_menu,
            "view": view_menu,
            "teaching": teaching_menu,
            "help": help_menu,
        }

    def _list_panels(self) -> None:
        """View → Panels: every dock the features added, to bring back one that was closed."""
        panels = self.menus["view"].addMenu("&Panels")
        docks = sorted(self.findChildren(QDockWidget), key=lambda d: d.windowTitle())
        for dock in docks:
            panels.addAction(dock.toggleViewAction())

    def export(self, command: str) -> None:
        """Run an export command of :mod:`viewer.qt.export_dialogs`.

        Imported on first use: the export code (PDF writer, PIL) took longer to
        import than the rest of the window to build.
        """
        from viewer.qt import export_dialogs

        getattr(export_dialogs, command)(self, self.scene)

    def _view_clicked(self, instance_id: str | None) -> None:
        if self._name_feature(*self.view.iren.get_event_position()):
            return  # a marked feature of the selected bone: named, the selection stays
        if self.click_interceptor is None or not self.click_interceptor(instance_id):
            self._clicking = True
            try:
                self.selection.select(instance_id)
            finally:
                self._clicking = False

    def _turn_towards(self, instance_id: str | None) -> None:
        """Chosen from the list or a search, a structure of the side turned away is swung round.

        A structure clicked in the view was in sight already: the camera stays.
        """
        instance = self.atlas.instances.get(instance_id) if instance_id else None
        if self._clicking or instance is None or instance.side is None:
            return
        camera = self.scene.camera_state()
        faced = side_faced(camera)
        if faced is not None and faced != instance.side:
            self.camera.move_to(mirrored(camera))

    def _focus_selection(self) -> None:
        if self.selection.current is not None and self.selection.current in self.scene.instance_ids:
            self.scene.focus_on(self.selection.current)

    def _focus_search(self) -> None:
        self.structure_dock.show()
        self.structure_list.search_box.setFocus()
        self.structure_list.search_box.selectAll()

    def _name_feature(self, x: int, y: int) -> bool:
        """Name the bone feature whose marker is at (x, y) in the status bar; False if none."""
        if self.names_hidden():
            return False
        placed = self.scene.feature_at(x, y)
        if placed is None:
            return False
        feature = placed.feature
        words = feature.plain if self.audience.is_patient and feature.plain else feature.text
        self.statusBar().showMessage(f"{feature.name}: {words}", 15000)
        return True

    def _show_hovered(self) -> None:
        if self.names_hidden():
            self.hover_label.setText("Names are hidden while the quiz waits for your click")
            return
        x, y = self.view.iren.get_event_position()
        placed = self.scene.feature_at(x, y)
        if placed is not None:
            bone = self.atlas.instances[self.scene.selected].label
            self.hover_label.setText(f"{placed.feature.name} ({bone}); click for more")
            return
        instance_id = self.scene.pick(x, y)
        if instance_id is None:
            self.hover_label.clear()
        else:
            instance = self.atlas.instances[instance_id]
            self.hover_label.setText(f"{instance.label}: {instance.structure.plain_name}")

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Gluteal Atlas",
            f"<h3>Gluteal Atlas {__version__}</h3>"
            "<p>An interactive 3D atlas of the buttock and hip for students, clinicians "
            "and their patients.</p>"
            f"<p>Anatomical facts: {self.atlas.source.name}, with the sources listed "
            "for each structure.</p>",
        )

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        else:  # first run: the 3D view gets most of the width
            self.resizeDocks(
                [self.structure_dock, self.info_dock], [260, 400], Qt.Orientation.Horizontal
            )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Frame the start view for the 3D view's real size (and so its aspect).

        Qt has sized and shown the child widgets by the time this event comes, so
        the framing is ready for the first paint, which draws it: rendering here
        would draw the whole atlas once more before the window appears.
        """
        super().showEvent(event)
        if not self.framed:
            self.scene.set_view(DEFAULT_VIEW, render=False)
            QTimer.singleShot(0, self._first_shown)

    def _first_shown(self) -> None:
        """The start view is on screen and the window has been through its event loop."""
        self.framed = True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.closed:
            self.settings.setValue("window/geometry", self.saveGeometry())
            self.settings.setValue("window/state", self.saveState())
            self.tear_down()
        super().closeEvent(event)

    def tear_down(self) -> None:
        """The one way the window stops: nothing it started may run after this.

        Models are silenced first, so that stopping a clip cannot ask for a frame
        or restart a timer; then every timer of the window and its docks stops
        (hover, camera moves, playback, status messages); then the scene drops
        its observers and the 3D view releases its render window. A timer left
        running would fire into a torn-down view (as the hover once did).
        """
        self.closed = True
        for model in self.models:
            for signal in iter_signal_instances(model):
                signal.disconnect()
        while self.on_close:
            self.on_close.pop()()
        for timer in self.findChildren(QTimer):
            timer.stop()
        for dialog in self.findChildren(QDialog):
            dialog.close()
        self.scene.close()
        self.view.close()
