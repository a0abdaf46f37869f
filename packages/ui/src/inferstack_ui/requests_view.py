"""Which gateway request answered which image: results grouped by request, for timings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inferstack_sdk import Classified, ImageResult


@dataclass(frozen=True)
class RequestGroup:
    """One request to the gateway and the images it answered (None: images without an answer)."""

    answer: Classified | None
    results: tuple[ImageResult, ...]


def by_request(results: Sequence[ImageResult]) -> list[RequestGroup]:
    """`results` grouped by the answer they came in, in order of first appearance."""
    groups: dict[str, list[ImageResult]] = {}
    answers: dict[str, Classified | None] = {}
    for result in results:
        key = result.answer.response.request_id if result.answer else ""
        groups.setdefault(key, []).append(result)
        answers.setdefault(key, result.answer)
    return [RequestGroup(answers[key], tuple(items)) for key, items in groups.items()]


def request_row(group: RequestGroup) -> dict[str, str | int | float | None]:
    """One request as a table row: id, images, version, and where its time went (ms)."""
    if group.answer is None:
        return {"request": "(not answered)", "images": len(group.results)}
    response = group.answer.response
    timings = response.timings
    return {
        "request": response.request_id,
        "images": len(group.results),
        "version": response.version,
        "pre-processing (ms)": round(timings.preprocess_ms, 1),
        "inference (ms)": round(timings.inference_ms, 1),
        "post-processing (ms)": round(timings.postprocess_ms, 1),
        "round trip (ms)": round(group.answer.round_trip_ms, 1),
    }
