"""Fixtures for robustness tests: a private, writable copy of the tiny test atlas."""

from __future__ import annotations

import shutil

import pytest

from tests.qt.conftest import make_window, settings, window_leaks  # noqa: F401 (re-exported fixtures)
from tests.scene.conftest import mini_paths  # noqa: F401 (re-exported fixture)
from viewer.model.paths import AtlasPaths


@pytest.fixture
def atlas_copy(mini_paths, tmp_path) -> AtlasPaths:  # noqa: F811 (the fixture above)
    """A copy of the tiny atlas folder that a test may damage."""
    root = tmp_path / "atlas"
    shutil.copytree(mini_paths.root, root)
    return AtlasPaths(root)
