"""The structure list: a search box over a tree grouped by system, synced with the selection."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.model.atlas import Atlas
from viewer.model.search import StructureSearch
from viewer.model.selection import SelectionModel

ID_ROLE = Qt.ItemDataRole.UserRole


class SearchBox(QLineEdit):
    """A search field that Esc leaves, instead of Esc reaching the window's shortcut.

    The window's Esc clears the selection; pressed while typing a search it
    should first only give the keyboard back, so a second Esc clears.
    """

    left = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            event.accept()  # the key comes here as a key press, not to the shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.left.emit()
            return
        super().keyPressEvent(event)


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text when the tree wraps words.

    Qt's tree paints wrapped text but sizes each row for one line; this sizes
    it for the text wrapped at the width the row really has.
    """

    PADDING = 4

    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        single = super().sizeHint(option, index)
        if not self._tree.wordWrap():
            return single
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = max(40, self._tree.viewport().width() - self._tree.indentation() * depth)
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        text = item.fontMetrics.boundingRect(
            QRect(0, 0, width - 2 * self.PADDING, 100_000), Qt.TextFlag.TextWordWrap, item.text
        )
        return QSize(width, max(single.height(), text.height() + self.PADDING))


class StructureTree(QWidget):
    """Choosing an item selects it; a selection made elsewhere moves the current item.

    :attr:`search_done` asks the window to give the keyboard back to the view:
    after Enter has chosen a match, or Esc, single-key shortcuts (F focus,
    X X-ray, ...) act on the view instead of typing into the search field.
    """

    search_done = Signal()

    def __init__(
        self,
        atlas: Atlas,
        selection: SelectionModel,
        unavailable: dict[str, str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._atlas = atlas
        self._selection = selection
        self._search = StructureSearch(atlas)
        self._items: dict[str, QTreeWidgetItem] = {}

        self.search_box = SearchBox(placeholderText="Search: e.g. glute med, hip bone, sciatic")
        self.search_box.setObjectName("structure_search")
        self.search_box.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("structure_tree")
        self.tree.setHeaderHidden(True)
        # long names differ at the end ("Trochanteric bursa of gluteus maximus / minimus"):
        # elide in the middle so a narrow dock still tells them apart
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setUniformRowHeights(False)  # wrapped names take two lines
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self.tree.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search_box)
        layout.addWidget(self.tree)

        for system in atlas.systems:
            group = QTreeWidgetItem(self.tree, [system.name])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for instance in atlas.instances_in(system):
                item = QTreeWidgetItem(group, [instance.label])
                item.setData(0, ID_ROLE, instance.id)
                if instance.id in unavailable:
                    item.setForeground(0, QBrush(QColor("gray")))
                    item.setToolTip(0, f"3D model unavailable: {unavailable[instance.id]}")
                else:
                    item.setToolTip(0, f"{instance.label}: {instance.structure.plain_name}")
                self._items[instance.id] = item
        self.tree.expandAll()

        self.tree.currentItemChanged.connect(self._item_chosen)
        self.search_box.textChanged.connect(self.filter)
        self.search_box.returnPressed.connect(self._choose_first_match)
        self.search_box.left.connect(self.search_done)
        selection.changed.connect(self._follow_selection)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """A narrower or wider list wraps its names anew."""
        if event.type() == QEvent.Type.Resize and self.tree.wordWrap():
            self.tree.doItemsLayout()
        return False

    def _item_chosen(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        instance_id = item.data(0, ID_ROLE) if item is not None else None
        if instance_id is not None:
            self._selection.select(instance_id)

    def _follow_selection(self, instance_id: str | None) -> None:
        self.tree.blockSignals(True)
        try:
            if instance_id is None:
                self.tree.setCurrentItem(None)
                self.tree.clearSelection()
            else:
                item = self._items[instance_id]
                item.setHidden(False)
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
        finally:
            self.tree.blockSignals(False)

    def filter(self, query: str) -> None:
        """Show only instances of structures matching ``query``, best match first within groups."""
        matches = set(self._search(query))
        for instance_id, item in self._items.items():
            item.setHidden(self._atlas.instances[instance_id].structure.id not in matches)
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            group.setHidden(all(group.child(j).isHidden() for j in range(group.childCount())))

    def _choose_first_match(self) -> None:
        query = self.search_box.text()
        ranked = self._search(query) if query.strip() else []
        if ranked:
            self._selection.select(self._atlas.instance_of(ranked[0], "right"))
            self.search_done.emit()

    def use_plain_names(self, plain: bool) -> None:
        """Patient mode: everyday names in the list, medical names in the tooltips.

        Everyday names are descriptions ("Hip bone (one half of the pelvis)"): they
        wrap onto a second line instead of losing their middle to an ellipsis.
        """
        self.tree.setWordWrap(plain)
        self.tree.setTextElideMode(
            Qt.TextElideMode.ElideNone if plain else Qt.TextElideMode.ElideMiddle
        )
        self.tree.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if plain else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        for i, system in enumerate(self._atlas.systems):
            self.tree.topLevelItem(i).setText(0, system.plain_name if plain else system.name)
        for instance_id, item in self._items.items():
            instance = self._atlas.instances[instance_id]
            item.setText(0, instance.plain_label if plain else instance.label)
        self.tree.doItemsLayout()

    def visible_ids(self) -> list[str]:
        return [i for i, item in self._items.items() if not item.isHidden()]
