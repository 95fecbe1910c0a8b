"""The current selection, as a model that views subscribe to.

The 3D view, the structure tree and the info panel all listen to one
``SelectionModel``; none of them talks to the others, so they cannot drift
out of sync.
"""

from __future__ import annotations

import logging

from psygnal import Signal

from viewer.model.atlas import Atlas

log = logging.getLogger(__name__)


class SelectionModel:
    """Which instance is selected (or none). Emits ``changed`` only on a real change."""

    changed = Signal(object)
    """Emitted with the new instance id, or ``None`` when the selection is cleared."""

    def __init__(self, atlas: Atlas):
        self._atlas = atlas
        self._current: str | None = None

    @property
    def current(self) -> str | None:
        return self._current

    def select(self, instance_id: str | None) -> None:
        if instance_id is not None and instance_id not in self._atlas.instances:
            raise KeyError(f"no structure instance {instance_id!r}")
        if instance_id != self._current:
            self._current = instance_id
            if instance_id is None:
                log.info("selection cleared")
            else:
                log.info("selected %s", instance_id)
            self.changed.emit(instance_id)

    def clear(self) -> None:
        self.select(None)
