"""``--pose`` and the pose dialog read the words people use for either direction."""

from __future__ import annotations

import pytest

from viewer.export.pose import parse_pose


def test_the_other_direction_is_a_negative_angle():
    assert parse_pose("abduction=40") == {"adduction": -40.0}
    assert parse_pose("Extension=20, external rotation=30") == {"flexion": -20.0, "rotation": -30.0}
    assert parse_pose("internal_rotation=15") == {"rotation": 15.0}


def test_an_unknown_word_names_the_ones_that_work():
    with pytest.raises(ValueError, match="abduction"):
        parse_pose("spin=40")
    with pytest.raises(ValueError, match="twice"):
        parse_pose("abduction=40,adduction=10")
