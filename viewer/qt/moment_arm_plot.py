"""A plot of the selected muscle's moment arms against hip (or knee) flexion, one line per part.

Moment arms change with position: piriformis turns the straight hip outwards
and the flexed hip inwards. Plotting the moment arm for one degree of freedom
across the flexion range shows where a part's action changes sign.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from viewer.model.atlas import Atlas, Side
from viewer.model.contraction import modelled_parts, part_label
from viewer.model.kinematics import HIP_DOFS
from viewer.model.moment_arms import KNEE_DOF, sweep_curve
from viewer.model.muscle_paths import MotionModel

DOF_LABELS = {
    "flexion": "Flexion (+) / extension (−)",
    "adduction": "Adduction (+) / abduction (−)",
    "rotation": "Internal (+) / external (−) rotation",
    KNEE_DOF: "Knee flexion (+) / extension (−)",
}
PART_COLOURS = ("#c0392b", "#2471a3", "#229954", "#8e44ad")
STEP_DEG = 2.0
EMPTY_TEXT = "Select a muscle to plot its moment arms."


class MomentArmPlot(QWidget):
    """Moment arm (mm) against hip flexion for the shown muscle's parts, for a chosen DOF."""

    def __init__(self, atlas: Atlas, model: MotionModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("moment_arm_plot")
        self._atlas = atlas
        self._model = model
        self.muscle: str | None = None
        self.side: Side = "right"
        self.dof = QComboBox()
        for dof in (*HIP_DOFS, KNEE_DOF):
            self.dof.addItem(DOF_LABELS[dof], dof)
        self.dof.currentIndexChanged.connect(lambda _: self._redraw())
        self.note = QLabel(EMPTY_TEXT)
        self.note.setWordWrap(True)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("bottom", "hip flexion (°)")
        self.plot.setLabel("left", "moment arm (mm)")
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen("#555", style=pg.QtCore.Qt.DashLine))
        self.plot.addItem(self.marker)
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#888")))
        # The lines are made once and given new data: clearing and re-adding plot items
        # on every selection leaks references inside pyqtgraph/PySide6 until Python aborts.
        self.lines = [self.plot.plot(pen=pg.mkPen(c, width=2)) for c in PART_COLOURS]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.dof)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.note)
        flexion, knee = model.ranges.flexion, model.ranges.knee
        self.flexions = np.arange(flexion.minimum, flexion.maximum + STEP_DEG / 2, STEP_DEG)
        self.knees = np.arange(knee.minimum, knee.maximum + STEP_DEG / 2, STEP_DEG)
        self.curves: dict[str, np.ndarray] = {}
        """The plotted moment arms (mm) by part label, at :attr:`flexions` (or :attr:`knees`
        for the knee)."""

    def show_muscle(self, muscle: str | None, side: Side = "right") -> None:
        """Plot ``muscle`` (a structure id; None or an unmodelled one clears the plot).

        The atlas is symmetric and the angles are anatomical (+ flexion, adduction,
        internal rotation on either side), so both sides have the same curves; the
        note names the side that was selected.
        """
        self.muscle = muscle if muscle and modelled_parts(self._model, muscle) else None
        self.side = side
        self._redraw()

    def mark_flexion(self, degrees: float) -> None:
        """Move the dashed line to the hip's current flexion."""
        self.marker.setValue(degrees)

    def _redraw(self) -> None:
        self.curves = {}
        parts = modelled_parts(self._model, self.muscle)[: len(self.lines)] if self.muscle else []
        dof = self.dof.currentData()
        knee = dof == KNEE_DOF
        angles = self.knees if knee else self.flexions
        self.plot.setLabel("bottom", "knee flexion (°)" if knee else "hip flexion (°)")
        self.marker.setVisible(not knee)
        key = []
        for i, line in enumerate(self.lines):
            if i >= len(parts):
                line.setData([], [])
                continue
            arms = sweep_curve(self._model, parts[i], dof, angles)
            label = part_label(self._atlas, parts[i])
            self.curves[label] = arms
            line.setData(angles, arms)
            key.append(f'<span style="color:{PART_COLOURS[i]}">&#9632;</span> {label}')
        if not parts:
            self.note.setText(EMPTY_TEXT)
            return
        name = self._atlas.structures[self.muscle].name
        crosses = [p for p in parts if (p.crosses_knee if knee else p.crosses_hip)]
        where = (
            f"{self.side} knee, hip at 0°"
            if knee
            else f"{self.side} hip, adduction and rotation at 0°, knee straight"
        )
        if not crosses:
            joint = "knee" if knee else "hip"
            self.note.setText(f"{name} does not cross the {joint}: it has no moment arm there.")
            return
        self.note.setText(
            f"{' &nbsp; '.join(key)}<br/>{name}, {where}. "
            "Above the grey line the part pulls towards the first-named motion "
            f"({DOF_LABELS[dof].split(' /')[0].lower()}), below it towards the other."
        )
