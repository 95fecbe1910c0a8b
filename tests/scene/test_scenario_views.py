"""The view names a scenario may give are exactly the scene's named views."""

from __future__ import annotations

from typing import get_args

from viewer.model.schema import ViewName
from viewer.scene.views import VIEWS


def test_scenario_views_are_the_named_views():
    assert set(get_args(ViewName)) == set(VIEWS)
