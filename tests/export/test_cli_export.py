"""``main.py export`` on a machine with no display: files by extension, clear errors."""

from __future__ import annotations

import os
import subprocess
import sys

import trimesh

from tests.conftest import PROJECT
from tests.export.conftest import read_png


def export(mini_paths, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    command = [sys.executable, "main.py", "--data", str(mini_paths.root), "export", *args]
    return subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)


def test_png_pdf_and_glb_without_a_display(mini_paths, tmp_path):
    png, pdf, glb = tmp_path / "g.png", tmp_path / "g.pdf", tmp_path / "g.glb"
    common = ["--structure", "gluteus_medius", "--view", "posterior"]
    result = export(mini_paths, *common, "--size", "320x200", "--labels", "--out", str(png))
    assert result.returncode == 0, result.stderr
    assert read_png(png).shape[:2] == (200, 320)
    result = export(mini_paths, *common, "--audience", "clinician", "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    result = export(mini_paths, "--structure", "gluteus_medius", "--out", str(glb))
    assert result.returncode == 0, result.stderr
    assert "gluteus_medius_r" in trimesh.load(glb, force="scene").geometry
    assert "bad X server" not in result.stderr


def test_all_muscles_into_a_folder(mini_paths, tmp_path):
    result = export(mini_paths, "--all-muscles", "--size", "64x48", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gluteus_medius.png"]


def test_errors_are_clear_and_leave_nothing_behind(mini_paths, tmp_path):
    existing = tmp_path / "keep.png"
    existing.write_bytes(b"keep")
    cases = [
        (["--out", str(existing)], 1, "already exists (use --force"),
        (["--out", str(tmp_path / "missing" / "x.png")], 1, "does not exist"),
        (["--out", str(tmp_path / "x.jpg")], 1, "must end in .png, .pdf, .glb"),
        (["--structure", "nope", "--out", str(tmp_path / "x.png")], 1, "no structure 'nope'"),
        (["--pose", "flexion=90", "--out", str(tmp_path / "x.png")], 1, "needs the hip-motion"),
        (["--pose", "flexion=ninety", "--out", str(tmp_path / "x.png")], 2, "not a number"),
        (["--pose", "bend=9", "--out", str(tmp_path / "x.png")], 2, "flexion, adduction"),
        (["--size", "big", "--out", str(tmp_path / "x.png")], 2, "1920x1080"),
    ]
    for args, code, message in cases:
        result = export(mini_paths, *args)
        assert result.returncode == code, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
    assert existing.read_bytes() == b"keep"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.png"]
    forced = export(mini_paths, "--size", "64x48", "--force", "--out", str(existing))
    assert forced.returncode == 0, forced.stderr
    assert read_png(existing).shape == (48, 64, 4)


def test_a_pose_beyond_the_hips_range_is_refused(tmp_path):
    out = tmp_path / "x.png"
    command = [sys.executable, "main.py", "export", "--pose", "flexion=170", "--out", str(out)]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "--pose: flexion 170° is outside the hip's range, -30 to 120°" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []
