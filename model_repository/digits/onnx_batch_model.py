"""Generic Triton Python-backend runner for ``<version>/model.onnx`` with onnxruntime.

Triton hands ``execute`` every request of a dynamic batch. Each request is validated on its own;
the valid ones are concatenated along axis 0, run in ONE onnxruntime call, and the outputs are
split back: exactly one response per request, in order, an invalid request getting its own error.
Tensor names and dtypes come from the model configuration. Only ``TritonPythonModel`` needs
Triton; the pure helpers above it import without it, for unit tests.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]
ONNX_FILE = "model.onnx"


CPU_PROVIDER = "CPUExecutionProvider"
CUDA_PROVIDER = "CUDAExecutionProvider"
Provider = str | tuple[str, dict[str, str]]


def execution_providers(kind: str, device_id: int, available: Sequence[str]) -> list[Provider]:
    """onnxruntime's providers for a Triton model instance of ``kind`` on ``device_id``.

    ``kind`` is the instance group's kind as the Python backend passes it (``"CPU"``, ``"GPU"``).
    A GPU instance runs on its own device through the CUDA provider when this onnxruntime has
    it (``onnxruntime-gpu``), with CPU after it for any node CUDA cannot run; every other
    instance, and a GPU instance with a CPU-only onnxruntime, runs on the CPU provider.
    """
    if kind == "GPU" and CUDA_PROVIDER in available:
        return [(CUDA_PROVIDER, {"device_id": str(device_id)}), CPU_PROVIDER]
    return [CPU_PROVIDER]


@dataclass(frozen=True)
class TensorSpec:
    """One tensor of the model configuration; ``dims`` exclude the batch dimension, -1 is any."""

    name: str
    dtype: np.dtype[Any]
    dims: tuple[int, ...]


@dataclass(frozen=True)
class RequestError:
    """Why one request got no result; ``internal`` marks a server fault, not a client one."""

    message: str
    internal: bool = False


def tensor_specs(
    entries: Sequence[Mapping[str, Any]], to_numpy: Callable[[str], Any]
) -> list[TensorSpec]:
    """Parse a config's ``input`` or ``output`` list; ``to_numpy("TYPE_FP32")`` gives a dtype."""
    return [
        TensorSpec(
            entry["name"], np.dtype(to_numpy(entry["data_type"])), tuple(map(int, entry["dims"]))
        )
        for entry in entries
    ]


def refine_specs(
    specs: Sequence[TensorSpec], declared: Mapping[str, Sequence[Any]]
) -> list[TensorSpec]:
    """``specs`` with each ``-1`` dim replaced by the model file's fixed size there.

    ``declared`` maps an input name to the shape the ONNX graph gives it, batch dimension first
    (an int where fixed, a name or None where free). A model whose versions read different sizes
    declares ``-1`` in its configuration; each version's runner then checks requests against the
    size its own file reads, and answers a wrong size with that size in the message."""
    refined = []
    for spec in specs:
        shape = list(declared.get(spec.name, []))[1:]
        if len(shape) != len(spec.dims):
            refined.append(spec)
            continue
        dims = tuple(
            int(size) if dim == -1 and isinstance(size, int) and size > 0 else dim
            for dim, size in zip(spec.dims, shape, strict=True)
        )
        refined.append(TensorSpec(spec.name, spec.dtype, dims))
    return refined


def warmup_feeds(specs: Sequence[TensorSpec]) -> dict[str, Array]:
    """One all-zero row of every input (free dims of size 1), for a first run before serving."""
    return {
        spec.name: np.zeros((1, *(d if d > 0 else 1 for d in spec.dims)), dtype=spec.dtype)
        for spec in specs
    }


def check_input(array: Array, spec: TensorSpec) -> str | None:
    """Why ``array`` is not a valid batch of ``spec`` (dtype, row shape, finite values), or None."""
    expected = "[" + ", ".join(["N", *(str(d) if d >= 0 else "*" for d in spec.dims)]) + "]"
    if array.dtype != spec.dtype:
        return f"input '{spec.name}': expected dtype {spec.dtype}, got {array.dtype}"
    rows = array.shape[1:]
    if len(rows) != len(spec.dims) or any(
        d not in (-1, n) for d, n in zip(spec.dims, rows, strict=True)
    ):
        return f"input '{spec.name}': expected shape {expected}, got {list(array.shape)}"
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        return f"input '{spec.name}': contains NaN or infinity"
    return None


def check_request(tensors: Mapping[str, Array], specs: Sequence[TensorSpec]) -> RequestError | None:
    """Validate every input of one request and that they agree on the batch size."""
    for spec in specs:
        if spec.name not in tensors:
            return RequestError(f"input '{spec.name}' is missing")
        problem = check_input(tensors[spec.name], spec)
        if problem is not None:
            return RequestError(problem)
    if len({len(tensors[spec.name]) for spec in specs}) > 1:
        return RequestError("inputs differ in batch size")
    return None


def concatenate(
    batches: Sequence[Mapping[str, Array]], specs: Sequence[TensorSpec]
) -> tuple[dict[str, Array], list[int]]:
    """Stack the requests' inputs along axis 0; also return each request's row count."""
    sizes = [len(batch[specs[0].name]) for batch in batches]
    stacked = {spec.name: np.concatenate([b[spec.name] for b in batches]) for spec in specs}
    return stacked, sizes


def split_rows(array: Array, sizes: Sequence[int]) -> list[Array]:
    """Cut a batched output back into consecutive pieces of ``sizes`` rows."""
    if len(array) != sum(sizes):
        raise ValueError(f"output has {len(array)} rows, the requests {sum(sizes)}")
    return np.split(array, np.cumsum(sizes)[:-1])


