"""The Scenarios dock: the clinical scenarios of the annotation file, their words and Play.

Everything shown is worded for the current audience (clinician or patient)
and re-worded when it changes; playing is left to whoever listens to
:attr:`ScenarioPanel.play_requested`.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer.model.atlas import Atlas
from viewer.model.audience import AudienceModel
from viewer.model.scenario import ScenarioClip, mirror_words

ID_ROLE = Qt.ItemDataRole.UserRole
"""Where a list item keeps its scenario's id."""


class ScenarioPanel(QWidget):
    """A list of scenarios, the chosen one's explanation, its current caption and Play."""

    play_requested = Signal(str)
    """Emitted with a scenario id when the user asks to play it."""
    handout_requested = Signal()
    """Emitted when the user asks for a printable handout of the chosen scenario."""

    def __init__(self, atlas: Atlas, audience: AudienceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scenario_panel")
        self._atlas = atlas
        self._scenarios = {s.id: s for s in atlas.data.scenarios}
        self._audience = audience
        self.showing: str | None = None
        """The scenario on show in the window, if any (set by whoever plays it)."""
        self.list = QListWidget()
        self.list.setWordWrap(True)  # long titles take two lines rather than an ellipsis
        self.list.setObjectName("scenario_list")
        for scenario in atlas.data.scenarios:
            item = QListWidgetItem()
            item.setData(ID_ROLE, scenario.id)
            self.list.addItem(item)
        self.text = QTextBrowser()
        self.text.setObjectName("scenario_text")
        self.caption = QLabel()
        self.caption.setObjectName("scenario_caption")
        self.caption.setWordWrap(True)
        self.play_button = QPushButton("Play")
        self.play_button.setObjectName("scenario_play")
        self.play_button.setToolTip("Play the chosen scenario (or double-click it)")
        self.mirror = QCheckBox("Show on the other side (left and right swapped)")
        self.mirror.setObjectName("scenario_mirror")
        self.mirror.setToolTip(
            "For a one-sided scenario such as the Trendelenburg sign: show it on the side "
            "of the patient in front of you"
        )

        self.handout_button = QPushButton("Handout…")
        self.handout_button.setObjectName("scenario_handout")
        self.handout_button.setToolTip(
            "Save a printable PDF of this scenario: its key moments side by side, explained"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button, 1)
        buttons.addWidget(self.handout_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.mirror)
        layout.addLayout(buttons)
        layout.addWidget(self.caption)
        layout.addWidget(self.text, 2)

        self.list.currentRowChanged.connect(lambda _row: self._chosen())
        self.mirror.toggled.connect(self._mirror_toggled)
        self.list.itemActivated.connect(lambda _item: self._play())
        self.play_button.clicked.connect(self._play)
        self.handout_button.clicked.connect(self.handout_requested)
        audience.changed.connect(lambda _value: self._reword())
        self._reword()
        self.list.setCurrentRow(0)

    @property
    def current(self) -> str | None:
        """The id of the chosen scenario."""
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def choose(self, scenario_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == scenario_id:
                self.list.setCurrentRow(row)

    def _chosen(self) -> None:
        """Show the chosen scenario's text; while another scenario is on show, play the chosen
        one in its place, so the picture never shows one scenario under another's words."""
        self._show_text()
        if self.showing is not None and self.showing != self.current:
            self._play()

    def _mirror_toggled(self, _on: bool) -> None:
        """Reword the text; a scenario on show plays again on the side now asked for."""
        self._show_text()
        if self.showing is not None and self.showing == self.current:
            self._play()

    @property
    def mirrored(self) -> bool:
        """Whether the chosen scenario is to be shown on the other side."""
        return self.mirror.isEnabled() and self.mirror.isChecked()

    def show_caption(self, text: str) -> None:
        self.caption.setText(text)

    def _play(self) -> None:
        if self.current is not None:
            self.play_requested.emit(self.current)

    def _reword(self) -> None:
        patient = self._audience.is_patient
        for row in range(self.list.count()):
            item = self.list.item(row)
            scenario = self._scenarios[item.data(ID_ROLE)]
            item.setText(scenario.plain_title if patient else scenario.title)
        self._show_text()

    def _show_text(self) -> None:
        scenario = self._scenarios.get(self.current or "")
        if scenario is None:
            self.text.clear()
            return
        self.mirror.setEnabled(ScenarioClip.one_sided(scenario))
        patient = self._audience.is_patient
        title = scenario.plain_title if patient else scenario.title
        body = scenario.plain if patient else scenario.text
        if self.mirrored:
            title, body = mirror_words(title), mirror_words(body)
        parts = [f"<h3>{escape(title)}</h3><p>{escape(body)}</p>"]
        if not patient:
            parts.append("<h4>Sources</h4><ul>")
            parts += [
                f"<li><small>{escape(self._atlas.citations[ref].text)}</small></li>"
                for ref in scenario.citations
            ]
            parts.append("</ul>")
        self.text.setHtml("".join(parts))
