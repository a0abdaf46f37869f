"""The model catalog: what Triton serves, resolved once per load into an immutable snapshot that
requests only read, and refreshed in the background."""

from inferstack_gateway.catalog.entry import CatalogEntry, Resolved
from inferstack_gateway.catalog.loader import CatalogLoader
from inferstack_gateway.catalog.refresh import Catalog
from inferstack_gateway.catalog.snapshot import CatalogSnapshot

__all__ = ["Catalog", "CatalogEntry", "CatalogLoader", "CatalogSnapshot", "Resolved"]
