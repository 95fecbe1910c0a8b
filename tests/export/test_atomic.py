"""Exports are all or nothing: no overwrite without consent, clear errors, no leftovers."""

from __future__ import annotations

import os

import pytest

from viewer.export.atomic import ExportError, atomic_path


def test_replaces_only_when_the_write_completes(tmp_path):
    out = tmp_path / "view.png"
    with atomic_path(out) as tmp:
        tmp.write_bytes(b"first")
    assert out.read_bytes() == b"first"
    with pytest.raises(RuntimeError), atomic_path(out, overwrite=True) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("renderer crashed")
    assert out.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["view.png"]


def test_refuses_to_overwrite_without_consent(tmp_path):
    out = tmp_path / "view.png"
    out.write_bytes(b"keep")
    with pytest.raises(ExportError, match="already exists.*--force"), atomic_path(out):
        pytest.fail("must not get here")
    assert out.read_bytes() == b"keep"


def test_missing_folder_and_empty_result_are_errors(tmp_path):
    with pytest.raises(ExportError, match="does not exist"), atomic_path(tmp_path / "no" / "x.png"):
        pass
    with pytest.raises(ExportError, match="nothing was written"), atomic_path(tmp_path / "x.png"):
        pass
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder_is_an_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    with pytest.raises(ExportError, match="not writable"), atomic_path(folder / "x.png"):
        pass
