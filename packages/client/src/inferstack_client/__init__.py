"""inferstack client package."""
