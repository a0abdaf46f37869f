"""POST /v1/image-classification and /upload through the real gateway and the real Triton."""

from __future__ import annotations

import base64
import io
import json
import struct
import zlib
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from tests.digit_images import SEVEN, SEVEN_CROSSBAR, b64, drawn, held_out, render
from tests.gateway.problems import assert_problem

URL = "/v1/image-classification"


def _classify(gateway: TestClient, images: list[bytes], **fields: Any) -> Any:
    body = {"images": [{"data": b64(i)} for i in images], **fields}
    return gateway.post(URL, json=body)


def _accuracy(gateway: TestClient, fmt: str, version: str) -> float:
    data = held_out()
    correct = 0
    for start in range(0, len(data.labels), 60):
        grids = data.images[start : start + 60]
        response = _classify(gateway, [render(g, fmt=fmt) for g in grids], version=version)
        assert response.status_code == 200, response.text
        predicted = [int(r["predictions"][0]["label"]) for r in response.json()["results"]]
        correct += int(np.sum(np.asarray(predicted) == data.labels[start : start + 60]))
    return correct / len(data.labels)


def test_classifies_one_image_with_timings(gateway: TestClient) -> None:
    data = held_out()
    response = _classify(gateway, [render(data.images[0])], top_k=3)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model"] == "digits"
    assert body["version"] == "3"  # the latest ready version: the default
    assert body["request_id"] == response.headers["x-request-id"]
    (result,) = body["results"]
    assert result["index"] == 0
    assert result["predictions"][0]["label"] == str(data.labels[0])
    probabilities = [p["probability"] for p in result["predictions"]]
    assert len(probabilities) == 3
    assert probabilities == sorted(probabilities, reverse=True)
    timings = body["timings"]
    assert timings["total_ms"] >= timings["inference_ms"] > 0


def test_batch_answers_in_request_order(gateway: TestClient) -> None:
    data = held_out()
    picks = [int(np.flatnonzero(data.labels == d)[0]) for d in (7, 3, 0, 9, 1, 4)]
    images = [render(data.images[i]) for i in picks]
    body = {"images": [{"data": b64(img), "name": f"img-{n}"} for n, img in enumerate(images)]}
    response = gateway.post(URL, json=body)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["index"] for r in results] == list(range(6))
    assert [r["name"] for r in results] == [f"img-{n}" for n in range(6)]
    assert [r["predictions"][0]["label"] for r in results] == ["7", "3", "0", "9", "1", "4"]


@pytest.mark.parametrize("version", ["1", "2", "3"])
def test_version_pinning(gateway: TestClient, version: str) -> None:
    response = _classify(gateway, [render(held_out().images[1])], version=version)
    assert response.status_code == 200, response.text
    assert response.json()["version"] == version


@pytest.mark.parametrize("strokes", [SEVEN, SEVEN_CROSSBAR], ids=["plain", "crossbar"])
def test_a_drawn_seven_is_read_as_seven(gateway: TestClient, strokes: list[Any]) -> None:
    response = _classify(gateway, [drawn(strokes)], top_k=2)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == "3"
    best = body["results"][0]["predictions"][0]
    assert best["label"] == "7"
    assert best["probability"] > 0.9


@pytest.mark.parametrize(("version", "side"), [("1", 8), ("2", 8), ("3", 28)])
def test_the_model_input_comes_back_on_request(
    gateway: TestClient, version: str, side: int
) -> None:
    images = [drawn(SEVEN), render(held_out().images[0])]
    response = _classify(gateway, images, version=version, return_model_input=True)
    assert response.status_code == 200, response.text
    for result in response.json()["results"]:
        seen = Image.open(io.BytesIO(base64.b64decode(result["model_input"])))
        assert (seen.format, seen.mode, seen.size) == ("PNG", "L", (side, side))
        pixels = np.asarray(seen)
        assert pixels.max() >= 230  # the strongest ink, white
        assert pixels.min() == 0  # the background, black
    plain = _classify(gateway, images, version=version)
    assert all(r["model_input"] is None for r in plain.json()["results"])


def test_the_model_input_comes_back_from_the_upload_route(gateway: TestClient) -> None:
    files = [("files", ("seven.png", drawn(SEVEN_CROSSBAR), "image/png"))]
    response = gateway.post(f"{URL}/upload", files=files, data={"return_model_input": "true"})
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    assert result["predictions"][0]["label"] == "7"
    seen = Image.open(io.BytesIO(base64.b64decode(result["model_input"])))
    assert seen.size == (28, 28)


def test_data_url_is_accepted(gateway: TestClient) -> None:
    url = "data:image/png;base64," + b64(render(held_out().images[2]))
    response = gateway.post(URL, json={"images": [{"data": url}]})
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["predictions"][0]["label"] == str(held_out().labels[2])


