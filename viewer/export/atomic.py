"""Writing an export file all at once, or not at all.

Every export goes to a temporary file beside its target and is renamed over
it only when complete, so a crash, a full disk or a bad renderer never leaves
half a picture under the name the user asked for. The checks run before any
slow rendering, so a mistake in the path is reported at once.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class ExportError(Exception):
    """The export cannot be written where asked; nothing was left behind."""


def check_target(out: Path, overwrite: bool) -> None:
    """Raise ExportError unless ``out`` can be (re)written: folder exists and is writable."""
    folder = out.parent
    if out.is_dir():
        raise ExportError(f"{out} is a folder, not a file name")
    if not folder.is_dir():
        raise ExportError(f"folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"folder {folder} is not writable")
    if out.exists() and not overwrite:
        raise ExportError(f"{out} already exists (use --force to replace it)")


@contextmanager
def atomic_path(out: Path, overwrite: bool = False) -> Iterator[Path]:
    """A temporary path to write; it replaces ``out`` when the block ends without error."""
    out = Path(out).absolute()
    check_target(out, overwrite)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=out.suffix, dir=out.parent)
    except OSError as exc:
        raise ExportError(f"cannot write in {out.parent}: {exc.strerror}") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise ExportError(f"nothing was written for {out}")
        if out.exists() and not overwrite:  # appeared while rendering
            raise ExportError(f"{out} already exists (use --force to replace it)")
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    """The process umask (mkstemp makes files private; an export should not be)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
