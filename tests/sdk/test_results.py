"""results: what one image's result says, ok or not, for a person and for a results file."""

from __future__ import annotations

from inferstack_client.models import (
    ImageClassification,
    ImageClassificationResponse,
    LabelScore,
    Timings,
)
from inferstack_sdk import Classified, GatewayError, ImageResult, Upload

UPLOAD = Upload("a.png", b"png")


def test_an_ok_result() -> None:
    scores = (LabelScore("7", 0.9), LabelScore("1", 0.05))
    response = ImageClassificationResponse(
        model="digits",
        version="2",
        results=[ImageClassification(index=0, name="a.png", predictions=list(scores))],
        timings=Timings(preprocess_ms=1, inference_ms=1, postprocess_ms=1, total_ms=3),
        request_id="r",
    )
    result = ImageResult(UPLOAD, scores, Classified(response, 12.5))
    assert result.status == "ok"
    assert result.best == scores[0]
    assert (result.model, result.version) == ("digits", "2")
    assert (result.reason, result.reason_line) == (None, None)


def test_a_failed_result_says_why_in_both_forms() -> None:
    error = GatewayError(
        "http", "Bad (HTTP 422): corrupt", status=422, title="Bad", detail="corrupt"
    )
    result = ImageResult(UPLOAD, error=error)
    assert result.status == "error"
    assert (result.best, result.model, result.version) == (None, None, None)
    assert result.reason == "Bad (HTTP 422): corrupt"
    assert result.reason_line == "HTTP 422 (Bad): corrupt"
    unsent = ImageResult(UPLOAD, error=error, sent=False)
    assert unsent.reason == "not sent: Bad (HTTP 422): corrupt"
    assert unsent.reason_line == "not sent: HTTP 422 (Bad): corrupt"
