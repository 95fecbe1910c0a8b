"""The layers dock: tick systems and structures on or off, set opacity, isolate, X-ray, peel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.model.atlas import Atlas
from viewer.model.visibility import VisibilityModel

ID_ROLE = Qt.ItemDataRole.UserRole
SYSTEM_ROLE = Qt.ItemDataRole.UserRole + 1


class LayersPanel(QWidget):
    """A view of :class:`VisibilityModel`; every control calls the model, then redraws from it."""

    def __init__(self, atlas: Atlas, visibility: VisibilityModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("layers_panel")
        self._atlas = atlas
        self._visibility = visibility
        self._items: dict[str, QTreeWidgetItem] = {}
        self._groups: dict[str, QTreeWidgetItem] = {}

        self.tree = QTreeWidget()
        self.tree.setObjectName("layers_tree")
        self.tree.setHeaderHidden(True)
        for system in atlas.systems:
            group = QTreeWidgetItem(self.tree, [system.name])
            group.setData(0, SYSTEM_ROLE, system.id)
            group.setFlags(group.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            self._groups[system.id] = group
            for instance in atlas.instances_in(system):
                item = QTreeWidgetItem(group, [instance.label])
                item.setData(0, ID_ROLE, instance.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                self._items[instance.id] = item
        self.tree.collapseAll()

        self.opacity = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=100, value=100)
        self.opacity.setObjectName("layer_opacity")
        self.opacity.setToolTip("Opacity of the structure chosen above")
        self.peel_button = QPushButton("Peel layer")
        self.peel_button.setToolTip("Remove the most superficial muscle layer still shown")
        self.unpeel_button = QPushButton("Restore layer")
        self.show_all_button = QPushButton("Show all")

        opacity_row = QHBoxLayout()
        opacity_row.addWidget(QLabel("Opacity:"))
        opacity_row.addWidget(self.opacity)
        peel_row = QHBoxLayout()
        peel_row.addWidget(self.peel_button)
        peel_row.addWidget(self.unpeel_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree)
        layout.addLayout(opacity_row)
        layout.addLayout(peel_row)
        layout.addWidget(self.show_all_button)
        layout.addWidget(self.status)

        self.tree.itemChanged.connect(self._ticked)
        self.tree.currentItemChanged.connect(lambda *_: self._refresh_slider())
        self.opacity.valueChanged.connect(self._opacity_moved)
        self.peel_button.clicked.connect(visibility.peel)
        self.unpeel_button.clicked.connect(visibility.unpeel)
        self.show_all_button.clicked.connect(visibility.reset)
        visibility.changed.connect(self.refresh)
        self.refresh()

    def _ticked(self, item: QTreeWidgetItem, _column: int) -> None:
        checked = item.checkState(0) == Qt.CheckState.Checked
        system_id = item.data(0, SYSTEM_ROLE)
        if system_id is not None:
            self._visibility.set_system_visible(system_id, checked)
        else:
            self._visibility.set_visible(item.data(0, ID_ROLE), checked)

    def _opacity_moved(self, value: int) -> None:
        item = self.tree.currentItem()
        instance_id = item.data(0, ID_ROLE) if item is not None else None
        if instance_id is not None:
            self._visibility.set_opacity(instance_id, value / 100)

    def _refresh_slider(self) -> None:
        item = self.tree.currentItem()
        instance_id = item.data(0, ID_ROLE) if item is not None else None
        self.opacity.setEnabled(instance_id is not None)
        self.opacity.blockSignals(True)
        value = self._visibility.opacity.get(instance_id, 1.0) if instance_id else 1.0
        self.opacity.setValue(round(value * 100))
        self.opacity.blockSignals(False)

    def refresh(self) -> None:
        """Show the model's state: ticks, the slider, what peeling and isolation have done."""
        vis = self._visibility
        self.tree.blockSignals(True)
        try:
            for instance_id, item in self._items.items():
                state = (
                    Qt.CheckState.Unchecked if instance_id in vis.hidden else Qt.CheckState.Checked
                )
                item.setCheckState(0, state)
            for system_id, group in self._groups.items():
                state = (
                    Qt.CheckState.Checked
                    if vis.is_system_visible(system_id)
                    else Qt.CheckState.Unchecked
                )
                group.setCheckState(0, state)
        finally:
            self.tree.blockSignals(False)
        self._refresh_slider()
        self.peel_button.setEnabled(vis.peeled < vis.max_peel)
        self.unpeel_button.setEnabled(vis.peeled > 0)
        notes = []
        if vis.peeled:
            notes.append(f"{vis.peeled} of {vis.max_peel} muscle layers peeled away.")
        if vis.isolated:
            notes.append(
                f"Showing only {self._atlas.instances[vis.isolated].label} and its relations."
            )
        if vis.xray:
            notes.append("X-ray: soft tissue is see-through.")
        self.status.setText(" ".join(notes))
