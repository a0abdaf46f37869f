"""inferstack schemas package."""
