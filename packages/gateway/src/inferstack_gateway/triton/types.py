"""Typed values for what Triton serves and computes, free of any transport.

Datatypes are the Open Inference Protocol's names (``FP32``, ``INT64``, ``BYTES``, ...), as
Triton's metadata and inference messages spell them; the adapter translates Triton's model
configuration names (``TYPE_FP32``, ``TYPE_STRING``) into these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]

#: Protocol datatype -> numpy dtype (BYTES: object arrays holding `bytes`). Source: the KServe
#: v2 protocol's tensor data types, and tritonclient.utils.triton_to_np_dtype.
NUMPY_DTYPES: Mapping[str, np.dtype[Any]] = {
    "BOOL": np.dtype(np.bool_),
    "UINT8": np.dtype(np.uint8),
    "UINT16": np.dtype(np.uint16),
    "UINT32": np.dtype(np.uint32),
    "UINT64": np.dtype(np.uint64),
    "INT8": np.dtype(np.int8),
    "INT16": np.dtype(np.int16),
    "INT32": np.dtype(np.int32),
    "INT64": np.dtype(np.int64),
    "FP16": np.dtype(np.float16),
    "FP32": np.dtype(np.float32),
    "FP64": np.dtype(np.float64),
    "BYTES": np.dtype(np.object_),
}
_DATATYPES: Mapping[np.dtype[Any], str] = {dtype: name for name, dtype in NUMPY_DTYPES.items()}


def datatype_of(array: Array) -> str:
    """The protocol datatype of `array` (bytes and str object arrays are BYTES).

    Raises ValueError for a dtype the protocol has no name for (e.g. complex)."""
    name = _DATATYPES.get(array.dtype)
    if name is None:
        if array.dtype.kind in "SU":
            return "BYTES"
        raise ValueError(f"no Triton datatype for numpy dtype {array.dtype}")
    return name


@dataclass(frozen=True)
class RepositoryEntry:
    """One (model, version) row of Triton's repository index; `state` is Triton's (READY, ...)."""

    name: str
    version: str
    state: str
    reason: str

    @property
    def ready(self) -> bool:
        return self.state == "READY"


@dataclass(frozen=True)
class TensorConfig:
    """An input or output of a model's configuration: `dims` WITHOUT the batch dimension
    (-1: any size), `datatype` a protocol datatype."""

    name: str
    datatype: str
    dims: tuple[int, ...]


@dataclass(frozen=True)
class ModelConfig:
    """The parts of a model's configuration (config.pbtxt) the gateway reads.

    `max_batch_size` 0 means the model takes no batch dimension; `parameters` are the
    configuration's string parameters."""

    name: str
    max_batch_size: int
    inputs: tuple[TensorConfig, ...]
    outputs: tuple[TensorConfig, ...]
    parameters: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TensorMetadata:
    """A tensor as the metadata endpoint describes it: `shape` WITH the batch dimension (-1)."""

    name: str
    datatype: str
    shape: tuple[int, ...]


@dataclass(frozen=True)
class ModelMetadata:
    """A model's (or one version's) metadata: the versions Triton has loaded and its tensors."""

    name: str
    versions: tuple[str, ...]
    platform: str
    inputs: tuple[TensorMetadata, ...]
    outputs: tuple[TensorMetadata, ...]


@dataclass(frozen=True)
class InputTensor:
    """One input of an inference call, batch dimension included; BYTES arrays hold `bytes`."""

    name: str
    array: Array
    datatype: str

    @classmethod
    def of(cls, name: str, array: Array) -> InputTensor:
        """An input whose datatype follows from the array's dtype (see `datatype_of`)."""
        return cls(name, array, datatype_of(array))


@dataclass(frozen=True)
class OutputTensor:
    """One output tensor of an inference: its datatype, shape and data (BYTES: objects)."""

    name: str
    datatype: str
    shape: tuple[int, ...]
    array: Array


#: A request parameter's value, as the protocol allows it.
ParameterValue = bool | int | float | str


@dataclass(frozen=True)
class InferOptions:
    """What one inference may ask besides its tensors, as Triton names it: scheduling
    (`priority`, `timeout_us`), a sequence (`sequence_id`, `sequence_start`, `sequence_end`),
    the model's own request `parameters`, and `classification`: top-k classes instead of the raw
    tensor, by output name."""

    priority: int = 0
    timeout_us: int | None = None
    sequence_id: int | str = 0
    sequence_start: bool = False
    sequence_end: bool = False
    parameters: Mapping[str, ParameterValue] = field(default_factory=dict)
    classification: Mapping[str, int] = field(default_factory=dict)
