"""Hip motion in the window: the animation bar, the moment-arm plot and the Motion menu.

:func:`install_motion` wires a :class:`Player` to the scene: each change of the
player poses the skeleton, colours the muscles performing the action by how
much each part shortens, and draws one frame.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QMessageBox

from viewer.export.pose import parse_pose
from viewer.model.animation import (
    NEUTRAL,
    ActionClip,
    Clip,
    NotPlayable,
    Player,
    Pose,
    action_clip,
    pose_for,
)
from viewer.model.atlas import Side
from viewer.model.errors import AtlasDataError
from viewer.model.kinematics import HipPose
from viewer.model.muscle_paths import MotionModel, load_motion
from viewer.qt.animation_bar import IDLE_TEXT, AnimationBar
from viewer.qt.moment_arm_plot import MomentArmPlot
from viewer.scene.posing import ContractionColours, contraction_legend

log = logging.getLogger(__name__)


class MotionController:
    """Plays annotated actions in a window's scene and keeps the bar and plot in step."""

    def __init__(self, window: QMainWindow, model: MotionModel):
        self.window = window
        self.scene = window.scene
        self.model = model
        self.scene.skeleton = model.skeleton
        self.player = Player()
        meshes = {i: self.scene.actor(i).mapper.dataset for i in self.scene.instance_ids}
        self.colouring = ContractionColours(window.atlas, model, meshes)
        self._playing: tuple[ContractionColours, Callable[[float], str]] = (
            self.colouring,
            self._caption,
        )
        """The colours and the caption of the loaded clip (an action's, or a scenario's own)."""
        self._coloured: list[str] = []
        self._legend = contraction_legend()
        self._legend.SetVisibility(False)
        self.scene.overlay.renderer.AddActor(self._legend)
        self.bar = AnimationBar(self.player)
        self.plot = MomentArmPlot(window.atlas, model)
        self.player.changed.connect(self._show)
        # patient mode redraws the selection's look: show the clip's colours and caption again
        window.audience.changed.connect(lambda _value: self._show())

    def play(self, motion: str, instance_id: str | None = None) -> None:
        """Animate ``motion`` on the side of ``instance_id`` (default: the selection's)."""
        instance_id = instance_id or self.window.selection.current
        instance = self.window.atlas.instances.get(instance_id) if instance_id else None
        side: Side = instance.side if instance and instance.side else "right"
        try:
            clip = action_clip(self.window.atlas, motion, side, self.model.ranges)
        except NotPlayable as exc:
            self.window.statusBar().showMessage(str(exc), 6000)
            return
        self.colouring.load(clip)
        self.play_clip(clip, self.colouring, self._caption)

    def play_clip(
        self, clip: Clip, colouring: ContractionColours, caption: Callable[[float], str]
    ) -> None:
        """Play any clip with colours prepared for it and its caption at each time (s)."""
        self._clear_colours()
        self._playing = (colouring, caption)
        self.player.load(clip)

    def set_pose(self, pose: Pose) -> None:
        """Show a fixed pose (no action playing)."""
        self.player.reset()
        self._clear_colours()
        self.scene.set_pose(pose)

    def _show(self) -> None:
        clip = self.player.shown_clip
        colouring, caption = self._playing
        self.scene.set_pose(self.player.pose, render=False)
        if clip is not None and (self.player.time > 0 or self.player.playing):
            self._coloured = colouring.instances
            for instance_id, colours in colouring.colours_at(self.player.time).items():
                self.scene.set_vertex_colours(instance_id, colours)
            self._legend.SetVisibility(True)
        else:
            self._clear_colours()
        side: Side = clip.side if isinstance(clip, ActionClip) else "right"
        self.plot.mark_flexion(self.player.pose.hip(side).flexion)
        text = caption(self.player.time) if clip else IDLE_TEXT
        self.bar.caption.setText(text)
        self.bar.caption.setToolTip(text)  # whole, where the bar clips it
        self.scene.plotter.render()

    def _caption(self, _time: float) -> str:
        clip = self.player.clip
        term = self.window.atlas.motions[clip.motion]
        angle = getattr(self.player.pose.hip(clip.side), clip.dof)
        joint = "knee" if clip.dof == "knee" else "hip"
        # the clip goes out and back: say so on the way back, where the colours (length
        # against the start) stay red though the muscle is lengthening again
        back = ", back to the start" if self.player.time > clip.duration / 2 else ""
        if clip.start:  # straightening a bent joint: say how far it is still bent
            return f"{term.name}{back}: {clip.side} {joint} bent {abs(angle):.0f}°"
        return f"{term.name}{back}, {clip.side} {joint}: {abs(angle):.0f}° of {abs(clip.peak):.0f}°"

    def _clear_colours(self) -> None:
        for instance_id in self._coloured:
            self.scene.set_vertex_colours(instance_id, None)
        self._coloured = []
        self._legend.SetVisibility(False)

    def ask_pose(self) -> None:
        """Ask for hip and knee angles (as ``--pose`` takes them) and show that pose.

        Angles beyond the joints' normal ranges are refused, with the range, and
        the dialog comes back with what was typed so it can be corrected.
        """
        current = self.window.selection.current
        side = self.window.atlas.instances[current].side if current else None
        hip = self.scene.pose.hip(side or "right")
        # to a tenth of a degree, as a person types it: a pose stopped mid-animation
        # would otherwise read knee=89.826 beside the bar's 90°
        angles = {
            "flexion": hip.flexion,
            "adduction": hip.adduction,
            "rotation": hip.rotation,
            "knee": hip.knee,
        }
        text = ",".join(f"{name}={round(float(a), 1):g}" for name, a in angles.items())
        while True:
            text, ok = QInputDialog.getText(
                self.window,
                "Set pose",
                "Hip angles in degrees (+ flexion, + adduction, + internal rotation;\n"
                "abduction=40 is the same as adduction=-40) and the knee's bend\n"
                "(0 straight), for the selected structure's side (right if none).\n"
                "The current pose is filled in.\n"
                f"Normal range: {self.model.ranges.describe()}.",
                text=text,
            )
            if not ok:
                return
            try:
                angles = parse_pose(text)
                self.model.ranges.require(HipPose(**angles))
            except ValueError as exc:
                QMessageBox.warning(self.window, "Pose not shown", f"{exc}.")
                continue
            self.set_pose(pose_for(self.window.atlas, self.window.selection.current, angles))
            return


