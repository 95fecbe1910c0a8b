"""Where the program finds its data: inside an installed wheel, in a source checkout, or a user's file.

The wheel itself is built, installed into a fresh environment and run from
another folder by ``.ci/wheel-check``; these tests cover the rules it relies on.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from viewer.cli import main
from viewer.model import paths as paths_module
from viewer.model.errors import DataPathError
from viewer.model.paths import DATA_ENV, AtlasPaths, installed_data


def test_a_source_checkout_uses_its_own_folders(monkeypatch):
    monkeypatch.delenv(DATA_ENV, raising=False)
    assert installed_data() == PROJECT
    assert AtlasPaths.default().annotations == PROJECT / "annotations" / "atlas.yaml"


def test_an_installed_package_uses_the_data_inside_it(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "viewer"
    (package / "atlas_data" / "annotations").mkdir(parents=True)
    monkeypatch.setattr(paths_module.resources, "files", lambda name: package)
    monkeypatch.delenv(DATA_ENV, raising=False)
    assert installed_data() == package / "atlas_data"
    assert AtlasPaths.default().meshes == package / "atlas_data" / "meshes"


def test_an_installation_without_data_says_so(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "viewer"
    package.mkdir(parents=True)
    monkeypatch.setattr(paths_module.resources, "files", lambda name: package)
    with pytest.raises(DataPathError, match="has no atlas data; reinstall it"):
        installed_data()


def test_motion_comes_from_beside_the_annotation_file_else_from_the_data(tmp_path):
    own = tmp_path / "mine" / "atlas.yaml"
    own.parent.mkdir()
    own.write_text("", encoding="utf-8")
    paths = AtlasPaths(PROJECT, own)
    assert paths.annotations == own
    assert paths.motion == PROJECT / "annotations" / "motion.yaml"
    (own.parent / "motion.yaml").write_text("", encoding="utf-8")
    assert paths.motion == own.parent / "motion.yaml"
    assert paths.meshes == PROJECT / "meshes"


def test_a_users_own_annotation_file_is_read_with_the_atlas_meshes(tmp_path, capsys):
    text = (PROJECT / "annotations" / "atlas.yaml").read_text(encoding="utf-8")
    assert "middle buttock muscle" in text
    own = tmp_path / "my_atlas.yaml"
    own.write_text(text.replace("middle buttock muscle", "middle seat muscle"), encoding="utf-8")

    assert main(["--annotations", str(own), "info", "gluteus_medius"]) == 0
    assert "middle seat muscle" in capsys.readouterr().out
    assert main(["check", str(own)]) == 0
    assert f"{own}: OK" in capsys.readouterr().out


def test_a_reader_that_stops_early_gets_no_traceback():
    """``gluteal-atlas info … | head -1``: the program stops quietly when the pipe closes."""
    run = subprocess.Popen(
        [sys.executable, str(PROJECT / "main.py"), "info", "gluteus_maximus"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path("/"),
    )
    run.stdout.close()  # the reader goes away before anything is written
    errors = run.stderr.read().decode()
    run.stderr.close()
    run.wait(timeout=60)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
