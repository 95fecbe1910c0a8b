"""The layers stay apart: the anatomy model runs without Qt or VTK, the scene without widgets."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import PROJECT


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(PROJECT / ".venv" / "bin")) or shutil.which(
        "lint-imports"
    )
    assert lint, "import-linter is part of the test dependencies"
    result = subprocess.run([lint], cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_model_imports_without_qt_or_vtk():
    code = (
        "import sys, pkgutil, importlib, viewer.model as m\n"
        "for info in pkgutil.iter_modules(m.__path__): importlib.import_module(f'viewer.model.{info.name}')\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'vtk', 'vtkmodules', 'pyvista')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_ruff_clean_and_formatted():
    ruff = shutil.which("ruff", path=str(PROJECT / ".venv" / "bin")) or shutil.which("ruff")
    assert ruff, "ruff is part of the test dependencies"
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run([ruff, *args], cwd=PROJECT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
