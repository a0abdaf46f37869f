"""Triton Python-backend entry point of `minilm` version 1: the text embedding runner."""

from text_embedding_model import TritonPythonModel

__all__ = ["TritonPythonModel"]
