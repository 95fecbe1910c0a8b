"""Export faults: each is a clear ExportError, and the folder holds no partial or temporary file."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from tests.export.conftest import scene  # noqa: F401 (re-exported fixture)
from viewer.export import handout
from viewer.export.atomic import ExportError
from viewer.export.gltf import export_glb
from viewer.export.handout import HandoutOptions, export_handout
from viewer.export.picture import PictureOptions, export_picture

SMALL = PictureOptions(size=(160, 120))


def picture(scene, out, **kw):  # noqa: F811 (the fixture above)
    return export_picture(scene, out, SMALL, **kw)


def glb(scene, out, **kw):  # noqa: F811
    return export_glb(scene, out, **kw)


def pdf(scene, out, **kw):  # noqa: F811
    return export_handout(scene, out, HandoutOptions(views=("posterior",), dpi=60), **kw)


EXPORTS = {"picture": (picture, ".png"), "glTF": (glb, ".glb"), "handout": (pdf, ".pdf")}


def full_disk(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def half_then(error: BaseException):
    """A writer that leaves half a file at its target, then fails."""

    def write(self_or_target, *args, **_kwargs):
        target = next(a for a in (self_or_target, *args) if isinstance(a, (str, Path)))
        Path(target).write_bytes(b"half a file")
        raise error

    return write


def break_writer(monkeypatch, kind: str, error: BaseException) -> None:
    """Make the final write of ``kind`` leave half a file and raise ``error``."""
    if kind == "picture":
        monkeypatch.setattr(Image.Image, "save", lambda self, fp, *a, **k: half_then(error)(fp))
    elif kind == "glTF":
        original = Path.write_bytes

        def write_bytes(path, data):
            original(path, b"half a file")
            raise error

        monkeypatch.setattr(Path, "write_bytes", write_bytes)
    else:
        monkeypatch.setattr(handout, "_write_pdf", lambda document, tmp, *a: half_then(error)(tmp))


@pytest.fixture
def folder(tmp_path) -> Path:
    out = tmp_path / "exports"
    out.mkdir()
    return out


@pytest.mark.parametrize("kind", EXPORTS)
def test_full_disk_is_reported_and_leaves_nothing(scene, folder, monkeypatch, kind):  # noqa: F811
    export, suffix = EXPORTS[kind]
    break_writer(monkeypatch, kind, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(ExportError, match="No space left on device"):
        export(scene, folder / f"out{suffix}")
    assert os.listdir(folder) == []


@pytest.mark.parametrize("kind", EXPORTS)
def test_interrupted_export_leaves_nothing(scene, folder, monkeypatch, kind):  # noqa: F811
    export, suffix = EXPORTS[kind]
    (folder / f"keep{suffix}").write_bytes(b"the earlier export")
    break_writer(monkeypatch, kind, RuntimeError("renderer crashed"))
    with pytest.raises(RuntimeError, match="renderer crashed"):
        export(scene, folder / f"keep{suffix}", overwrite=True)
    assert os.listdir(folder) == [f"keep{suffix}"]
    assert (folder / f"keep{suffix}").read_bytes() == b"the earlier export"


@pytest.mark.parametrize("kind", EXPORTS)
def test_name_clash_is_refused_without_consent(scene, folder, kind):  # noqa: F811
    export, suffix = EXPORTS[kind]
    (folder / f"out{suffix}").write_bytes(b"mine")
    with pytest.raises(ExportError, match="already exists"):
        export(scene, folder / f"out{suffix}")
    assert (
        os.listdir(folder) == [f"out{suffix}"] and (folder / f"out{suffix}").read_bytes() == b"mine"
    )


@pytest.mark.parametrize("kind", EXPORTS)
def test_missing_folder_and_folder_as_name_are_refused(scene, folder, kind):  # noqa: F811
    export, suffix = EXPORTS[kind]
    with pytest.raises(ExportError, match="does not exist"):
        export(scene, folder / "missing" / f"out{suffix}")
    (folder / f"dir{suffix}").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export(scene, folder / f"dir{suffix}")
    assert os.listdir(folder) == [f"dir{suffix}"]


@pytest.mark.parametrize("kind", EXPORTS)
def test_unwritable_folder_is_refused(scene, folder, monkeypatch, kind):  # noqa: F811
    """Simulated (the tests may run as root, who can write anywhere): access check, then EROFS."""
    export, suffix = EXPORTS[kind]
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: False if Path(path) == folder else real_access(path, mode)
    )
    with pytest.raises(ExportError, match="not writable"):
        export(scene, folder / f"out{suffix}")
    monkeypatch.setattr(os, "access", real_access)
    monkeypatch.setattr(tempfile, "mkstemp", lambda **_: _read_only())
    with pytest.raises(ExportError, match="Read-only file system"):
        export(scene, folder / f"out{suffix}")
    assert os.listdir(folder) == []


def _read_only():
    raise OSError(errno.EROFS, os.strerror(errno.EROFS))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_really_unwritable_folder_is_refused(scene, folder):  # noqa: F811
    folder.chmod(0o500)
    with pytest.raises(ExportError, match="not writable"):
        picture(scene, folder / "out.png")


def test_failing_rename_leaves_nothing(scene, folder, monkeypatch):  # noqa: F811
    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ExportError, match="No space left on device"):
        picture(scene, folder / "out.png")
    assert os.listdir(folder) == []
