"""The one module that imports tritonclient: a long-lived async gRPC client to Triton.

It reads Triton's protobuf messages into the typed values of `triton.types`, so no other module
knows a Triton field name, and turns Triton's exceptions into `GatewayError`s. One instance per
worker process, created by the app's lifespan and closed on shutdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from anyio import to_thread
from tritonclient.grpc import InferInput, InferRequestedOutput, model_config_pb2
from tritonclient.grpc.aio import InferenceServerClient
from tritonclient.utils import InferenceServerException

from inferstack_gateway.errors import GatewayError, TritonUnavailable
from inferstack_gateway.triton.errors import map_triton_error
from inferstack_gateway.triton.types import (
    InferOptions,
    InputTensor,
    ModelConfig,
    ModelMetadata,
    OutputTensor,
    RepositoryEntry,
    TensorConfig,
    TensorMetadata,
)

_MAX_MESSAGE_BYTES = 2**31 - 1
_NO_OPTIONS = InferOptions()
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


class TritonGrpcBackend:
    """`InferenceBackend` over Triton's gRPC API (tritonclient's asyncio client).

    `infer_timeout_s` bounds one inference call (504 past it), `control_timeout_s` every other
    call (health, index, configuration, metadata). `lb_policy` is gRPC's load-balancing policy
    over the addresses `url` resolves to: behind a headless Service (`dns:///name:port`),
    `round_robin` spreads calls over every Triton replica, where `pick_first` would send them
    all down one connection to one replica."""

    def __init__(
        self,
        url: str,
        *,
        infer_timeout_s: float,
        control_timeout_s: float,
        lb_policy: str = "pick_first",
    ) -> None:
        self._url = url
        self._infer_timeout_s = infer_timeout_s
        self._control_timeout_s = control_timeout_s
        channel_args = [*_CHANNEL_ARGS, ("grpc.lb_policy_name", lb_policy)]
        self._client = InferenceServerClient(url=url, channel_args=channel_args)
        # Requested outputs by (name, class count), built once: they are the same on every call.
        self._requested: dict[tuple[str, int], InferRequestedOutput] = {}

    @property
    def url(self) -> str:
        return self._url

    async def close(self) -> None:
        await self._client.close()

    async def is_ready(self) -> bool:
        try:
            return bool(await self._client.is_server_ready(client_timeout=self._control_timeout_s))
        except InferenceServerException:
            return False

    async def repository_index(self) -> list[RepositoryEntry]:
        index = await self._control(
            self._client.get_model_repository_index(client_timeout=self._control_timeout_s)
        )
        return [
            RepositoryEntry(name=row.name, version=row.version, state=row.state, reason=row.reason)
            for row in index.models
        ]

    async def model_config(self, model: str) -> ModelConfig:
        answer = await self._control(
            self._client.get_model_config(model, client_timeout=self._control_timeout_s), model
        )
        config = answer.config
        return ModelConfig(
            name=config.name or model,
            max_batch_size=int(config.max_batch_size),
            inputs=tuple(_tensor_config(t) for t in config.input),
            outputs=tuple(_tensor_config(t) for t in config.output),
            parameters={key: value.string_value for key, value in config.parameters.items()},
        )

    async def model_metadata(self, model: str, version: str = "") -> ModelMetadata:
        answer = await self._control(
            self._client.get_model_metadata(model, version, client_timeout=self._control_timeout_s),
            model,
            version,
        )
        return ModelMetadata(
            name=answer.name or model,
            versions=tuple(str(v) for v in answer.versions),
            platform=answer.platform,
            inputs=tuple(_tensor_metadata(t) for t in answer.inputs),
            outputs=tuple(_tensor_metadata(t) for t in answer.outputs),
        )

    async def infer(
        self,
        model: str,
        version: str,
        inputs: Sequence[InputTensor],
        outputs: Sequence[str] | None,
        *,
        request_id: str,
        timeout_s: float | None = None,
        offload: bool = False,
        options: InferOptions | None = None,
    ) -> list[OutputTensor]:
        timeout = self._infer_timeout_s if timeout_s is None else timeout_s
        options = options or _NO_OPTIONS
        classes = options.classification
        # Triton's queue policy drops the request after this (microseconds), the client gives
        # up after `timeout` (seconds): the caller's time left, or less if the caller asked.
        queue_timeout_us = max(1, int(timeout * 1e6))
        if options.timeout_us is not None:
            queue_timeout_us = min(queue_timeout_us, options.timeout_us)
        try:
            if offload:
                infer_inputs = await to_thread.run_sync(_infer_inputs, inputs)
            else:
                infer_inputs = _infer_inputs(inputs)
            result = await self._client.infer(
                model,
                infer_inputs,
                model_version=version,
                outputs=None
                if outputs is None
                else [self._requested_output(n, classes.get(n, 0)) for n in outputs],
                request_id=request_id,
                sequence_id=options.sequence_id,
                sequence_start=options.sequence_start,
                sequence_end=options.sequence_end,
                priority=options.priority,
                timeout=queue_timeout_us,
                parameters=dict(options.parameters) or None,
                client_timeout=timeout,
            )
        except InferenceServerException as exc:
            raise _mapped(exc, model, version) from None
        answer_bytes = sum(len(raw) for raw in result.get_response().raw_output_contents)
        if offload or answer_bytes > _OFFLOAD_ANSWER_BYTES:
            return await to_thread.run_sync(_output_tensors, result, outputs)
        return _output_tensors(result, outputs)

    def _requested_output(self, name: str, class_count: int) -> InferRequestedOutput:
        """The requested output, from the cache (bounded: names and counts come from checked
        requests, but a cap keeps any sequence of them from growing it without end)."""
        key = (name, class_count)
        output = self._requested.get(key)
        if output is None:
            output = InferRequestedOutput(name, class_count=class_count)
            if len(self._requested) < _REQUESTED_OUTPUTS_CACHED:
                self._requested[key] = output
        return output

    async def _control(self, call: Any, model: str = "", version: str = "") -> Any:
        """Await a control call (its deadline is set by the caller), mapping errors."""
        try:
            return await call
        except InferenceServerException as exc:
            raise _mapped(exc, model, version) from None


_REQUESTED_OUTPUTS_CACHED = 1024


def _mapped(exc: InferenceServerException, model: str, version: str) -> GatewayError:
    return map_triton_error(str(exc.status() or ""), str(exc.message() or exc), model, version)


def _protocol_datatype(config_type: int) -> str:
    """The configuration's TYPE_FP32 / TYPE_STRING as the protocol's FP32 / BYTES."""
    name = model_config_pb2.DataType.Name(config_type).removeprefix("TYPE_")
    return "BYTES" if name == "STRING" else name


def _tensor_config(tensor: Any) -> TensorConfig:
    return TensorConfig(
        name=tensor.name,
        datatype=_protocol_datatype(tensor.data_type),
        dims=tuple(int(d) for d in tensor.dims),
    )


def _tensor_metadata(tensor: Any) -> TensorMetadata:
    return TensorMetadata(
        name=tensor.name, datatype=tensor.datatype, shape=tuple(int(d) for d in tensor.shape)
    )


def _infer_inputs(inputs: Sequence[InputTensor]) -> list[InferInput]:
    infer_inputs = []
    for tensor in inputs:
        infer_input = InferInput(tensor.name, list(tensor.array.shape), tensor.datatype)
        array = tensor.array
        infer_input.set_data_from_numpy(
            array if tensor.datatype == "BYTES" else np.ascontiguousarray(array)
        )
        infer_inputs.append(infer_input)
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
