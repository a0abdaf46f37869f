"""Triton Python-backend runner of ``minilm``: token ids in, sentence embeddings out.

Triton hands ``execute`` every request of a dynamic batch; the requests may differ in sequence
length (the inputs allow ragged batches). Each request is validated on its own: ``input_ids`` and
``attention_mask`` int64 ``[rows, S]`` of one shape, ids within the vocabulary, a mask of 0s and
1s with at least one token per row, ``S`` at most the model's maximum. The valid requests are
right-padded to the longest ``S`` (pad id 0, mask 0), stacked, cut to the last column that holds a
token, run in ONE onnxruntime call, and the rows are split back: exactly one response per
request, in order, an invalid request getting its own error. Padding changes no result: the model
ignores masked positions. Only ``TritonPythonModel`` needs Triton; the pure helpers above it
import without it, for unit tests.
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
Ids = npt.NDArray[np.int64]
Embeddings = npt.NDArray[np.float32]
Infer = Callable[[Ids, Ids], Array]

ONNX_FILE = "model.onnx"
INPUT_IDS = "input_ids"
ATTENTION_MASK = "attention_mask"
OUTPUT_NAME = "embedding"
PAD_ID = 0


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
class Limits:
    """What a valid request must respect, from the model configuration's parameters."""

    vocab_size: int
    max_sequence_length: int
    dimensions: int


@dataclass(frozen=True)
class RequestError:
    """Why one request got no result; ``internal`` marks a server fault, not a client one."""

    message: str
    internal: bool = False


def check_request(tensors: Mapping[str, Array | None], limits: Limits) -> RequestError | None:
    """Why this request's ``input_ids`` and ``attention_mask`` cannot be embedded, or None."""
    ids, mask = tensors.get(INPUT_IDS), tensors.get(ATTENTION_MASK)
    if ids is None or mask is None:
        return RequestError(f"input '{INPUT_IDS if ids is None else ATTENTION_MASK}' is missing")
    for name, array in ((INPUT_IDS, ids), (ATTENTION_MASK, mask)):
        if array.dtype != np.int64:
            return RequestError(f"input '{name}': expected dtype int64, got {array.dtype}")
        if array.ndim != 2:
            return RequestError(f"input '{name}': expected shape [N, S], got {list(array.shape)}")
    if ids.shape != mask.shape:
        return RequestError(
            f"inputs '{INPUT_IDS}' {list(ids.shape)} and '{ATTENTION_MASK}' "
            f"{list(mask.shape)} differ in shape"
        )
    rows, length = ids.shape
    if rows == 0 or length == 0:
        return RequestError(f"inputs are empty: shape {list(ids.shape)}")
    if length > limits.max_sequence_length:
        return RequestError(
            f"sequence length {length} exceeds the maximum of {limits.max_sequence_length} "
            "tokens: truncate when tokenizing"
        )
    if ids.min() < 0 or ids.max() >= limits.vocab_size:
        return RequestError(
            f"input '{INPUT_IDS}': token ids must lie in 0..{limits.vocab_size - 1}, "
            f"got {ids.min()}..{ids.max()}"
        )
    if not np.isin(mask, (0, 1)).all():
        return RequestError(f"input '{ATTENTION_MASK}': values must be 0 or 1")
    empty = np.flatnonzero(mask.sum(axis=1) == 0)
    if len(empty):
        return RequestError(f"input '{ATTENTION_MASK}': row {int(empty[0])} has no token (all 0)")
    return None


def pad_and_stack(requests: Sequence[tuple[Ids, Ids]]) -> tuple[Ids, Ids, list[int]]:
    """Right-pad every ``(input_ids, attention_mask)`` pair to the longest sequence and stack them.

    Padding is id ``PAD_ID`` with mask 0. Also return each request's row count.
    """
    sizes = [len(ids) for ids, _ in requests]
    longest = max(ids.shape[1] for ids, _ in requests)
    ids_out = np.full((sum(sizes), longest), PAD_ID, dtype=np.int64)
    mask_out = np.zeros((sum(sizes), longest), dtype=np.int64)
    row = 0
    for (ids, mask), size in zip(requests, sizes, strict=True):
        ids_out[row : row + size, : ids.shape[1]] = ids
        mask_out[row : row + size, : mask.shape[1]] = mask
        row += size
    return ids_out, mask_out, sizes


def trim_padding(ids: Ids, mask: Ids) -> tuple[Ids, Ids]:
    """Drop the trailing columns in which no row has a token: they cannot change any result."""
    used = np.flatnonzero(mask.any(axis=0))
    width = int(used[-1]) + 1 if len(used) else 1
    return ids[:, :width], mask[:, :width]


def split_rows(array: Array, sizes: Sequence[int]) -> list[Array]:
    """Cut a batched output back into consecutive pieces of ``sizes`` rows."""
    if len(array) != sum(sizes):
        raise ValueError(f"output has {len(array)} rows, the requests {sum(sizes)}")
    return np.split(array, np.cumsum(sizes)[:-1])


