"""Guards against Qt binding releases with reference-count bugs that abort long sessions.

PySide6 6.12.0 drops a reference to ``None`` on every QPainter call; every
repaint of a plot then brings a long session closer to "Fatal Python error:
none_dealloc". The dependency pin excludes it; this test catches a new release
with the same fault before a clinic does.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter


def test_painting_keeps_the_reference_count_of_none(qapp):
    image = QImage(16, 16, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setClipRect(image.rect())
        drift = sys.getrefcount(None) - before
    finally:
        painter.end()
    assert abs(drift) < 100, f"None lost {-drift} references in 4000 QPainter calls"
