"""inferstack's FastAPI gateway in front of Triton."""

__version__ = "0.2.0"
