"""The gateway's operations as a few calls, each answering a result or a `GatewayError`.

No call raises for a gateway that is down, slow, refusing or answering nonsense: whatever happens
becomes a `GatewayError` (see `inferstack_sdk.problems`). The generator's `Unset` stays in here:
optional arguments are plain `None`. A `Gateway` may be shared by threads (httpx.Client is
thread-safe).
"""

from __future__ import annotations

import base64
import io
import mimetypes
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from inferstack_client import AuthenticatedClient
from inferstack_client.api.embeddings import create_embeddings
from inferstack_client.api.health import liveness, readiness
from inferstack_client.api.image_classification import classify_images, classify_uploads
from inferstack_client.api.models import get_model, list_models
from inferstack_client.api.operations import metrics
from inferstack_client.api.predictions import get_prediction, list_predictions, prediction_stats
from inferstack_client.api.text_classification import classify_texts
from inferstack_client.models import (
    BodyClassifyUploads,
    EmbeddingRequest,
    EmbeddingResponse,
    ImageClassificationRequest,
    ImageClassificationResponse,
    ImageInput,
    Liveness,
    ModelInfo,
    ModelList,
    PredictionPage,
    PredictionRecord,
    PredictionStats,
    Readiness,
    TextClassificationRequest,
    TextClassificationResponse,
)
from inferstack_client.types import UNSET, File, Response, Unset
from inferstack_sdk.connection import GatewayConfig, make_client
from inferstack_sdk.problems import GatewayError, from_exception, from_response
from inferstack_sdk.results import Classified, Embedded, TextsClassified, Upload

T = TypeVar("T")


