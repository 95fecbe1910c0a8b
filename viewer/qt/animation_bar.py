"""The animation bar: play, pause, scrub, speed, loop and reset for a :class:`Player`.

A QTimer advances the player by the real time elapsed since its last tick, so
an action takes its proper time however few frames the machine can draw: a
slow renderer shows fewer frames, never a slower movement.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QWidget,
)

from viewer.model.animation import SPEEDS, Player

TICK_MS = 15
"""Timer interval; a frame that takes longer to draw simply delays the next tick."""

SLIDER_STEPS = 1000

SLIDER_MIN_WIDTH = 320
"""Pixels the scrub slider keeps however long the caption beside it, so that a drag lands
where it is aimed (a long caption once squeezed it to about 115)."""

IDLE_TEXT = "No action chosen: play one from the Facts panel (the ▶ beside an action)."


class AnimationBar(QWidget):
    """Controls of one player; :attr:`caption` says what is playing."""

    def __init__(self, player: Player, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("animation_bar")
        self.player = player
        self.caption = QLabel(IDLE_TEXT)
        self.caption.setMinimumWidth(260)
        # a long scenario caption must not squeeze the slider: the label takes the room left
        # and clips what does not fit (the Scenarios dock shows the caption whole)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.play_button = QPushButton("Play")
        self.play_button.setObjectName("animation_play")
        self.play_button.setToolTip("Play or pause the action (Space)")
        self.play_button.clicked.connect(player.toggle)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Stop and return to the standing pose (Home)")
        self.reset_button.clicked.connect(player.reset)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("animation_scrub")
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setToolTip("Drag to any moment of the action")
        self.slider.setMinimumWidth(SLIDER_MIN_WIDTH)
        self.slider.valueChanged.connect(self._scrubbed)
        self.speed = QComboBox()
        self.speed.setToolTip("Playback speed")
        for speed in SPEEDS:
            self.speed.addItem(f"{speed:g}×", speed)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda i: player.set_speed(self.speed.itemData(i)))
        self.loop = QCheckBox("Loop")
        self.loop.setChecked(player.loop)
        self.loop.toggled.connect(player.set_loop)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for widget in (self.play_button, self.reset_button):
            layout.addWidget(widget)
        layout.addWidget(self.slider, 1)
        for widget in (self.speed, self.loop):
            layout.addWidget(widget)
        layout.addWidget(self.caption, 1)

        self._clock = QElapsedTimer()
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self._tick)
        player.changed.connect(self._sync)
        self._sync()

    def _tick(self) -> None:
        elapsed = self._clock.restart() / 1000.0
        self.player.advance(elapsed)

    def _scrubbed(self, value: int) -> None:
        self.player.seek(value / SLIDER_STEPS * self.player.duration)

    def _sync(self) -> None:
        """Show the player's state; start or stop the clock with it."""
        player = self.player
        has_clip = player.clip is not None
        for widget in (self.play_button, self.reset_button, self.slider):
            widget.setEnabled(has_clip)
        self.play_button.setText("Pause" if player.playing else "Play")
        if player.playing and not self._timer.isActive():
            self._clock.start()
            self._timer.start()
        elif not player.playing:
            self._timer.stop()
        if not self.slider.isSliderDown():
            with QSignalBlocker(self.slider):  # showing the time is not a scrub
                shown = player.time / player.duration if has_clip else 0.0
                self.slider.setValue(round(shown * SLIDER_STEPS))
