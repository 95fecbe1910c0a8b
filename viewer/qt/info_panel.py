"""The info panel: the selected structure's facts from the annotation file."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from viewer.model.atlas import Atlas
from viewer.model.audience import TEXT_SCALE, AudienceModel
from viewer.model.facts import Facts, facts_for
from viewer.model.schema import Action
from viewer.model.selection import SelectionModel
from viewer.scene import palette

HEADING_SWATCH = {"Origin": palette.ORIGIN_COLOUR, "Insertion": palette.INSERTION_COLOUR}
"""Headings that carry the colour they are painted in, so the panel doubles as a legend."""

EMPTY_TEXT = (
    "<h3>Nothing selected</h3>"
    "<p>Click a muscle, bone, nerve or artery in the 3D view, or choose one from the "
    "structure list, to see where it attaches, what supplies it and what it does.</p>"
    "<p>Drag to rotate, right-drag or scroll to zoom, middle-drag or Shift-drag to pan. "
    "Press Esc to clear the selection.</p>"
)


PLAY_SCHEME = "play"
"""Links ``play:<motion>`` beside an action line ask for that action to be animated."""
SCENARIO_SCHEME = "scenario"
"""Links ``scenario:<id>`` beside a motion no hip angle plays ask for the scenario showing it."""


class InfoPanel(QTextBrowser):
    """Shows :func:`facts_for` of the selected instance; empty-state help otherwise."""

    play_requested = Signal(str)
    """A motion id, when its play link is clicked (links show once :attr:`playable` is on)."""
    scenario_requested = Signal(str)
    """A scenario id, when the link of a motion that a scenario shows is clicked."""

    def __init__(
        self,
        atlas: Atlas,
        selection: SelectionModel,
        audience: AudienceModel | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("info_panel")
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._link_clicked)
        self.playable = False
        self._atlas = atlas
        self._selection = selection
        self._audience = audience or AudienceModel()
        self._base_point_size = self.font().pointSizeF()
        selection.changed.connect(self.show_instance)
        self._audience.changed.connect(self._audience_changed)
        self.show_instance(selection.current)

    def _audience_changed(self, _audience: str) -> None:
        """Patients get larger type, as well as plainer words."""
        font = self.font()
        scale = TEXT_SCALE[self._audience.audience]
        font.setPointSizeF(self._base_point_size * scale)
        self.setFont(font)
        self.show_instance(self._selection.current)

    def show_instance(self, instance_id: str | None) -> None:
        if instance_id is None:
            self.setHtml(EMPTY_TEXT)
            return
        instance = self._atlas.instances[instance_id]
        audience = self._audience.audience
        facts = facts_for(self._atlas, instance.structure.id, audience)
        links = _play_links(self._atlas, instance.structure.actions) if self.playable else {}
        self.setHtml(facts_html(facts, instance.side, patient=audience == "patient", links=links))

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() == PLAY_SCHEME:
            self.play_requested.emit(url.path())
        elif url.scheme() == SCENARIO_SCHEME:
            self.scenario_requested.emit(url.path())


def _play_links(atlas: Atlas, actions: list[Action]) -> dict[str, list[str]]:
    """A play link for each line of the two action sections: the action itself, or the
    scenario that shows a motion no hip angle plays; else a note that there is none."""

    def link(motion: str) -> str:
        term = atlas.motions[motion]
        if term.playable:
            return f' <a href="{PLAY_SCHEME}:{motion}">&#9654;&nbsp;play</a>'
        if term.scenario is not None:
            href = f"{SCENARIO_SCHEME}:{term.scenario}"
            return f' <a href="{href}">&#9654;&nbsp;see it in a scenario</a>'
        return ' <small style="color:#777">(held still: no movement to play)</small>'

    motions = [a.motion for a in actions]
    return {
        "Actions": [link(m) for m in motions],
        "What it does": [link(m) for m in dict.fromkeys(motions)],
    }


def facts_html(
    facts: Facts, side: str | None, patient: bool = False, links: dict[str, list[str]] | None = None
) -> str:
    """The facts as HTML; ``links`` adds HTML after each line of the named sections."""
    side_text = f" ({side})" if side else ""
    parts = [f"<h2>{escape(facts.name)}{side_text}</h2>"]
    if patient:
        parts.append(f"<p>Medical name: {escape(facts.plain_name)}</p>")
        parts.append(f"<p>{escape(facts.summary)}</p>")
    else:
        ids = " &middot; ".join(
            f"{key.upper()} {escape(value) if value else 'not yet recorded'}"
            for key, value in facts.identifiers.items()
        )
        parts.append(
            f"<p><i>{escape(facts.latin)}</i><br/>Also called: {escape(facts.plain_name)}"
            f"<br/><small>{ids}</small></p>"
        )
        parts.append(f"<p><b>In plain words:</b> {escape(facts.summary)}</p>")
    for section in facts.sections:
        swatch = HEADING_SWATCH.get(section.heading)
        mark = f'<span style="color:{swatch}">&#9632;</span> ' if swatch else ""
        parts.append(f"<h4>{mark}{escape(section.heading)}</h4><ul>")
        extra = (links or {}).get(section.heading, [])
        parts += [
            f"<li>{escape(line)}{extra[i] if i < len(extra) else ''}</li>"
            for i, line in enumerate(section.lines)
        ]
        parts.append("</ul>")
    parts.append("<h4>Sources</h4><ol>")
    parts += [f"<li><small>{escape(src)}</small></li>" for src in facts.sources]
    parts.append("</ol>")
    return "".join(parts)
