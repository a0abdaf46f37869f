"""inferstack gateway package."""
