"""Who the screen is for: a student or clinician (full terms) or a patient (plain words)."""

from __future__ import annotations

from psygnal import Signal

from viewer.model.facts import Audience

TEXT_SCALE: dict[Audience, float] = {"clinician": 1.0, "patient": 1.3}
"""Text size per audience: a patient reads from further away and without practice, so
the panels and the colour legend use larger text in patient mode."""


class AudienceModel:
    """The current audience; every panel that words things listens to ``changed``."""

    changed = Signal(str)

    def __init__(self, audience: Audience = "clinician"):
        self._audience: Audience = audience

    @property
    def audience(self) -> Audience:
        return self._audience

    @property
    def is_patient(self) -> bool:
        return self._audience == "patient"

    def set(self, audience: Audience) -> None:
        if audience not in ("clinician", "patient"):
            raise ValueError(f"unknown audience {audience!r}")
        if audience != self._audience:
            self._audience = audience
            self.changed.emit(audience)