def install_motion(window: QMainWindow) -> MotionController | None:
    """Add the animation bar, the moment-arm dock and the Motion menu to ``window``.

    Without a usable ``motion.yaml`` the window works as before, without
    motion (the reason is logged).
    """
    try:
        model = load_motion(window.paths.motion, window.atlas, landmarks=window.scene.landmarks)
    except (AtlasDataError, OSError) as exc:
        log.warning("hip motion is unavailable: %s", str(exc))  # no traceback kept alive
        return None
    controller = MotionController(window, model)
    window.motion = controller
    window.models.append(controller.player)
    window.on_close.append(controller.player.pause)
    window.animation_dock = window.make_dock("Animation", "animation_dock", controller.bar)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, window.animation_dock)
    window.moment_arm_dock = window.make_dock("Moment arms", "moment_arm_dock", controller.plot)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.moment_arm_dock)
    window.tabifyDockWidget(window.info_dock, window.moment_arm_dock)
    window.info_dock.raise_()

    def on_selection(instance_id: str | None) -> None:
        instance = window.atlas.instances.get(instance_id) if instance_id else None
        if instance is None:
            controller.plot.show_muscle(None)
        else:
            controller.plot.show_muscle(instance.structure.id, instance.side or "right")

    window.selection.changed.connect(on_selection)
    on_selection(window.selection.current)
    window.info_panel.playable = True
    window.info_panel.play_requested.connect(controller.play)
    window.info_panel.show_instance(window.selection.current)

    menu = QMenu("&Motion", window)
    window.menuBar().insertMenu(window.menus["help"].menuAction(), menu)
    window.menus["motion"] = menu
    for text, shortcut, slot, tip in (
        ("&Play / pause", "Space", controller.player.toggle, "Play or pause the action"),
        ("&Reset to standing", "Home", lambda: controller.set_pose(NEUTRAL), "Neutral pose"),
        ("Set hip &pose…", "Ctrl+Shift+H", controller.ask_pose, "Show any hip angles"),
    ):
        menu.addAction(window.make_action(text, shortcut, slot, tip))
    menu.addSeparator()
    menu.addAction(window.animation_dock.toggleViewAction())
    menu.addAction(window.moment_arm_dock.toggleViewAction())
    return controller
