"""The Scenarios dock on its own: its list and text follow the audience, Play asks for the chosen one."""

from __future__ import annotations

import pytest

from tests.conftest import PROJECT
from viewer.model.audience import AudienceModel
from viewer.model.loader import load_atlas
from viewer.qt.scenario_panel import ScenarioPanel


@pytest.fixture
def panel(qtbot):
    audience = AudienceModel()
    widget = ScenarioPanel(load_atlas(PROJECT / "annotations" / "atlas.yaml"), audience)
    qtbot.addWidget(widget)
    return widget, audience


def test_the_list_and_explanation_follow_the_audience(panel):
    widget, audience = panel
    assert widget.current == "trendelenburg"
    assert widget.list.item(0).text().startswith("Trendelenburg sign")
    assert "positive Trendelenburg sign" in widget.text.toPlainText()
    assert "Sources" in widget.text.toPlainText()
    audience.set("patient")
    assert (
        widget.list.item(0).text()
        == "Standing on one leg with strong and with weak side-hip muscles"
    )
    assert "one-leg standing test" in widget.text.toPlainText()
    assert "Sources" not in widget.text.toPlainText()


def test_play_asks_for_the_chosen_scenario(panel, qtbot):
    widget, _ = panel
    widget.choose("hip_thrust")
    assert "hip thrust" in widget.text.toPlainText().lower()
    with qtbot.waitSignal(widget.play_requested) as played:
        widget.play_button.click()
    assert played.args == ["hip_thrust"]
    widget.show_caption("Lockout")
    assert widget.caption.text() == "Lockout"


def test_choosing_another_scenario_while_one_is_shown_plays_it(panel, qtbot):
    widget, _ = panel
    with qtbot.assertNotEmitted(widget.play_requested):
        widget.choose("hip_thrust")  # nothing on show: choosing only shows the text
    widget.showing = "hip_thrust"
    with qtbot.waitSignal(widget.play_requested) as played:
        widget.choose("glute_bridge")
    assert played.args == ["glute_bridge"]
