"""Clinical scenarios in the window: the Scenarios dock, its menu entries and playback.

Playing a scenario looks from its view, fades what it does not list, loads
its clip into the window's animation player (so the Animation bar pauses,
scrubs and loops it like an action) and shows its caption, in the current
audience's words, in the dock, the bar and the status bar as it changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from viewer.model.animation import NEUTRAL
from viewer.model.scenario import ScenarioClip
from viewer.qt.motion_controls import MotionController
from viewer.qt.scenario_panel import ScenarioPanel
from viewer.scene.scenario_colours import ScenarioColours, fade_others, scenario_instances

DOCK_SHORTCUT = "Ctrl+Shift+E"
CAPTION_MS = 10000
"""How long the status bar shows a caption; the hover names come back after it."""
MAX_NUMBERED = 9
"""Scenarios reachable as Ctrl+1 ... Ctrl+9, in the order of the annotation file."""


class ScenarioDirector:
    """Plays scenarios through a window's :class:`MotionController` and keeps captions shown."""

    def __init__(self, window: QMainWindow, motion: MotionController, panel: ScenarioPanel):
        self.window = window
        self.motion = motion
        self.panel = panel
        self.clip: ScenarioClip | None = None
        self._faded = False
        """The scene fades what the scenario does not list."""
        self._shown = ""
        meshes = {i: window.scene.actor(i).mapper.dataset for i in window.scene.instance_ids}
        self.colouring = ScenarioColours(window.atlas, motion.model, meshes)
        panel.play_requested.connect(self.play)
        motion.player.changed.connect(self._follow)
        window.selection.changed.connect(self._selected)
        window.audience.changed.connect(lambda _value: self._refade())

    def play(self, scenario_id: str, mirrored: bool | None = None) -> None:
        """Show scenario ``scenario_id`` from its start, from its view.

        ``mirrored`` shows it on the other side of the body (default: as the panel says).
        """
        if mirrored is None:
            mirrored = self.panel.mirrored
        scenario = next(s for s in self.window.atlas.data.scenarios if s.id == scenario_id)
        scene = self.window.scene
        self.panel.showing = scenario_id  # choosing it in the list must not ask for it again
        self.panel.choose(scenario_id)
        self.window.selection.clear()
        scene.show_selection(None, render=False)  # undo an earlier scenario's fading
        self.clip = ScenarioClip.of(scenario, mirrored)
        self.colouring.load(self.clip)
        fade_others(scene, scenario_instances(scene, scenario.structures), render=False)
        self._faded = True
        scene.set_view(
            self.clip.view,
            render=False,
            with_spine=scenario.trunk == "upright",
            poses=self.clip.framed_poses,
        )
        self.motion.play_clip(self.clip, self.colouring, self.caption)

    def _selected(self, instance_id: str | None) -> None:
        """Choosing a structure ends the scenario on show: its colours would otherwise mean
        two things at once (shortening, and the selection's own red), under a caption about
        other muscles. The model stands again; Play shows the scenario once more."""
        player = self.motion.player
        if instance_id is not None and self.clip is not None and player.shown_clip is self.clip:
            self.motion.set_pose(NEUTRAL)

    def caption(self, t: float) -> str:
        """What the loaded scenario says at time ``t`` (s), for the current audience."""
        if self.clip is None:
            return ""
        audience = self.window.audience.audience
        return self.clip.caption_at(t, audience) or self.clip.title(audience)

    def _refade(self) -> None:
        """Patient mode redraws the selection's look, undoing the fading: fade again."""
        self._faded = False
        self._follow()

    def _follow(self) -> None:
        player = self.motion.player
        if self.clip is not None and player.clip is not self.clip:
            self.clip = None  # an action took the scenario's place
        showing = self.clip is not None and player.shown_clip is self.clip
        if showing != self._faded:  # Reset puts the fading away; Play brings it back
            self._faded = showing
            scene = self.window.scene
            if showing:
                fade_others(scene, scenario_instances(scene, self.clip.scenario.structures))
            else:
                scene.show_selection(self.window.selection.current)
        self.panel.showing = self.clip.scenario.id if showing else None
        text = self.caption(player.time) if showing else ""
        if text != self._shown:
            self._shown = text
            self.panel.show_caption(text)
            if text:
                self.window.statusBar().showMessage(text, CAPTION_MS)
            else:
                self.window.statusBar().clearMessage()


def install_scenarios(window: QMainWindow) -> ScenarioDirector | None:
    """Add the Scenarios dock and its Teaching menu entries; None without scenarios or motion."""
    motion = getattr(window, "motion", None)
    if motion is None or not window.atlas.data.scenarios:
        return None
    panel = ScenarioPanel(window.atlas, window.audience)
    director = ScenarioDirector(window, motion, panel)
    panel.handout_requested.connect(lambda: window.export("export_scenario_handout_from"))
    window.info_panel.scenario_requested.connect(lambda sid: _play_shown(window, director, sid))
    window.scenario_panel = panel
    window.scenarios = director
    window.scenario_dock = window.make_dock("Scenarios", "scenarios_dock", panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.scenario_dock)
    window.tabifyDockWidget(window.info_dock, window.scenario_dock)
    window.info_dock.raise_()

    menu = window.menus["teaching"].addMenu("&Clinical scenarios")
    show = window.bring_forward_action(
        window.scenario_dock,
        "&Scenarios panel",
        DOCK_SHORTCUT,
        "Clinical scenarios: the Trendelenburg sign, pelvic tilt, exercises",
    )
    menu.addAction(show)
    menu.addSeparator()
    for number, scenario in enumerate(window.atlas.data.scenarios, start=1):
        shortcut = f"Ctrl+{number}" if number <= MAX_NUMBERED else None
        menu.addAction(
            window.make_action(
                scenario.title,
                shortcut,
                lambda _=False, sid=scenario.id: _play_shown(window, director, sid),
                f"Play the scenario: {scenario.plain_title}",
            )
        )
    return director


def _play_shown(window: QMainWindow, director: ScenarioDirector, scenario_id: str) -> None:
    window.scenario_dock.show()
    window.scenario_dock.raise_()
    director.play(scenario_id)
