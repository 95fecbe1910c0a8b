"""What is shown and how solidly: systems, single structures, isolation, X-ray, peeled layers.

One model holds these choices so the layers panel, keyboard shortcuts,
bookmarks and the scene all agree. The scene turns :meth:`VisibilityModel.style`
into actor visibility and opacity; nothing here knows about actors.
"""

from __future__ import annotations

from dataclasses import dataclass

from psygnal import Signal

from viewer.model.atlas import Atlas

SOFT_TISSUE = ("muscle", "fascia", "ligament", "bursa", "disc")
XRAY_OPACITY = 0.22
"""Soft tissue in X-ray mode: faint enough to read the bone through it."""


@dataclass(frozen=True)
class Style:
    visible: bool
    opacity: float | None
    """An opacity that overrides the normal one, or None to keep it."""
    layer: float | None = None
    """In X-ray, how deep the tissue's layer lies: 0 the most superficial, 1 the deepest
    (None outside X-ray, or for tissue without a layer). Equally see-through layers are
    told apart by it: the scene tints superficial layers paler."""


class VisibilityModel:
    """The user's visibility choices. Emits ``changed`` after every change."""

    changed = Signal()

    def __init__(self, atlas: Atlas):
        self._atlas = atlas
        self.hidden: set[str] = set()
        self.opacity: dict[str, float] = {}
        self.isolated: str | None = None
        self.xray = False
        self.peeled = 0
        """How many soft-tissue layers are peeled away, from the surface down."""
        depths = [i.structure.depth for i in atlas.instances.values() if i.structure.depth]
        self.max_peel = max(depths, default=0)
        self._audience = "clinician"  # the program starts in clinician mode
        self._defaults(self._audience)

    # --- changes -------------------------------------------------------------

    def set_visible(self, instance_id: str, visible: bool) -> None:
        self._require(instance_id)
        (self.hidden.discard if visible else self.hidden.add)(instance_id)
        self.changed.emit()

    def set_system_visible(self, system_id: str, visible: bool) -> None:
        system = next(s for s in self._atlas.systems if s.id == system_id)
        ids = {i.id for i in self._atlas.instances_in(system)}
        self.hidden = self.hidden - ids if visible else self.hidden | ids
        self.changed.emit()

    def use_audience(self, audience: str) -> None:
        """Show and hide the systems that one audience sees and the other does not, as that
        audience's mode starts: patient mode shows the skin and hides what only specialists
        need (ligaments, bursae, foramina); clinician mode the reverse. Other choices stay."""
        self._audience = audience
        self._defaults(audience)
        self.changed.emit()

    def _defaults(self, audience: str) -> None:
        for system in self._atlas.systems:
            if system.shown_to_patients == system.shown_to_clinicians:
                continue
            patient = audience == "patient"
            shown = system.shown_to_patients if patient else system.shown_to_clinicians
            ids = {i.id for i in self._atlas.instances_in(system)}
            self.hidden = self.hidden - ids if shown else self.hidden | ids

    def set_opacity(self, instance_id: str, opacity: float) -> None:
        self._require(instance_id)
        self.opacity[instance_id] = min(1.0, max(0.0, float(opacity)))
        self.changed.emit()

    def isolate(self, instance_id: str | None) -> None:
        """Show only ``instance_id`` and what it relates to (None shows everything again)."""
        if instance_id is not None:
            self._require(instance_id)
        self.isolated = instance_id
        self.changed.emit()

    def set_xray(self, on: bool) -> None:
        self.xray = bool(on)
        self.changed.emit()

    def peel(self) -> None:
        """Remove the most superficial soft-tissue layer still shown."""
        if self.peeled < self.max_peel:
            self.peeled += 1
            self.changed.emit()

    def unpeel(self) -> None:
        """Put back the deepest layer that was peeled."""
        if self.peeled > 0:
            self.peeled -= 1
            self.changed.emit()

    def reset(self) -> None:
        """Everything back as the audience's mode starts (the skin shown only to patients)."""
        self.hidden.clear()
        self._defaults(self._audience)
        self.opacity.clear()
        self.isolated = None
        self.xray = False
        self.peeled = 0
        self.changed.emit()

    # --- queries ---------------------------------------------------------------

    def is_system_visible(self, system_id: str) -> bool:
        system = next(s for s in self._atlas.systems if s.id == system_id)
        return any(i.id not in self.hidden for i in self._atlas.instances_in(system))

    def style(self, instance_id: str) -> Style:
        instance = self._atlas.instances[instance_id]
        depth = instance.structure.depth
        visible = (
            instance_id not in self.hidden
            and not (depth is not None and depth <= self.peeled)
            and (self.isolated is None or instance_id in self._isolated_set())
        )
        opacity = self.opacity.get(instance_id)
        layer = None
        if self.xray and instance.structure.kind in SOFT_TISSUE:
            opacity = min(opacity if opacity is not None else 1.0, XRAY_OPACITY)
            if depth is not None:
                layer = (depth - 1) / max(1, self.max_peel - 1)
        return Style(visible=visible, opacity=opacity, layer=layer)

    def _isolated_set(self) -> set[str]:
        relations = self._atlas.relations(self.isolated)
        return {
            self.isolated,
            *relations.nerves,
            *relations.arteries,
            *relations.supplies,
            *relations.openings,
            *relations.passing,
            *relations.rim,
            *(site.target for site in relations.sites),
        }

    def _require(self, instance_id: str) -> None:
        if instance_id not in self._atlas.instances:
            raise KeyError(f"no structure instance {instance_id!r}")

    # --- bookmarks -------------------------------------------------------------

    def to_dict(self) -> dict:
        return {
            "hidden": sorted(self.hidden),
            "opacity": dict(sorted(self.opacity.items())),
            "isolated": self.isolated,
            "xray": self.xray,
            "peeled": self.peeled,
        }

    def load_dict(self, data: dict) -> None:
        """Restore a saved state, ignoring ids this atlas no longer has."""
        known = self._atlas.instances
        self.hidden = {i for i in data.get("hidden", []) if i in known}
        self.opacity = {
            i: min(1.0, max(0.0, float(v)))
            for i, v in data.get("opacity", {}).items()
            if i in known
        }
        isolated = data.get("isolated")
        self.isolated = isolated if isolated in known else None
        self.xray = bool(data.get("xray", False))
        self.peeled = min(max(int(data.get("peeled", 0)), 0), self.max_peel)
        self.changed.emit()