def run_batch(
    requests: Sequence[Mapping[str, Array]],
    inputs: Sequence[TensorSpec],
    outputs: Sequence[TensorSpec],
    infer: Callable[[dict[str, Array]], Sequence[Array]],
) -> list[dict[str, Array] | RequestError]:
    """Answer each request: its outputs by name, or why it failed; ``infer`` runs once at most."""
    errors = [check_request(tensors, inputs) for tensors in requests]
    valid = [tensors for tensors, error in zip(requests, errors, strict=True) if error is None]
    answers = iter(_run_valid(valid, inputs, outputs, infer) if valid else [])
    return [next(answers) if error is None else error for error in errors]


def _run_valid(
    requests: Sequence[Mapping[str, Array]],
    inputs: Sequence[TensorSpec],
    outputs: Sequence[TensorSpec],
    infer: Callable[[dict[str, Array]], Sequence[Array]],
) -> list[dict[str, Array] | RequestError]:
    """One ``infer`` call over the stacked requests, split back; any failure fails them all."""
    stacked, sizes = concatenate(requests, inputs)
    try:
        arrays = infer(stacked)
        pieces = [
            split_rows(np.asarray(array, dtype=spec.dtype), sizes)
            for array, spec in zip(arrays, outputs, strict=True)
        ]
    except Exception as exc:  # a model failure is answered per request, never crashes the batch
        failure = RequestError(f"inference failed: {exc}", internal=True)
        return [failure for _ in requests]
    return [
        {spec.name: piece[i] for spec, piece in zip(outputs, pieces, strict=True)}
        for i in range(len(requests))
    ]


def _pb_utils() -> Any:
    """Triton's ``triton_python_backend_utils``, importable only inside the Python-backend stub."""
    return importlib.import_module("triton_python_backend_utils")


def _session(ort: Any, pb: Any, path: Path, options: Any, args: Mapping[str, str]) -> Any:
    """An onnxruntime session of ``path`` on this model instance's device; logs which it got.

    The providers follow the instance's kind (:func:`execution_providers`). onnxruntime falls
    back to the CPU when the CUDA provider cannot start (no driver, missing CUDA libraries), so
    a GPU instance that ended up on the CPU is logged as a warning, not hidden.
    """
    kind = args.get("model_instance_kind", "CPU")
    providers = execution_providers(
        kind, int(args.get("model_instance_device_id", "0")), ort.get_available_providers()
    )
    if providers[0] != CPU_PROVIDER and hasattr(ort, "preload_dlls"):
        ort.preload_dlls()  # CUDA and cuDNN from the nvidia-* wheels, else the system's
    session = ort.InferenceSession(str(path), options, providers=providers)
    active = session.get_providers()
    logger = getattr(pb, "Logger", None)
    if logger is not None:
        message = f"{path}: {kind} instance, onnxruntime providers {active}"
        if kind == "GPU" and CUDA_PROVIDER not in active:
            logger.log_warn(message + f" ({CUDA_PROVIDER} unavailable: running on the CPU)")
        else:
            logger.log_info(message)
    return session


class TritonPythonModel:
    """Triton entry point; each ``<version>/model.py`` re-exports it."""

    def initialize(self, args: dict[str, str]) -> None:
        """Load ``<version>/model.onnx``, read the tensor specs from the model config (sizes it
        leaves free taken from the ONNX file), and run the model once on zeros.

        The run here replaces Triton's ``model_warmup``, which sends every version the same
        sample: versions that read different sizes (``digits`` v1/v2 8x8, v3 28x28) cannot
        share one. The first request therefore does not pay onnxruntime's first execution."""
        import onnxruntime as ort  # here, so that the helpers import without it

        self._pb = _pb_utils()
        config = json.loads(args["model_config"])
        if int(config.get("max_batch_size", 0)) < 1:
            raise ValueError(f"{config['name']}: this runner needs max_batch_size >= 1")
        self._inputs = tensor_specs(config["input"], self._pb.triton_string_to_numpy)
        self._outputs = tensor_specs(config["output"], self._pb.triton_string_to_numpy)
        path = Path(args["model_repository"]) / args["model_version"] / ONNX_FILE
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = _session(ort, self._pb, path, options, args)
        declared = {t.name for t in self._session.get_inputs()} | {
            t.name for t in self._session.get_outputs()
        }
        missing = [s.name for s in [*self._inputs, *self._outputs] if s.name not in declared]
        if missing:
            raise ValueError(f"{path}: config tensors {missing} are not in the ONNX graph")
        shapes = {t.name: t.shape for t in self._session.get_inputs()}
        self._inputs = refine_specs(self._inputs, shapes)
        self._infer(warmup_feeds(self._inputs))

    def execute(self, requests: list[Any]) -> list[Any]:
        """Answer every request of this (dynamic) batch with one onnxruntime call."""
        pb = self._pb
        batches = []
        for request in requests:
            found = (pb.get_input_tensor_by_name(request, s.name) for s in self._inputs)
            batches.append({t.name(): t.as_numpy() for t in found if t is not None})
        responses = []
        for result in run_batch(batches, self._inputs, self._outputs, self._infer):
            if isinstance(result, RequestError):
                code = pb.TritonError.INTERNAL if result.internal else pb.TritonError.INVALID_ARG
                error = pb.TritonError(result.message, code)
                responses.append(pb.InferenceResponse(output_tensors=[], error=error))
            else:
                tensors = [pb.Tensor(name, array) for name, array in result.items()]
                responses.append(pb.InferenceResponse(output_tensors=tensors))
        return responses

    def _infer(self, feeds: dict[str, Array]) -> Sequence[Array]:
        """One onnxruntime call over the whole batch."""
        result: Sequence[Array] = self._session.run([s.name for s in self._outputs], feeds)
        return result
