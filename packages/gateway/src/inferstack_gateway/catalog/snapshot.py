"""An immutable view of the catalog at one moment; requests read it without locks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from inferstack_gateway.catalog.entry import CatalogEntry, Resolved
from inferstack_gateway.errors import ModelNotFound, TritonUnavailable


@dataclass(frozen=True)
class CatalogSnapshot:
    """The served models by name. `loaded` is False until a first load from Triton succeeded
    (`not_loaded_reason` then says why not)."""

    entries: Mapping[str, CatalogEntry] = field(default_factory=dict)
    loaded: bool = False
    not_loaded_reason: str = "the model catalog has not been read from Triton yet"

    def get(self, model: str) -> CatalogEntry:
        """The entry of `model`. Raises TritonUnavailable (503) before a first load, and
        ModelNotFound (404) for a name this snapshot does not hold: never a reload."""
        entry = self.entries.get(model)
        if entry is not None:
            return entry
        if not self.loaded:
            raise TritonUnavailable(self.not_loaded_reason)
        served = ", ".join(sorted(self.entries)) or "none"
        raise ModelNotFound(f"model {model!r} is not served (models: {served})")

    def resolve(self, model: str, version: str | None) -> Resolved:
        """`model` at `version` (None: its default); raises as `get` and
        `CatalogEntry.resolve_version` do."""
        entry = self.get(model)
        return Resolved(entry, entry.resolve_version(version))
