"""Shared fixtures: the small test atlas and the project's own data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.model.paths import AtlasPaths

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def mini_text() -> str:
    return (DATA / "mini_atlas.yaml").read_text(encoding="utf-8")


@pytest.fixture
def write_yaml(tmp_path: Path):
    """Write text to a fresh annotation file and return its path."""

    def write(text: str, name: str = "atlas.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def project_paths() -> AtlasPaths:
    return AtlasPaths(PROJECT)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test, for fixtures that look at the outcome."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that shows Qt widgets is a window test, marked or not.

    CI runs the window tests a second time in random order, so that one test
    leaving something behind for the next shows up at once.
    """
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.window)