class Gateway:
    """One gateway, reached through the generated client.

    `Gateway(GatewayConfig(url, api_key=...))`; `client` replaces the client made from the config
    (tests pass one with a fake transport), and then serves the quick calls too. Inference calls
    run under `config.timeout_s`; liveness, readiness, the catalog and the metrics under
    `config.probe_timeout_s`, on a client of their own. Use it as a context manager, or
    `close()` it.
    """

    def __init__(self, config: GatewayConfig, client: AuthenticatedClient | None = None) -> None:
        self.config = config
        self.client = client if client is not None else make_client(config)
        self.probe_client = (
            client if client is not None else make_client(config, timeout_s=config.probe_timeout_s)
        )
        # The generated client creates its httpx client on first use; create it now, so that
        # threads making their first call at once share one pool.
        self.client.get_httpx_client()
        self.probe_client.get_httpx_client()

    @property
    def url(self) -> str:
        """The gateway's base URL, without a trailing slash."""
        return self.config.base_url

    def close(self) -> None:
        """Close the pooled connections; the gateway is not used after this."""
        self.client.get_httpx_client().close()
        self.probe_client.get_httpx_client().close()

    def __enter__(self) -> Gateway:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- calls ---------------------------------------------------------------------------------

    def liveness(self) -> bool | GatewayError:
        """True when the gateway process answers `GET /healthz` (it never calls Triton)."""
        outcome = self._probe(lambda: liveness.sync_detailed(client=self.probe_client), Liveness)
        return outcome if isinstance(outcome, GatewayError) else True

    def readiness(self) -> Readiness | GatewayError:
        """`GET /readyz`, ready or not: a 503 there is an answer (`status` "unavailable")."""
        return self._probe(lambda: readiness.sync_detailed(client=self.probe_client), Readiness)

    def catalog(self) -> ModelList | GatewayError:
        """`GET /v1/models`: every model, its versions and their state, tensors, labels."""
        return self._probe(lambda: list_models.sync_detailed(client=self.probe_client), ModelList)

    def model(self, name: str) -> ModelInfo | GatewayError:
        """`GET /v1/models/{name}`: one model's catalog entry (HTTP 404 for an unknown name)."""
        return self._probe(
            lambda: get_model.sync_detailed(name, client=self.probe_client), ModelInfo
        )

    def metrics_text(self) -> str | GatewayError:
        """`GET /metrics`: the gateway's Prometheus text."""
        return self._probe(lambda: metrics.sync_detailed(client=self.probe_client), str)

    def classify(
        self,
        uploads: Sequence[Upload],
        *,
        model: str,
        version: str | None = None,
        top_k: int = 3,
        return_model_input: bool = False,
    ) -> Classified | GatewayError:
        """One request for all `uploads`: their bytes, base64-encoded in the JSON body, unchanged.

        `version` None: the gateway's default version. `top_k`: labels per image. With
        `return_model_input`, the gateway also returns what the model read for each image (a
        small PNG; `Classified.model_input(i)`). The answer's `results[i]` is `uploads[i]`. A
        problem naming some images (HTTP 4xx) lists them in the error's `per_item()`; more images
        than the gateway allows per request is HTTP 413.
        """
        body = ImageClassificationRequest(
            images=[
                ImageInput(data=base64.b64encode(upload.data).decode("ascii"), name=upload.name)
                for upload in uploads
            ],
            model=model,
            version=_maybe(version),
            top_k=top_k,
            return_model_input=return_model_input or UNSET,
        )
        outcome = self._timed(
            lambda: classify_images.sync_detailed(client=self.client, body=body),
            ImageClassificationResponse,
        )
        return outcome if isinstance(outcome, GatewayError) else Classified(*outcome)

    def classify_uploads(
        self,
        uploads: Sequence[Upload],
        *,
        model: str,
        version: str | None = None,
        top_k: int = 3,
        return_model_input: bool = False,
    ) -> Classified | GatewayError:
        """`classify`, through the multipart route: each upload a file part, its bytes as they are.

        No base64 inflation, so a request holds a third more image than the JSON route under
        the gateway's `max_request_bytes`. Faults name the `files` items (`per_item("files")`).
        """
        body = BodyClassifyUploads(
            files=[
                File(
                    payload=io.BytesIO(upload.data),
                    file_name=upload.name,
                    mime_type=mimetypes.guess_type(upload.name)[0] or "application/octet-stream",
                )
                for upload in uploads
            ],
            model=model,
            version=_maybe(version),
            top_k=top_k,
            return_model_input=return_model_input or UNSET,
        )
        outcome = self._timed(
            lambda: classify_uploads.sync_detailed(client=self.client, body=body),
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
        multi_label: bool = False,
    ) -> TextsClassified | GatewayError:
        """One zero-shot request: every label scored for every text, as given.

        `hypothesis_template` None: the gateway's template. `multi_label`: each label scored on
        its own (several or none may fit) instead of a softmax across them. Faults name `texts`
        and `labels` items: read them with `per_item("texts")` and `per_item("labels")`.
        """
        body = TextClassificationRequest(
            texts=list(texts),
            labels=list(labels),
            multi_label=multi_label,
            hypothesis_template=_maybe(hypothesis_template),
            model=model,
            version=_maybe(version),
        )
        outcome = self._timed(
            lambda: classify_texts.sync_detailed(client=self.client, body=body),
            TextClassificationResponse,
        )
        return outcome if isinstance(outcome, GatewayError) else TextsClassified(*outcome)

    def embed(
        self, texts: Sequence[str], *, model: str, version: str | None = None
    ) -> Embedded | GatewayError:
        """One embeddings request for all `texts`, the vectors as floats in the texts' order.

        An answer with another number of vectors, or not as lists of numbers, is an
        "unexpected" error.
        """
        body = EmbeddingRequest(input_=list(texts), model=model, version=_maybe(version))
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
                f"{len(texts)} text(s), or not as lists of numbers; "
                f"{self.config.hints.reader} cannot use them.",
            )
        floats = tuple(tuple(v) for v in vectors if not isinstance(v, str))
        return Embedded(response, floats, round_trip_ms)

    # --- the prediction log ----------------------------------------------------------------------

    def predictions(
        self,
        *,
        model: str | None = None,
        version: str | None = None,
        status: int | None = None,
        route: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> PredictionPage | GatewayError:
        """`GET /v1/predictions`: stored records, most recent first; pass the page's
        `next_cursor` as `cursor` for the next one. `limit`: at most 1000."""
        return self._call(
            lambda: list_predictions.sync_detailed(
                client=self.client,
                model=_maybe(model),
                version=_maybe(version),
                status=status if status is not None else UNSET,
                route=_maybe(route),
                since=since if since is not None else UNSET,
                until=until if until is not None else UNSET,
                limit=limit,
                cursor=_maybe(cursor),
            ),
            PredictionPage,
        )

    def prediction(self, request_id: str) -> PredictionRecord | GatewayError:
        """`GET /v1/predictions/{request_id}`: one stored record (HTTP 404: none)."""
        return self._call(
            lambda: get_prediction.sync_detailed(request_id, client=self.client), PredictionRecord
        )

    def prediction_stats(
        self,
        *,
        model: str | None = None,
        version: str | None = None,
        route: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        bucket_s: int | None = None,
    ) -> PredictionStats | GatewayError:
        """`GET /v1/predictions/stats`: counts, latency percentiles, labels, error shares and a
        timeline over [since, until) (default: the last 24 hours)."""
        return self._call(
            lambda: prediction_stats.sync_detailed(
                client=self.client,
                model=_maybe(model),
                version=_maybe(version),
                route=_maybe(route),
                since=since if since is not None else UNSET,
                until=until if until is not None else UNSET,
                bucket_s=bucket_s if bucket_s is not None else UNSET,
            ),
            PredictionStats,
        )

    # --- the one place that turns whatever happened into a result or an error ------------------

    def _timed(
        self, send: Callable[[], Response[Any]], expected: type[T]
    ) -> tuple[T, float] | GatewayError:
        """`_call`, and the round trip's wall time in milliseconds as measured here."""
        start = time.perf_counter()
        outcome = self._call(send, expected)
        round_trip_ms = (time.perf_counter() - start) * 1000.0
        return outcome if isinstance(outcome, GatewayError) else (outcome, round_trip_ms)

    def _probe(self, send: Callable[[], Response[Any]], expected: type[T]) -> T | GatewayError:
        """`_call` for a quick call, on the probe client and its timeout."""
        return self._call(send, expected, probe=True)

    def _call(
        self,
        send: Callable[[], Response[Any]],
        expected: type[T],
        *,
        probe: bool = False,
    ) -> T | GatewayError:
        try:
            response = send()
        except Exception as exc:  # no connection, no answer in time, or one that cannot be read
            return from_exception(exc, self.config, probe=probe)
        if isinstance(response.parsed, expected):
            return response.parsed
        return from_response(response, self.config)


def _maybe(value: str | None) -> str | Unset:
    return value if value is not None else UNSET
