"""One served model as the gateway knows it: facts resolved once, when the catalog loads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from inferstack_gateway.errors import GatewayError, VersionNotFound
from inferstack_gateway.processors.base import Processor
from inferstack_gateway.processors.geometry import ImageGeometry
from inferstack_schemas import ModelInfo


@dataclass(frozen=True)
class CatalogEntry:
    """A served model: its public description, the processor of its task (None: no processor
    knows it; only /v2 serves it), and what a call needs.

    `max_sequence_length` is the token limit of text models (None for others).
    `image_geometries` holds the input geometry of each version of an image model, and
    `geometry_problems` why a version has none (it is then not served by the image routes)."""

    info: ModelInfo
    processor: Processor | None
    output_name: str
    max_sequence_length: int | None = None
    image_geometries: Mapping[str, ImageGeometry] = field(default_factory=dict)
    geometry_problems: Mapping[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.info.name

    def image_geometry(self, version: str) -> ImageGeometry:
        """The input geometry of `version` (resolved when the catalog loaded). Raises a
        GatewayError (500) when its configuration declares none this gateway can make."""
        geometry = self.image_geometries.get(version)
        if geometry is None:
            why = self.geometry_problems.get(version, "no input geometry is known")
            raise GatewayError(
                f"version {version!r} of model {self.name!r} cannot be served: {why}"
            )
        return geometry

    def resolve_version(self, requested: str | None) -> str:
        """The version to call: the one asked for, if ready, else the default.

        Raises VersionNotFound (404) for an unknown or unready version, or when no version is
        ready."""
        if requested is None:
            if self.info.default_version is None:
                raise VersionNotFound(f"model {self.name!r} has no ready version")
            return self.info.default_version
        for version in self.info.versions:
            if version.version == requested:
                if not version.ready:
                    raise VersionNotFound(
                        f"version {requested!r} of model {self.name!r} is not ready "
                        f"({version.state}{': ' + version.reason if version.reason else ''})"
                    )
                return requested
        served = ", ".join(v.version for v in self.info.versions) or "none"
        raise VersionNotFound(
            f"model {self.name!r} has no version {requested!r} (versions: {served})"
        )


@dataclass(frozen=True)
class Resolved:
    """A request's target: the catalog entry and the version that will answer."""

    entry: CatalogEntry
    version: str

    @property
    def model(self) -> str:
        return self.entry.name
