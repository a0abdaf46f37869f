"""What the gateway needs from an inference server, as a protocol the app is wired with.

`create_app(settings, backend=...)` takes any object of this shape; by default the lifespan
builds `TritonGrpcBackend` (the one module that speaks to Triton). In the spirit of MLServer's
data plane: the services depend on this protocol, never on a transport.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from inferstack_gateway.triton.types import (
    InferOptions,
    InputTensor,
    ModelConfig,
    ModelMetadata,
    OutputTensor,
    RepositoryEntry,
)


class InferenceBackend(Protocol):
    """An inference server. Every call raises a `GatewayError` on failure (503 unreachable,
    504 deadline, 404 unknown model or version, 422 rejected input), never a transport error."""

    @property
    def url(self) -> str:
        """Where the server is, for messages (e.g. ``triton:8001``)."""
        ...

    async def close(self) -> None:
        """Release connections; the backend is not used afterwards."""
        ...

    async def is_ready(self) -> bool:
        """Live and ready; False (never an exception) when the server cannot be reached."""
        ...

    async def repository_index(self) -> list[RepositoryEntry]:
        """Every (model, version) the server knows, with its state."""
        ...

    async def model_config(self, model: str) -> ModelConfig:
        """The configuration of `model`."""
        ...

    async def model_metadata(self, model: str, version: str = "") -> ModelMetadata:
        """The metadata of `model` (of one `version` when given)."""
        ...

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
        """One inference call. With `outputs` None every output comes back, in the server's
        order; else the named ones, in the order asked. `timeout_s`: the caller's time left
        (default: the backend's own inference timeout), also given to the server, whose queue
        drops the request once it has passed. `offload`: (de)serialize in a worker thread (big
        tensors), keeping the event loop free. `options`: scheduling, sequence, parameters and
        classification, passed to the server as they are (a queue timeout of their own is
        shortened to the time left). Cancelling the call cancels it on the server."""
        ...
