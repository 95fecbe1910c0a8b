"""Run every benchmark in one go: ``python -m benchmarks --out bench.json``.

Each figure is a ratio against a baseline measured in the same run on the
same window size, as medians of repeats; absolute seconds are reported too
but only the ratios are comparable between runs on a shared machine. Writes
JSON and the table in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks.report import TARGETS, write_markdown

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def display():
    """Use the current X display, or start a private Xvfb for the run."""
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        yield
        return
    number = 90 + os.getpid() % 100
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.environ["DISPLAY"] = f":{number}"
    time.sleep(1.0)
    try:
        yield
    finally:
        server.terminate()
        server.wait()
        del os.environ["DISPLAY"]


def child(module: str, *args: str) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def startup(repeats: int, settings: str) -> dict:
    """Process start to first frame, full atlas against a bare window, alternating."""
    runs: dict[str, list[dict]] = {"full": [], "bare": []}
    for _ in range(repeats):
        for mode in ("bare", "full"):
            extra = (settings,) if mode == "full" else ()
            runs[mode].append(child("benchmarks.probe", mode, repr(time.time()), *extra))
    median = {
        mode: {key: statistics.median(r[key] for r in results) for key in results[0]}
        for mode, results in runs.items()
    }
    return {
        "startup_full_s": median["full"]["startup_s"],
        "startup_bare_s": median["bare"]["startup_s"],
        "memory_full_mb": median["full"]["peak_rss_mb"],
        "memory_bare_mb": median["bare"]["peak_rss_mb"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Gluteal Atlas benchmarks")
    parser.add_argument("--out", type=Path, default=Path("bench.json"))
    parser.add_argument("--repeats", type=int, default=3, help="program starts per variant")
    parser.add_argument(
        "--markdown", type=Path, default=ROOT / "docs" / "performance.md", help="table to write"
    )
    args = parser.parse_args(argv)
    settings = str(Path(tempfile.mkdtemp(prefix="atlas-bench-")) / "settings.ini")
    with display():
        figures = startup(args.repeats, settings)
        figures.update(child("benchmarks.frames", settings))
    deformation = ROOT / "benchmarks" / "deformation.py"
    if deformation.exists():
        out = Path(tempfile.mkdtemp(prefix="atlas-bench-")) / "deformation.json"
        subprocess.run(
            [sys.executable, "-m", "benchmarks.deformation", "--out", str(out)],
            cwd=ROOT,
            check=True,
        )
        figures["deformation"] = json.loads(out.read_text())
    report = {"figures": figures, "targets": TARGETS}
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    write_markdown(figures, args.markdown)
    print(args.markdown.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
