"""inferstack ui package."""
