"""The animation bar drives a player: play advances, pause stops, scrub seeks, reset returns."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.conftest import PROJECT
from viewer.model.animation import NEUTRAL, Player, action_clip
from viewer.model.loader import load_atlas
from viewer.model.muscle_paths import load_motion
from viewer.qt.animation_bar import SLIDER_MIN_WIDTH, SLIDER_STEPS, AnimationBar


def test_play_pause_scrub_and_reset(qtbot):
    atlas = load_atlas(PROJECT / "annotations" / "atlas.yaml")
    model = load_motion(PROJECT / "annotations" / "motion.yaml", atlas)
    player = Player()
    bar = AnimationBar(player)
    qtbot.addWidget(bar)
    assert not bar.play_button.isEnabled()
    player.load(action_clip(atlas, "abduction", "right", model.ranges), play=False)
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    assert player.playing and bar.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: player.pose.right.adduction < -1, timeout=3000)
    assert bar.slider.value() > 0
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    stopped = player.time
    qtbot.wait(100)
    assert not player.playing and player.time == stopped
    bar.slider.setValue(SLIDER_STEPS // 2)
    assert player.pose.right.adduction == -40
    bar.speed.setCurrentIndex(bar.speed.findData(2.0))
    assert player.speed == 2.0
    bar.loop.setChecked(False)
    assert not player.loop
    qtbot.mouseClick(bar.reset_button, Qt.MouseButton.LeftButton)
    assert player.pose == NEUTRAL and bar.slider.value() == 0


def test_a_long_caption_does_not_squeeze_the_slider(qtbot):
    """A scenario's long caption is clipped in the bar (whole in its tooltip and the dock);
    the slider keeps its room, so a drag lands where it is aimed."""
    bar = AnimationBar(Player())
    qtbot.addWidget(bar)
    bar.resize(1200, 40)
    bar.show()
    qtbot.waitExposed(bar)
    bar.caption.setText("Anterior tilt of 12°: hips in 12° of flexion, iliopsoas and " * 4)
    bar.layout().activate()
    assert bar.slider.width() >= SLIDER_MIN_WIDTH