def test_upload_multipart(gateway: TestClient) -> None:
    data = held_out()
    files = [
        ("files", ("a.png", render(data.images[3]), "image/png")),
        ("files", ("b.jpg", render(data.images[4], fmt="JPEG"), "image/jpeg")),
    ]
    response = gateway.post(f"{URL}/upload", files=files, data={"top_k": "2", "version": "1"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == "1"
    assert [r["name"] for r in body["results"]] == ["a.png", "b.jpg"]
    assert [r["predictions"][0]["label"] for r in body["results"]] == [
        str(data.labels[3]),
        str(data.labels[4]),
    ]
    assert all(len(r["predictions"]) == 2 for r in body["results"])


# The card says 0.9944 (v2) and 0.9667 (v1) on the raw 8x8 grids; rendered into upscaled image
# files and pre-processed back by the gateway, v2 measured 0.9861 (PNG and JPEG) and v1 ~0.95.
# v3 reads the same files at 28x28 (its card: >= 0.99 on the PNGs).
@pytest.mark.parametrize(
    ("fmt", "version", "floor"),
    [("PNG", "2", 0.97), ("JPEG", "2", 0.97), ("PNG", "1", 0.90), ("PNG", "3", 0.99)],
)
def test_accuracy_through_the_whole_path(
    gateway: TestClient, fmt: str, version: str, floor: float
) -> None:
    accuracy = _accuracy(gateway, fmt, version)
    print(f"held-out accuracy via {fmt} images, v{version}: {accuracy:.4f}")
    assert accuracy >= floor


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload)
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def _tiff() -> bytes:
    out = io.BytesIO()
    Image.new("L", (16, 16), 255).save(out, format="TIFF")
    return out.getvalue()


GOOD = render(held_out().images[0])
BAD_JSON_BODIES: list[tuple[str, Any, int, str]] = [
    ("not an image", {"images": [{"data": b64(b"hello, world")}]}, 422, "invalid-input"),
    ("truncated png", {"images": [{"data": b64(GOOD[: len(GOOD) // 2])}]}, 422, "invalid-input"),
    ("zero bytes", {"images": [{"data": ""}]}, 422, "invalid-input"),
    ("huge dimensions", {"images": [{"data": b64(_png_header_only(60000, 60000))}]}, 413, ""),
    ("disallowed format", {"images": [{"data": b64(_tiff())}]}, 415, ""),
    ("invalid base64", {"images": [{"data": "@@@not-base64@@@"}]}, 422, "validation-error"),
    ("too many images", {"images": [{"data": b64(GOOD)}] * 65}, 413, "payload-too-large"),
    ("no images", {"images": []}, 422, "validation-error"),
    ("unknown model", {"images": [{"data": b64(GOOD)}], "model": "nope"}, 404, "model-not-found"),
    (
        "unknown version",
        {"images": [{"data": b64(GOOD)}], "version": "9"},
        404,
        "version-not-found",
    ),
    ("version not a number", {"images": [{"data": b64(GOOD)}], "version": "x"}, 422, ""),
    ("top_k zero", {"images": [{"data": b64(GOOD)}], "top_k": 0}, 422, "validation-error"),
    ("top_k above labels", {"images": [{"data": b64(GOOD)}], "top_k": 11}, 422, "invalid-input"),
    ("unknown field", {"images": [{"data": b64(GOOD)}], "colour": "red"}, 422, ""),
    ("images not a list", {"images": "x"}, 422, "validation-error"),
]


@pytest.mark.parametrize(
    ("body", "status", "slug"),
    [pytest.param(b, s, t, id=name) for name, b, s, t in BAD_JSON_BODIES],
)
def test_bad_input_gets_a_problem_and_service_keeps_serving(
    gateway: TestClient, body: Any, status: int, slug: str
) -> None:
    response = gateway.post(URL, json=body)
    assert_problem(response, status, slug)
    assert _classify(gateway, [GOOD]).status_code == 200


def test_every_bad_image_is_named(gateway: TestClient) -> None:
    images = [GOOD, b"junk", GOOD, b""]
    response = _classify(gateway, images)
    assert response.status_code == 422
    locs = [item["loc"] for item in response.json()["errors"]]
    assert locs == [["body", "images", 1], ["body", "images", 3]]


def test_malformed_json(gateway: TestClient) -> None:
    response = gateway.post(URL, content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_wrong_content_type(gateway: TestClient) -> None:
    body = json.dumps({"images": [{"data": b64(GOOD)}]})
    response = gateway.post(URL, content=body, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["type"].endswith("/unsupported-media-type")
    upload = gateway.post(f"{URL}/upload", json={"files": []})
    assert upload.status_code == 415


def test_request_over_the_byte_limit(gateway: TestClient) -> None:
    limit = gateway.app.state.gateway.settings.max_request_bytes  # type: ignore[attr-defined]
    blob = base64.b64encode(b"\0" * (limit // 4 * 3 + 16)).decode()
    response = gateway.post(URL, json={"images": [{"data": blob}]})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_upload_without_files(gateway: TestClient) -> None:
    response = gateway.post(f"{URL}/upload", data={"top_k": "2"}, files={"other": ("x", b"1")})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_upload_of_a_non_image(gateway: TestClient) -> None:
    files = [("files", ("notes.txt", b"just text", "text/plain"))]
    response = gateway.post(f"{URL}/upload", files=files)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "files", 0]


def test_upload_names_bad_files_by_their_own_field(gateway: TestClient) -> None:
    files = [
        ("files", ("one.png", GOOD, "image/png")),
        ("files", ("junk.png", b"junk", "image/png")),
        ("files", ("empty.png", b"", "image/png")),
    ]
    response = gateway.post(f"{URL}/upload", files=files)
    assert response.status_code == 422
    locs = [item["loc"] for item in response.json()["errors"]]
    assert locs == [["body", "files", 1], ["body", "files", 2]]


def test_camera_mpo_upload_is_classified_as_a_jpeg(gateway: TestClient) -> None:
    scan = Image.open(io.BytesIO(render(held_out().images[0])))
    out = io.BytesIO()
    scan.convert("RGB").save(out, format="MPO", save_all=True, append_images=[scan.convert("RGB")])
    response = gateway.post(f"{URL}/upload", files={"files": ("camera.jpg", out.getvalue())})
    assert response.status_code == 200, response.text
