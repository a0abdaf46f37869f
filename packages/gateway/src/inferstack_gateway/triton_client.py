"""The one place that imports tritonclient: a long-lived async gRPC client and error mapping.

Everything else in the gateway speaks numpy arrays and plain dicts; Triton's exceptions become
`GatewayError`s here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from anyio import to_thread
from tritonclient.grpc import InferInput, InferRequestedOutput
from tritonclient.grpc.aio import InferenceServerClient
from tritonclient.utils import InferenceServerException, np_to_triton_dtype

from inferstack_gateway.errors import (
    DeadlineExceeded,
    GatewayError,
    InvalidInput,
    ModelNotFound,
    TritonUnavailable,
    VersionNotFound,
)

Json = dict[str, Any]

_MAX_MESSAGE_BYTES = 2**31 - 1
# Answers bigger than this are turned into arrays in a worker thread (BYTES: one object each).
_OFFLOAD_ANSWER_BYTES = 256 * 1024
# Reconnect quickly after Triton restarts (gRPC's default backoff grows to two minutes).
_CHANNEL_ARGS = [
    ("grpc.max_send_message_length", _MAX_MESSAGE_BYTES),
    ("grpc.max_receive_message_length", _MAX_MESSAGE_BYTES),
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.min_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 1000),
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
]


@dataclass(frozen=True)
class RepositoryEntry:
    """One (model, version) row of Triton's repository index."""

    name: str
    version: str
    state: str
    reason: str


@dataclass(frozen=True)
class OutputTensor:
    """One output tensor of an inference: its Triton datatype, shape and data (BYTES: objects)."""

    name: str
    datatype: str
    shape: tuple[int, ...]
    array: npt.NDArray[Any]


class TritonClient:
    """Async access to Triton over gRPC; create once per process, close on shutdown."""

    def __init__(self, url: str, *, infer_timeout_s: float, control_timeout_s: float) -> None:
        self.url = url
        self._infer_timeout_s = infer_timeout_s
        self._control_timeout_s = control_timeout_s
        self._client = InferenceServerClient(url=url, channel_args=_CHANNEL_ARGS)

    async def close(self) -> None:
        await self._client.close()

    async def is_ready(self) -> bool:
        """Live and ready. False (never an exception) when Triton cannot be reached."""
        try:
            return bool(await self._client.is_server_ready(client_timeout=self._control_timeout_s))
        except InferenceServerException:
            return False

    async def repository_index(self) -> list[RepositoryEntry]:
        index = await self._control(
            self._client.get_model_repository_index(
                as_json=True, client_timeout=self._control_timeout_s
            )
        )
        return [
            RepositoryEntry(
                name=str(row["name"]),
                version=str(row.get("version", "")),
                state=str(row.get("state", "UNKNOWN")),
                reason=str(row.get("reason", "")),
            )
            for row in index.get("models", [])
        ]

    async def model_metadata(self, model: str, version: str = "") -> Json:
        return await self._control(
            self._client.get_model_metadata(
                model, version, as_json=True, client_timeout=self._control_timeout_s
            ),
            model,
            version,
        )

    async def model_config(self, model: str) -> Json:
        answer = await self._control(
            self._client.get_model_config(
                model, as_json=True, client_timeout=self._control_timeout_s
            ),
            model,
        )
        config: Json = answer.get("config", {})
        return config

    async def infer(
        self,
        model: str,
        version: str,
        inputs: Mapping[str, npt.NDArray[Any]],
        outputs: Sequence[str],
        *,
        request_id: str,
    ) -> dict[str, npt.NDArray[Any]]:
        """One inference call; every array in `inputs` carries the batch dimension."""
        infer_inputs = []
        for name, array in inputs.items():
            tensor = InferInput(name, list(array.shape), np_to_triton_dtype(array.dtype))
            tensor.set_data_from_numpy(np.ascontiguousarray(array))
            infer_inputs.append(tensor)
        try:
            result = await self._client.infer(
                model,
                infer_inputs,
                model_version=version,
                outputs=[InferRequestedOutput(name) for name in outputs],
                request_id=request_id,
                client_timeout=self._infer_timeout_s,
            )
        except InferenceServerException as exc:
            raise map_error(exc, model, version) from None
        return {name: result.as_numpy(name) for name in outputs}

    async def infer_tensors(
        self,
        model: str,
        version: str,
        inputs: Sequence[tuple[str, npt.NDArray[Any], str]],
        outputs: Sequence[str] | None,
        *,
        request_id: str,
        offload: bool = False,
    ) -> list[OutputTensor]:
        """One inference call with tensors as the caller shaped them: (name, array, datatype).

        BYTES arrays hold `bytes` objects. With `outputs` None, every output the model produces
        comes back, in Triton's order; else the named ones, in the order asked. With `offload`
        (big inputs), and for big answers, tensors are (de)serialized in a worker thread.
        """
        try:
            if offload:
                infer_inputs = await to_thread.run_sync(_infer_inputs, inputs)
            else:
                infer_inputs = _infer_inputs(inputs)
            result = await self._client.infer(
                model,
                infer_inputs,
                model_version=version,
                outputs=None if outputs is None else [InferRequestedOutput(n) for n in outputs],
                request_id=request_id,
                client_timeout=self._infer_timeout_s,
            )
        except InferenceServerException as exc:
            raise map_error(exc, model, version) from None
        answer_bytes = sum(len(raw) for raw in result.get_response().raw_output_contents)
        if offload or answer_bytes > _OFFLOAD_ANSWER_BYTES:
            return await to_thread.run_sync(_output_tensors, result, outputs)
        return _output_tensors(result, outputs)

    async def _control(self, call: Any, model: str = "", version: str = "") -> Json:
        """Await a metadata-style call under the control deadline, mapping errors."""
        try:
            answer: Json = await call
        except InferenceServerException as exc:
            raise map_error(exc, model, version) from None
        return answer


