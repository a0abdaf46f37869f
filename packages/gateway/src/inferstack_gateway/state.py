"""The gateway's long-lived objects, built once per process by the app's lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from inferstack_gateway.catalog import Catalog
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.predictions import PredictionLog
from inferstack_gateway.services.image_classification import ImageClassificationService
from inferstack_gateway.services.open_inference import OpenInferenceService
from inferstack_gateway.services.prediction_history import PredictionHistoryService
from inferstack_gateway.services.text_embeddings import TextEmbeddingService
from inferstack_gateway.settings import GatewaySettings
from inferstack_gateway.triton import InferenceBackend


@dataclass(frozen=True)
class GatewayState:
    """Everything a request may use; `app.state.gateway` holds the one instance."""

    settings: GatewaySettings
    api_keys: tuple[str, ...]
    callers: tuple[str, ...]  # each key's identity in the prediction log, never the key
    metrics: GatewayMetrics
    backend: InferenceBackend
    catalog: Catalog
    image_classification: ImageClassificationService
    text_embeddings: TextEmbeddingService
    open_inference: OpenInferenceService
    prediction_log: PredictionLog
    prediction_history: PredictionHistoryService
