"""Triton Python-backend entry point of `digits` version 3: the shared ONNX batch runner."""

from onnx_batch_model import TritonPythonModel

__all__ = ["TritonPythonModel"]
