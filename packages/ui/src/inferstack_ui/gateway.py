"""The UI's only way out: the generated client, and answers turned into results or messages.

Every helper returns either what the gateway answered (parsed by the generated client) or a
`GatewayError` whose `message` is meant for a person. Nothing here raises for a gateway that is
down, slow, refusing or answering nonsense, so no traceback ever reaches a page.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

import httpx

from inferstack_client import AuthenticatedClient, Client
from inferstack_client.api.embeddings import create_embeddings
from inferstack_client.api.health import liveness, readiness
from inferstack_client.api.image_classification import classify_images
from inferstack_client.api.models import list_models
from inferstack_client.api.operations import metrics
from inferstack_client.api.text_classification import classify_texts
from inferstack_client.models import (
    EmbeddingRequest,
    EmbeddingResponse,
    ImageClassificationRequest,
    ImageClassificationResponse,
    ImageInput,
    Liveness,
    ModelList,
    Problem,
    Readiness,
    TextClassificationRequest,
    TextClassificationResponse,
)
from inferstack_client.types import UNSET, Response
from inferstack_ui.settings import UiSettings

T = TypeVar("T")

ErrorKind = Literal["unreachable", "timeout", "unauthorized", "http", "unexpected"]


@dataclass(frozen=True)
class GatewayError:
    """Why a call to the gateway gave no result, said for a person."""

    kind: ErrorKind
    message: str
    status: int | None = None
    #: One line per fault the gateway listed in its problem's `errors`.
    details: tuple[str, ...] = ()
    #: Faults that point at one image of the request (`loc` = ["body", "images", i]): i -> why.
    per_image: Mapping[int, str] = field(default_factory=dict)

    def reason(self, index: int | None = None) -> str:
        """Why image `index` failed: its own fault when the gateway named it, else the message."""
        if index is not None and index in self.per_image:
            return self.per_image[index]
        return self.message


@dataclass(frozen=True)
class Classified:
    """One classification request's answer and how long the whole round trip took."""

    response: ImageClassificationResponse
    round_trip_ms: float


@dataclass(frozen=True)
class TextsClassified:
    """One zero-shot text-classification answer and how long the whole round trip took."""

    response: TextClassificationResponse
    round_trip_ms: float


@dataclass(frozen=True)
class Embedded:
    """One embeddings answer, every embedding a list of floats, and the round trip's time."""

    response: EmbeddingResponse
    #: The vectors in the order the texts were sent (the gateway's `data[i].embedding`).
    vectors: tuple[tuple[float, ...], ...]
    round_trip_ms: float


@dataclass(frozen=True)
class Upload:
    """A file as the user gave it: its name and its bytes, sent unchanged."""

    name: str
    data: bytes


def make_client(settings: UiSettings) -> AuthenticatedClient:
    """The generated client for `settings`, sending `X-API-Key` when there is a key."""
    timeout = httpx.Timeout(settings.timeout_s)
    if settings.api_key is not None and settings.api_key.get_secret_value():
        return AuthenticatedClient(
            base_url=settings.base_url,
            token=settings.api_key.get_secret_value(),
            prefix="",
            auth_header_name="X-API-Key",
            timeout=timeout,
        )
    # No key: a plain Client. The generated /v1 functions are typed to take an AuthenticatedClient
    # because those operations declare (optional) security schemes; any Client works there.
    return cast(AuthenticatedClient, Client(base_url=settings.base_url, timeout=timeout))