def run_batch(
    requests: Sequence[Mapping[str, Array | None]], limits: Limits, infer: Infer
) -> list[Embeddings | RequestError]:
    """Answer each request: its ``[rows, dimensions]`` embeddings, or why it failed.

    ``infer(input_ids, attention_mask)`` runs once at most, over every valid request.
    """
    errors = [check_request(tensors, limits) for tensors in requests]
    valid = [
        (np.asarray(tensors[INPUT_IDS]), np.asarray(tensors[ATTENTION_MASK]))
        for tensors, error in zip(requests, errors, strict=True)
        if error is None
    ]
    answers = iter(_run_valid(valid, limits, infer) if valid else [])
    return [next(answers) if error is None else error for error in errors]


def _run_valid(
    requests: Sequence[tuple[Ids, Ids]], limits: Limits, infer: Infer
) -> list[Embeddings | RequestError]:
    """One ``infer`` call over the padded, stacked requests, split back; a failure fails all."""
    ids, mask, sizes = pad_and_stack(requests)
    try:
        embeddings = np.asarray(infer(*trim_padding(ids, mask)), dtype=np.float32)
        if embeddings.ndim != 2 or embeddings.shape[1] != limits.dimensions:
            raise ValueError(
                f"output shape {list(embeddings.shape)}, expected [N, {limits.dimensions}]"
            )
        pieces = split_rows(embeddings, sizes)
    except Exception as exc:  # a model failure is answered per request, never crashes the batch
        failure = RequestError(f"inference failed: {exc}", internal=True)
        return [failure for _ in requests]
    return list(pieces)


def limits_from_config(config: Mapping[str, Any]) -> Limits:
    """Read the limits from the model configuration's ``parameters``."""
    parameters = {key: value["string_value"] for key, value in config.get("parameters", {}).items()}
    try:
        return Limits(
            vocab_size=int(parameters["vocab_size"]),
            max_sequence_length=int(parameters["max_sequence_length"]),
            dimensions=int(parameters["dimensions"]),
        )
    except (KeyError, ValueError) as exc:
        raise ValueError(f"{config.get('name')}: bad or missing parameter: {exc}") from exc


def intra_op_threads(config: Mapping[str, Any]) -> int:
    """onnxruntime's intra-op threads: the ``intra_op_threads`` parameter, default 1."""
    parameter = config.get("parameters", {}).get("intra_op_threads", {})
    return max(1, int(parameter.get("string_value", "1")))


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
    """Triton entry point; ``<version>/model.py`` re-exports it."""

    def initialize(self, args: dict[str, str]) -> None:
        """Load ``<version>/model.onnx``; read limits and thread count from the model config."""
        import onnxruntime as ort  # here, so that the helpers import without it

        self._pb = _pb_utils()
        config = json.loads(args["model_config"])
        if int(config.get("max_batch_size", 0)) < 1:
            raise ValueError(f"{config['name']}: this runner needs max_batch_size >= 1")
        self._limits = limits_from_config(config)
        path = Path(args["model_repository"]) / args["model_version"] / ONNX_FILE
        options = ort.SessionOptions()
        options.intra_op_num_threads = intra_op_threads(config)
        options.inter_op_num_threads = 1
        # No busy-waiting between calls: the few cores are shared with Triton and the gateway.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = _session(ort, self._pb, path, options, args)
        inputs = [t.name for t in self._session.get_inputs()]
        outputs = [t.name for t in self._session.get_outputs()]
        if sorted(inputs) != sorted([INPUT_IDS, ATTENTION_MASK]) or outputs != [OUTPUT_NAME]:
            raise ValueError(
                f"{path}: expected inputs {INPUT_IDS}, {ATTENTION_MASK} and output "
                f"{OUTPUT_NAME}, found {inputs} and {outputs}"
            )

    def execute(self, requests: list[Any]) -> list[Any]:
        """Answer every request of this (dynamic) batch with one onnxruntime call."""
        pb = self._pb
        batches = []
        for request in requests:
            tensors: dict[str, Array | None] = {}
            for name in (INPUT_IDS, ATTENTION_MASK):
                tensor = pb.get_input_tensor_by_name(request, name)
                tensors[name] = None if tensor is None else tensor.as_numpy()
            batches.append(tensors)
        responses = []
        for result in run_batch(batches, self._limits, self._infer):
            if isinstance(result, RequestError):
                code = pb.TritonError.INTERNAL if result.internal else pb.TritonError.INVALID_ARG
                error = pb.TritonError(result.message, code)
                responses.append(pb.InferenceResponse(output_tensors=[], error=error))
            else:
                tensor = pb.Tensor(OUTPUT_NAME, result)
                responses.append(pb.InferenceResponse(output_tensors=[tensor]))
        return responses

    def _infer(self, input_ids: Ids, attention_mask: Ids) -> Array:
        """One onnxruntime call over the whole batch."""
        (embedding,) = self._session.run(
            [OUTPUT_NAME], {INPUT_IDS: input_ids, ATTENTION_MASK: attention_mask}
        )
        result: Array = embedding
        return result
