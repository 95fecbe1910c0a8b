"""A description of the machine a benchmark ran on, for reading figures in context."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def opengl_renderer(render_window) -> str:
    """The OpenGL renderer string VTK reports (e.g. llvmpipe for software rendering)."""
    report = render_window.ReportCapabilities()
    for line in report.splitlines():
        if "renderer" in line.lower() and ":" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


def describe(render_window=None) -> dict:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "opengl_renderer": opengl_renderer(render_window) if render_window else None,
    }
