"""inferstack's hand-written client layer, over the generated client (`inferstack_client`).

One place for what every caller of the gateway needs: connecting with or without an API key
(`connection`), errors for a person with per-item faults (`problems`), calls that answer a result
or a `GatewayError` and never raise (`calls`), the answers (`results`), batch classification
that gives every image its own result (`batch`) within the gateway's request limits
(`chunks`), retries with backoff (`retries`) and a bounded
thread pool (`pool`). `inferstack_sdk.folder` is the batch program built on them
(`inferstack-classify-folder`); it is not imported here, as it needs rich.
"""

from inferstack_sdk.batch import DEFAULT_CHUNK_SIZE, BatchClassifier, Progress, classify_files
from inferstack_sdk.calls import Gateway
from inferstack_sdk.chunks import RequestLimits
from inferstack_sdk.connection import DEFAULT_GATEWAY_URL, GatewayConfig, Hints, KeyHeader
from inferstack_sdk.pool import in_threads
from inferstack_sdk.problems import ErrorKind, GatewayError, ItemFault
from inferstack_sdk.results import Classified, Embedded, ImageResult, TextsClassified, Upload
from inferstack_sdk.retries import TRANSIENT_STATUSES, RetryPolicy, is_transient

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_GATEWAY_URL",
    "TRANSIENT_STATUSES",
    "BatchClassifier",
    "Classified",
    "Embedded",
    "ErrorKind",
    "Gateway",
    "GatewayConfig",
    "GatewayError",
    "Hints",
    "ImageResult",
    "ItemFault",
    "KeyHeader",
    "Progress",
    "RequestLimits",
    "RetryPolicy",
    "TextsClassified",
    "Upload",
    "classify_files",
    "in_threads",
    "is_transient",
]
