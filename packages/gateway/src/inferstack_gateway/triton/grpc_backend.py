"""The one module that imports tritonclient: a long-lived async gRPC client to Triton.

It reads Triton's protobuf messages into the typed values of `triton.types`, so no other module
knows a Triton field name, and turns Triton's exceptions into `GatewayError`s. One instance per
worker process, created by the app's lifespan and closed on shutdown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import grpc
import numpy as np
from anyio import to_thread
from tritonclient.grpc import model_config_pb2, service_pb2
from tritonclient.grpc._utils import get_error_grpc
from tritonclient.grpc.aio import InferenceServerClient
from tritonclient.utils import (
    InferenceServerException,
    deserialize_bytes_tensor,
    serialize_byte_tensor,
    triton_to_np_dtype,
)

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
        # Inference goes straight to the generated stub on tritonclient's channel, with the
        # request message built here: tritonclient's InferInput, InferRequestedOutput and
        # InferResult wrappers cost about 5% of the gateway's CPU per v2 request.
        self._stub = self._client._client_stub

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
        request = _infer_request(model, version, request_id, queue_timeout_us, options)
        if offload:
            await to_thread.run_sync(_add_inputs, request, inputs, outputs, classes)
        else:
            _add_inputs(request, inputs, outputs, classes)
        try:
            response = await self._stub.ModelInfer(request=request, timeout=timeout)
        except grpc.RpcError as rpc_error:
            raise _mapped(get_error_grpc(rpc_error), model, version) from None
        answer_bytes = sum(len(raw) for raw in response.raw_output_contents)
        if offload or answer_bytes > _OFFLOAD_ANSWER_BYTES:
            return await to_thread.run_sync(_output_tensors, response, outputs)
        return _output_tensors(response, outputs)

    async def _control(self, call: Any, model: str = "", version: str = "") -> Any:
        """Await a control call (its deadline is set by the caller), mapping errors."""
        try:
            return await call
        except InferenceServerException as exc:
            raise _mapped(exc, model, version) from None


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


def _infer_request(
    model: str, version: str, request_id: str, queue_timeout_us: int, options: InferOptions
) -> Any:
    """A ModelInferRequest without its tensors: the model, the request id, and the parameters
    Triton reads (timeout, priority, sequence) and the model's own."""
    request = service_pb2.ModelInferRequest(model_name=model, model_version=version, id=request_id)
    parameters = request.parameters
    parameters["timeout"].int64_param = queue_timeout_us
    if options.priority:
        parameters["priority"].uint64_param = options.priority
    sequence = options.sequence_id
    if sequence != 0 and sequence != "":
        if isinstance(sequence, str):
            parameters["sequence_id"].string_param = sequence
        else:
            parameters["sequence_id"].int64_param = sequence
        parameters["sequence_start"].bool_param = options.sequence_start
        parameters["sequence_end"].bool_param = options.sequence_end
    for key, value in options.parameters.items():
        if isinstance(value, str):
            parameters[key].string_param = value
        elif isinstance(value, bool):
            parameters[key].bool_param = value
        elif isinstance(value, int):
            parameters[key].int64_param = value
        else:
            parameters[key].double_param = value
    return request


def _add_inputs(
    request: Any,
    inputs: Sequence[InputTensor],
    outputs: Sequence[str] | None,
    classes: Mapping[str, int],
) -> None:
    """The tensors as raw contents (little-endian; BYTES as length-prefixed elements), and the
    requested outputs (with a class count, Triton answers the top classes instead)."""
    for tensor in inputs:
        array = tensor.array
        request.inputs.add(name=tensor.name, datatype=tensor.datatype, shape=array.shape)
        if tensor.datatype == "BYTES":
            serialized = serialize_byte_tensor(array)
            request.raw_input_contents.append(serialized.item() if serialized.size else b"")
        else:
            request.raw_input_contents.append(np.ascontiguousarray(array).tobytes())
    for name in outputs or ():
        output = request.outputs.add(name=name)
        count = classes.get(name, 0)
        if count:
            output.parameters["classification"].int64_param = count


def _output_tensors(response: Any, outputs: Sequence[str] | None) -> list[OutputTensor]:
    """The answer's tensors, by name (all of them, in Triton's order, when `outputs` is None)."""
    raw = response.raw_output_contents
    produced = {output.name: (index, output) for index, output in enumerate(response.outputs)}
    answer = []
    for name in list(produced) if outputs is None else outputs:
        found = produced.get(name)
        if found is None or found[0] >= len(raw):
            raise TritonUnavailable(f"Triton's answer lacks the output {name!r}")
        index, output = found
        datatype = str(output.datatype)
        if datatype == "BYTES":
            array = deserialize_bytes_tensor(raw[index])
        else:
            array = np.frombuffer(raw[index], dtype=triton_to_np_dtype(datatype))
        shape = tuple(int(d) for d in output.shape)
        answer.append(OutputTensor(name, datatype, shape, array.reshape(shape)))
    return answer