def _infer_inputs(inputs: Sequence[tuple[str, npt.NDArray[Any], str]]) -> list[InferInput]:
    infer_inputs = []
    for name, array, datatype in inputs:
        tensor = InferInput(name, list(array.shape), datatype)
        tensor.set_data_from_numpy(array if datatype == "BYTES" else np.ascontiguousarray(array))
        infer_inputs.append(tensor)
    return infer_inputs


def _output_tensors(result: Any, outputs: Sequence[str] | None) -> list[OutputTensor]:
    """The answer's tensors, by name (all of them, in Triton's order, when `outputs` is None)."""
    produced = {output.name: str(output.datatype) for output in result.get_response().outputs}
    answer = []
    for name in list(produced) if outputs is None else outputs:
        array = result.as_numpy(name)
        if array is None or name not in produced:
            raise TritonUnavailable(f"Triton's answer lacks the output {name!r}")
        answer.append(OutputTensor(name, produced[name], tuple(array.shape), array))
    return answer


def map_error(exc: InferenceServerException, model: str, version: str) -> GatewayError:
    """Triton's error to the gateway's: 404, 422, 503 or 504; never a bare 500."""
    status = str(exc.status() or "")
    message = str(exc.message() or exc)
    lowered = message.lower()
    if "DEADLINE_EXCEEDED" in status or "deadline exceeded" in lowered:
        return DeadlineExceeded(f"Triton did not answer within the deadline ({message})")
    if "UNAVAILABLE" in status or "failed to connect" in lowered or "connect" in status.lower():
        return TritonUnavailable(f"Triton is unreachable: {message}")
    if model and (
        "unknown model" in lowered or "is not found" in lowered or "not ready" in lowered
    ):
        if version and ("version" in lowered or "is not ready" in lowered):
            return VersionNotFound(f"model {model!r} has no ready version {version!r}")
        return ModelNotFound(f"model {model!r} is not served")
    if "INVALID_ARG" in status or "INVALID" in status or "unexpected" in lowered:
        return InvalidInput(f"Triton rejected the request: {message}")
    if "CANCELLED" in status or "UNKNOWN" in status or "INTERNAL" in status:
        return TritonUnavailable(f"Triton failed the request: {message}")
    return TritonUnavailable(f"Triton error ({status or 'no status'}): {message}")
