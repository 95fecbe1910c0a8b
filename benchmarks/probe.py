"""One measured program start, run in its own process by :mod:`benchmarks`.

``python -m benchmarks.probe full|bare T0`` starts either the whole atlas or a
bare PySide6 window holding an empty PyVista view, renders the first frame,
and prints JSON: seconds from ``T0`` (the parent's clock before it started
this process) to that frame, and the process's peak resident memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> int:
    mode, t0 = sys.argv[1], float(sys.argv[2])
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    if mode == "full":
        from viewer.model.paths import AtlasPaths
        from viewer.qt.app import create_window

        settings = QSettings(sys.argv[3], QSettings.Format.IniFormat)
        window = create_window(AtlasPaths.default(), settings)
        view = window.view
    else:
        from pyvistaqt import QtInteractor

        window = QMainWindow()
        window.resize(1400, 900)
        view = QtInteractor(window)
        window.setCentralWidget(view)
    window.show()
    result: dict = {}

    def first_frame() -> None:
        view.ren_win.Render()
        result["startup_s"] = time.time() - t0
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        view.close()
        app.quit()

    QTimer.singleShot(0, first_frame)
    app.exec()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
