"""Ratios against their targets, as JSON and as the markdown table in docs/performance.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

TARGETS = {
    "startup_ratio": 1.3,
    "frame_vs_empty_ratio": 1.5,
    "animation_ratio": 1.15,
    "deformation_ms": 3.0,
    "pick_ratio": 1.3,
    "memory_over_bare_mb": 250.0,
    "export_png_ratio": 3.0,
    "export_pdf_ratio": 3.0,
}
"""The issue's targets for a 2-core machine with software OpenGL."""


def ratios(f: dict) -> dict[str, float | None]:
    def div(a: str, b: str) -> float | None:
        return f[a] / f[b] if a in f and b in f and f[b] else None

    deformation = f.get("deformation", {})
    return {
        "startup_ratio": div("startup_full_s", "startup_bare_s"),
        "frame_vs_empty_ratio": div("frame_full_s", "frame_empty_s"),
        "frame_vs_merged_ratio": div("frame_full_s", "frame_merged_s"),
        "animation_ratio": div("frame_animated_s", "frame_static_s"),
        "deformation_ms": deformation.get("total_ms_per_frame"),
        "pick_ratio": div("pick_latency_s", "pick_plain_frame_s"),
        "memory_over_bare_mb": (
            f["memory_full_mb"] - f["memory_bare_mb"] if "memory_full_mb" in f else None
        ),
        "export_png_ratio": div("export_png_4k_s", "export_render_4k_s"),
        "export_pdf_ratio": div("export_pdf_s", "export_render_4k_s"),
    }


ROWS = (
    (
        "Start-up to first frame, atlas / bare window",
        "startup_ratio",
        "startup_full_s",
        "startup_bare_s",
    ),
    (
        "Static frame, full scene / empty scene",
        "frame_vs_empty_ratio",
        "frame_full_s",
        "frame_empty_s",
    ),
    (
        "Static frame, full scene / one merged mesh",
        "frame_vs_merged_ratio",
        "frame_full_s",
        "frame_merged_s",
    ),
    ("Animated frame / static frame", "animation_ratio", "frame_animated_s", "frame_static_s"),
    ("Deformation step alone (ms per frame)", "deformation_ms", None, None),
    (
        "Click to highlighted frame / plain frame",
        "pick_ratio",
        "pick_latency_s",
        "pick_plain_frame_s",
    ),
    (
        "Peak memory over the bare window (MB)",
        "memory_over_bare_mb",
        "memory_full_mb",
        "memory_bare_mb",
    ),
    (
        "3840x2160 PNG export / one 4K render",
        "export_png_ratio",
        "export_png_4k_s",
        "export_render_4k_s",
    ),
    (
        "PDF handout export / one 4K render",
        "export_pdf_ratio",
        "export_pdf_s",
        "export_render_4k_s",
    ),
)


def _fmt(value) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3g}" if isinstance(value, float) else str(value)


NOTES_HEADING = "## What costs time and what was done"
"""The hand-written section below the table; regenerating the table keeps it."""


def write_markdown(figures: dict, path: Path) -> None:
    values = ratios(figures)
    machine = figures.get("machine", {})
    lines = [
        "# Performance",
        "",
        "Measured with `python -m benchmarks --out bench.json` (medians of repeats; every ratio",
        "against a baseline measured in the same run on the same window size).",
        "",
        f"- Date: {dt.date.today().isoformat()}",
        f"- CPU: {machine.get('cpu')} ({machine.get('cores')} cores)",
        f"- OpenGL renderer: {machine.get('opengl_renderer')}",
        f"- Window: {figures.get('window_size')} pixels",
        f"- Scene: {figures.get('triangles')} triangles",
        "",
        "| figure | measured | target | met | measured values (s or MB) |",
        "|---|---:|---:|:-:|---|",
    ]
    for label, key, a, b in ROWS:
        value, target = values.get(key), TARGETS.get(key)
        met = "" if value is None or target is None else ("yes" if value <= target else "no")
        raw = ", ".join(f"{name} {_fmt(figures.get(name))}" for name in (a, b) if name)
        lines.append(f"| {label} | {_fmt(value)} | {_fmt(target)} | {met} | {raw} |")
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = old[old.index(NOTES_HEADING) :] if NOTES_HEADING in old else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n" + ("\n" + notes if notes else ""), encoding="utf-8")