class Gateway:
    """The gateway as the UI sees it: a few calls, each answering a result or a `GatewayError`."""

    def __init__(self, settings: UiSettings, client: AuthenticatedClient | None = None) -> None:
        self.settings = settings
        self.client = client if client is not None else make_client(settings)

    @property
    def url(self) -> str:
        return self.settings.base_url

    def close(self) -> None:
        """Close the client's pooled connections; the gateway object is not used after this."""
        self.client.get_httpx_client().close()

    # --- calls ---------------------------------------------------------------------------------

    def liveness(self) -> bool | GatewayError:
        """True when the gateway process answers /healthz."""
        outcome = self._call(lambda: liveness.sync_detailed(client=self.client), Liveness)
        return outcome if isinstance(outcome, GatewayError) else True

    def readiness(self) -> Readiness | GatewayError:
        """The gateway's readiness, ready or not (a 503 here is an answer, not a failure)."""
        return self._call(lambda: readiness.sync_detailed(client=self.client), Readiness)

    def catalog(self) -> ModelList | GatewayError:
        return self._call(lambda: list_models.sync_detailed(client=self.client), ModelList)

    def metrics_text(self) -> str | GatewayError:
        return self._call(lambda: metrics.sync_detailed(client=self.client), str)

    def classify(
        self, uploads: Sequence[Upload], *, model: str, version: str | None, top_k: int
    ) -> Classified | GatewayError:
        """One request: the files' bytes, base64-encoded for the JSON body, nothing else done."""
        body = ImageClassificationRequest(
            images=[
                ImageInput(data=base64.b64encode(upload.data).decode("ascii"), name=upload.name)
                for upload in uploads
            ],
            model=model,
            version=version if version is not None else UNSET,
            top_k=top_k,
        )
        outcome = self._timed(
            lambda: classify_images.sync_detailed(client=self.client, body=body),
            ImageClassificationResponse,
        )
        return outcome if isinstance(outcome, GatewayError) else Classified(*outcome)

    def classify_texts(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        hypothesis_template: str | None = None,
        model: str,
        version: str | None = None,
    ) -> TextsClassified | GatewayError:
        """One zero-shot request: the texts and labels as given; None: the gateway's template."""
        body = TextClassificationRequest(
            texts=list(texts),
            labels=list(labels),
            hypothesis_template=hypothesis_template if hypothesis_template is not None else UNSET,
            model=model,
            version=version if version is not None else UNSET,
        )
        outcome = self._timed(
            lambda: classify_texts.sync_detailed(client=self.client, body=body),
            TextClassificationResponse,
        )
        return outcome if isinstance(outcome, GatewayError) else TextsClassified(*outcome)

    def embed(
        self, texts: Sequence[str], *, model: str, version: str | None = None
    ) -> Embedded | GatewayError:
        """One embeddings request for all `texts`, asking for plain float vectors."""
        body = EmbeddingRequest(
            input_=list(texts), model=model, version=version if version is not None else UNSET
        )
        outcome = self._timed(
            lambda: create_embeddings.sync_detailed(client=self.client, body=body),
            EmbeddingResponse,
        )
        if isinstance(outcome, GatewayError):
            return outcome
        response, round_trip_ms = outcome
        ordered = sorted(response.data, key=lambda item: item.index)
        vectors = [item.embedding for item in ordered]
        if len(vectors) != len(texts) or any(isinstance(v, str) for v in vectors):
            return GatewayError(
                "unexpected",
                f"The gateway at {self.url} answered {len(vectors)} embedding(s) for "
                f"{len(texts)} text(s), or not as lists of numbers; the UI cannot show them.",
            )
        floats = tuple(tuple(v) for v in vectors if not isinstance(v, str))
        return Embedded(response, floats, round_trip_ms)

    # --- one place that turns whatever happened into a result or a message ---------------------

    def _timed(
        self, send: Callable[[], Response[Any]], expected: type[T]
    ) -> tuple[T, float] | GatewayError:
        """`_call`, and the round trip's wall time in milliseconds as measured here."""
        start = time.perf_counter()
        outcome = self._call(send, expected)
        round_trip_ms = (time.perf_counter() - start) * 1000.0
        return outcome if isinstance(outcome, GatewayError) else (outcome, round_trip_ms)

    def _call(self, send: Callable[[], Response[Any]], expected: type[T]) -> T | GatewayError:
        try:
            response = send()
        except httpx.TimeoutException:
            return GatewayError(
                "timeout",
                f"The gateway at {self.url} did not answer within {self.settings.timeout_s:g} s. "
                "It may be overloaded, or Triton may be slow; try again (or raise UI_TIMEOUT_S).",
            )
        except httpx.TransportError as exc:
            return GatewayError(
                "unreachable",
                f"The gateway at {self.url} is unreachable ({_short(exc)}). Is it running? "
                "Start it with `./dev stack`, or point UI_GATEWAY_URL at it.",
            )
        except Exception as exc:  # an answer the generated client could not read
            return GatewayError(
                "unexpected",
                f"The gateway at {self.url} gave an answer the UI cannot read ({_short(exc)}).",
            )
        status = int(response.status_code)
        parsed = response.parsed
        if isinstance(parsed, expected):
            return parsed
        if isinstance(parsed, Problem):
            return _from_problem(parsed, status)
        if status == 401:
            return _unauthorized(status, None)
        text = response.content.decode("utf-8", errors="replace").strip()
        return GatewayError(
            "http",
            f"The gateway answered HTTP {status}" + (f": {text[:300]}" if text else "."),
            status=status,
        )


def _from_problem(problem: Problem, status: int) -> GatewayError:
    details: list[str] = []
    per_image: dict[int, str] = {}
    for item in problem.errors or []:
        loc = list(item.loc)
        if len(loc) >= 3 and loc[:2] == ["body", "images"] and isinstance(loc[2], int):
            per_image[loc[2]] = item.msg
            details.append(f"image {loc[2] + 1}: {item.msg}")
        else:
            where = ".".join(str(part) for part in loc if part != "body")
            details.append(f"{where}: {item.msg}" if where else item.msg)
    if status == 401:
        return _unauthorized(status, problem.detail)
    return GatewayError(
        "http",
        f"{problem.title} (HTTP {status}): {problem.detail}",
        status=status,
        details=tuple(details),
        per_image=per_image,
    )


def _unauthorized(status: int, detail: str | None) -> GatewayError:
    why = f" The gateway says: {detail}" if detail else ""
    return GatewayError(
        "unauthorized", f"API key missing or wrong (set UI_API_KEY).{why}", status=status
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
