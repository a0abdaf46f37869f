"""The generated client against the real gateway (uvicorn) and the real Triton.

Every operation is called sync and async through `inferstack_client.api...`; every client is made
with `raise_on_unexpected_status=True`, so an answer whose status the OpenAPI document does not
declare fails the test; error answers must come back parsed as the typed `Problem`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

from inferstack_client import AuthenticatedClient, Client
from inferstack_client.api.embeddings import create_embeddings
from inferstack_client.api.health import liveness, readiness
from inferstack_client.api.image_classification import classify_images, classify_uploads
from inferstack_client.api.models import get_model, list_models
from inferstack_client.api.open_inference_protocol import (
    v2_infer,
    v2_infer_version,
    v2_model_metadata,
    v2_model_ready,
    v2_model_version_metadata,
    v2_model_version_ready,
    v2_server_live,
    v2_server_metadata,
    v2_server_ready,
)
from inferstack_client.api.operations import metrics
from inferstack_client.api.predictions import get_prediction, list_predictions, prediction_stats
from inferstack_client.api.problems import get_problem_type, list_problem_types
from inferstack_client.api.text_classification import classify_texts
from inferstack_client.models import (
    BodyClassifyUploads,
    Datatype,
    EmbeddingRequest,
    EmbeddingResponse,
    ImageClassificationRequest,
    ImageClassificationResponse,
    ImageInput,
    InferenceRequest,
    InferenceResponse,
    Liveness,
    MetadataModelResponse,
    ModelInfo,
    ModelList,
    OpenAIProblem,
    OpenInferenceProblem,
    Problem,
    Readiness,
    ReadinessStatus,
    ReadinessTriton,
    RequestInput,
    TextClassificationRequest,
    TextClassificationResponse,
)
from inferstack_client.types import File, Response
from inferstack_gateway.processors.digits import MNIST, DigitsProcessor
from inferstack_gateway.processors.geometry import ImageGeometry
from inferstack_gateway.settings import GatewaySettings
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.triton import TritonServer
from tests.digit_images import b64, held_out, render

KEY = "client-test-key-123"
LABELS = [str(digit) for digit in range(10)]
SAMPLES = 20
TIMEOUT = httpx.Timeout(60.0)
OPENAPI = Path(__file__).resolve().parents[2] / "packages" / "client" / "openapi.json"


def anonymous(client: Client) -> AuthenticatedClient:
    """A Client where the generated /v1 functions ask for an AuthenticatedClient.

    The /v1 operations declare the ApiKey and Bearer schemes, so openapi-python-client types their
    `client` parameter as `AuthenticatedClient` only, although the gateway's keys are optional and
    a plain Client works at run time (openapi-python-client issue #1372).
    """
    return cast(AuthenticatedClient, client)


def new_client(url: str, **kwargs: Any) -> Client:
    return Client(base_url=url, raise_on_unexpected_status=True, timeout=TIMEOUT, **kwargs)


@pytest.fixture
def client(gateway_server: GatewayServer) -> Iterator[Client]:
    with new_client(gateway_server.url) as client:
        yield client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def digit_request(
    count: int = SAMPLES, **kwargs: Any
) -> tuple[ImageClassificationRequest, list[str]]:
    """The first `count` held-out digits as PNGs of varying sizes, and their true labels."""
    data = held_out()
    images = [
        ImageInput(data=b64(render(data.images[i], size=40 + 3 * i)), name=f"digit-{i}.png")
        for i in range(count)
    ]
    truth = [str(label) for label in data.labels[:count]]
    return ImageClassificationRequest(images=images, **kwargs), truth


def corrupt_request() -> ImageClassificationRequest:
    good = ImageInput(data=b64(render(held_out().images[0])), name="good.png")
    bad = ImageInput(data=b64(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10), name="bad.png")
    return ImageClassificationRequest(images=[good, bad, good])


# --- checks shared by the sync and async tests ---------------------------------------------------


def check_liveness(response: Response[Liveness]) -> None:
    assert response.status_code == 200
    assert isinstance(response.parsed, Liveness)
    assert response.parsed.status == "ok"


def check_readiness(response: Response[Readiness]) -> None:
    assert response.status_code == 200
    ready = response.parsed
    assert isinstance(ready, Readiness)
    assert ready.status is ReadinessStatus.READY
    assert ready.triton is ReadinessTriton.READY
    assert isinstance(ready.models, list)
    digits = {m.name: m for m in ready.models}["digits"]
    assert digits.ready
    assert set(digits.ready_versions) == {"1", "2", "3"}


def check_digits_info(info: ModelInfo) -> None:
    assert info.name == "digits"
    assert info.task == "image-classification"
    assert sorted(v.version for v in info.versions) == ["1", "2", "3"]
    assert all(v.ready and v.state for v in info.versions)
    assert info.default_version == "3"
    assert info.labels == LABELS
    assert info.max_batch_size > 0
    assert info.inputs
    assert info.outputs


def check_model_list(response: Response[ModelList | Problem]) -> None:
    assert response.status_code == 200
    catalog = response.parsed
    assert isinstance(catalog, ModelList)
    check_digits_info({m.name: m for m in catalog.models}["digits"])


def check_model(response: Response[ModelInfo | Problem]) -> None:
    assert response.status_code == 200
    assert isinstance(response.parsed, ModelInfo)
    check_digits_info(response.parsed)


def check_classification(
    response: Response[ImageClassificationResponse | Problem], truth: list[str], version: str
) -> None:
    assert response.status_code == 200, response.content
    assert isinstance(response.parsed, ImageClassificationResponse)
    check_answer(response.parsed, truth, version)


def check_answer(answer: ImageClassificationResponse, truth: list[str], version: str) -> None:
    assert answer.model == "digits"
    assert answer.version == version
    assert answer.request_id
    assert answer.timings.total_ms >= answer.timings.inference_ms > 0
    assert [r.index for r in answer.results] == list(range(len(truth)))
    assert [r.name for r in answer.results] == [f"digit-{i}.png" for i in range(len(truth))]
    for result in answer.results:
        probabilities = [p.probability for p in result.predictions]
        assert len(probabilities) == 3
        assert probabilities == sorted(probabilities, reverse=True)
        assert all(p.label in LABELS for p in result.predictions)
    predicted = [r.predictions[0].label for r in answer.results]
    correct = sum(p == t for p, t in zip(predicted, truth, strict=True))
    assert correct / len(truth) >= 0.9, (predicted, truth)


def check_problem(
    response: Response[Any], status: int, slug: str, detail: str | None = None
) -> Problem | OpenAIProblem | OpenInferenceProblem:
    """A documented error: status, problem+json, and `parsed` a typed problem (the plain one,
    or the one with a protocol's `error` member)."""
    assert response.status_code == status, response.content
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.parsed
    assert isinstance(problem, Problem | OpenAIProblem | OpenInferenceProblem), problem
    assert problem.status == status
    assert problem.type_.endswith(f"/{slug}")
    assert problem.title
    assert problem.request_id == response.headers["x-request-id"]
    if detail is not None:
        assert detail in problem.detail
    return problem


def check_metrics(response: Response[str]) -> None:
    assert response.status_code == 200
    assert isinstance(response.parsed, str)
    assert "inferstack_gateway_requests_total" in response.parsed


def check_bad_image(response: Response[ImageClassificationResponse | Problem]) -> None:
    problem = check_problem(response, 422, "invalid-input")
    assert isinstance(problem.errors, list)
    assert [item.loc for item in problem.errors] == [["body", "images", 1]]
    assert "decodable" in problem.errors[0].msg


# --- every operation, sync -----------------------------------------------------------------------


def test_liveness(client: Client) -> None:
    check_liveness(liveness.sync_detailed(client=client))
    assert isinstance(liveness.sync(client=client), Liveness)


def test_readiness(client: Client) -> None:
    check_readiness(readiness.sync_detailed(client=client))


def test_list_models(client: Client) -> None:
    check_model_list(list_models.sync_detailed(client=anonymous(client)))


def test_get_model(client: Client) -> None:
    check_model(get_model.sync_detailed("digits", client=anonymous(client)))
    assert isinstance(get_model.sync("digits", client=anonymous(client)), ModelInfo)


def test_classify_images(client: Client) -> None:
    body, truth = digit_request()
    check_classification(
        classify_images.sync_detailed(client=anonymous(client), body=body), truth, "3"
    )
    pinned, truth = digit_request(version="1")
    response = classify_images.sync_detailed(client=anonymous(client), body=pinned)
    check_classification(response, truth, "1")


def test_metrics(client: Client) -> None:
    check_metrics(metrics.sync_detailed(client=client))


# --- every operation, async ----------------------------------------------------------------------


@pytest.mark.anyio
async def test_every_operation_async(gateway_server: GatewayServer) -> None:
    async with new_client(gateway_server.url) as client:
        check_liveness(await liveness.asyncio_detailed(client=client))
        check_readiness(await readiness.asyncio_detailed(client=client))
        check_model_list(await list_models.asyncio_detailed(client=anonymous(client)))
        check_model(await get_model.asyncio_detailed("digits", client=anonymous(client)))
        body, truth = digit_request()
        response = await classify_images.asyncio_detailed(client=anonymous(client), body=body)
        check_classification(response, truth, "3")
        parsed = await classify_images.asyncio(client=anonymous(client), body=body)
        assert isinstance(parsed, ImageClassificationResponse)
        check_metrics(await metrics.asyncio_detailed(client=client))
        assert isinstance(await metrics.asyncio(client=client), str)


# --- Open Inference Protocol (v2) pass-through ---------------------------------------------------


def v2_request(count: int = 4, side: int = 8) -> tuple[InferenceRequest, list[int]]:
    """Held-out digits as one v2 request, and their true labels: the raw 8x8 grids (versions 1
    and 2), or (side 28) their scans as the gateway makes them for version 3, the default."""
    data = held_out()
    grids = data.images[:count]
    if side != 8:
        geometry = ImageGeometry(side, side, MNIST)
        scans = [render(grid) for grid in grids]
        grids = DigitsProcessor().preprocess(scans, GatewaySettings().image_limits, geometry)
    tensor = RequestInput(
        name="pixels",
        shape=[count, side, side],
        datatype=Datatype.FP32,
        data=[float(v) for v in grids.reshape(-1)],
    )
    return InferenceRequest(inputs=[tensor], id="client-v2"), [int(v) for v in data.labels[:count]]


def check_v2_answer(response: Response[Any], truth: list[int], version: str | None) -> None:
    assert response.status_code == 200, response.content
    answer = response.parsed
    assert isinstance(answer, InferenceResponse)
    assert answer.model_name == "digits"
    if version is not None:
        assert answer.model_version == version
    assert answer.id == "client-v2"
    (output,) = answer.outputs
    assert output.name == "probabilities"
    assert output.shape == [len(truth), 10]
    rows = [output.data[i * 10 : (i + 1) * 10] for i in range(len(truth))]
    predicted = [max(range(10), key=row.__getitem__) for row in rows]
    assert sum(p == t for p, t in zip(predicted, truth, strict=True)) >= len(truth) - 1


def check_v2_metadata(response: Response[Any]) -> None:
    assert response.status_code == 200, response.content
    metadata = response.parsed
    assert isinstance(metadata, MetadataModelResponse)
    assert metadata.name == "digits"
    assert [t.name for t in metadata.inputs] == ["pixels"]
    assert [t.name for t in metadata.outputs] == ["probabilities"]


def test_v2_operations(client: Client) -> None:
    authed = anonymous(client)
    squares, truth = v2_request(side=28)
    check_v2_answer(v2_infer.sync_detailed("digits", client=authed, body=squares), truth, "3")
    body, truth = v2_request()
    response = v2_infer_version.sync_detailed("digits", "1", client=authed, body=body)
    check_v2_answer(response, truth, "1")
    check_v2_metadata(v2_model_metadata.sync_detailed("digits", client=authed))
    check_v2_metadata(v2_model_version_metadata.sync_detailed("digits", "2", client=authed))
    missing = v2_infer.sync_detailed("nope", client=authed, body=body)
    check_problem(missing, 404, "model-not-found")


@pytest.mark.anyio
async def test_v2_operations_async(gateway_server: GatewayServer) -> None:
    body, truth = v2_request()
    squares, _ = v2_request(side=28)
    async with new_client(gateway_server.url) as client:
        authed = anonymous(client)
        check_v2_answer(
            await v2_infer.asyncio_detailed("digits", client=authed, body=squares), truth, "3"
        )
        response = await v2_infer_version.asyncio_detailed("digits", "2", client=authed, body=body)
        check_v2_answer(response, truth, "2")
        check_v2_metadata(await v2_model_metadata.asyncio_detailed("digits", client=authed))
        metadata = await v2_model_version_metadata.asyncio_detailed("digits", "1", client=authed)
        check_v2_metadata(metadata)


# --- sentence embeddings and zero-shot text classification ---------------------------------------

SENTENCES = ["A cat sits on the mat.", "A kitten rests on a rug.", "Stock markets fell sharply."]


def embeddings_request() -> EmbeddingRequest:
    return EmbeddingRequest(input_=SENTENCES)


def texts_request() -> TextClassificationRequest:
    return TextClassificationRequest(
        texts=["The team won the match in overtime", "Parliament passed the new budget"],
        labels=["sports", "politics"],
    )


def check_embeddings(response: Response[Any]) -> None:
    assert response.status_code == 200, response.content
    answer = response.parsed
    assert isinstance(answer, EmbeddingResponse)
    assert answer.model == "minilm"
    vectors = [item.embedding for item in answer.data]
    assert all(isinstance(v, list) and len(v) == 384 for v in vectors)
    cat, kitten, stocks = (cast(list[float], v) for v in vectors)

    def cosine(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cosine(cat, kitten) > cosine(cat, stocks)
    assert answer.usage.total_tokens == sum(item.tokens for item in answer.data)


def check_texts(response: Response[Any]) -> None:
    assert response.status_code == 200, response.content
    answer = response.parsed
    assert isinstance(answer, TextClassificationResponse)
    assert [r.predictions[0].label for r in answer.results] == ["sports", "politics"]


def test_text_operations(client: Client) -> None:
    authed = anonymous(client)
    check_embeddings(create_embeddings.sync_detailed(client=authed, body=embeddings_request()))
    check_texts(classify_texts.sync_detailed(client=authed, body=texts_request()))
    empty = TextClassificationRequest(texts=[""], labels=["sports"])  # the schema refuses it
    problem = check_problem(
        classify_texts.sync_detailed(client=authed, body=empty), 422, "validation-error"
    )
    assert problem.errors
    assert problem.errors[0].loc == ["body", "texts", 0]
    repeated = TextClassificationRequest(texts=["a"], labels=["b", "b"])  # the gateway refuses it
    check_problem(classify_texts.sync_detailed(client=authed, body=repeated), 422, "invalid-input")


@pytest.mark.anyio
async def test_text_operations_async(gateway_server: GatewayServer) -> None:
    async with new_client(gateway_server.url) as client:
        authed = anonymous(client)
        body = embeddings_request()
        check_embeddings(await create_embeddings.asyncio_detailed(client=authed, body=body))
        check_texts(await classify_texts.asyncio_detailed(client=authed, body=texts_request()))


# --- uploads (multipart) -------------------------------------------------------------------------


def upload_body() -> tuple[BodyClassifyUploads, list[str]]:
    data = held_out()
    files = [
        File(
            payload=io.BytesIO(render(data.images[i])),
            file_name=f"digit-{i}.png",
            mime_type="image/png",
        )
        for i in range(SAMPLES)
    ]
    truth = [str(label) for label in data.labels[:SAMPLES]]
    return BodyClassifyUploads(files=files, top_k=3), truth


def test_classify_uploads(client: Client) -> None:
    body, truth = upload_body()
    response = classify_uploads.sync_detailed(client=anonymous(client), body=body)
    check_classification(response, truth, "3")


@pytest.mark.anyio
async def test_classify_uploads_async(gateway_server: GatewayServer) -> None:
    body, truth = upload_body()
    async with new_client(gateway_server.url) as client:
        response = await classify_uploads.asyncio_detailed(client=anonymous(client), body=body)
    check_classification(response, truth, "3")


def test_generated_upload_body_sends_real_file_parts() -> None:
    """The gateway marks upload fields `format: binary`, so the client sends files, not text."""
    body, _ = upload_body()
    file_parts = [part for name, part in body.to_multipart() if name == "files"]
    assert len(file_parts) == SAMPLES
    for filename, content, content_type, *_ in file_parts:
        assert filename is not None
        assert filename.startswith("digit-")
        assert content_type == "image/png"
        assert isinstance(content, io.BytesIO)
        assert content.getvalue().startswith(b"\x89PNG\r\n\x1a\n")


def test_upload_endpoint_works_with_real_multipart(client: Client) -> None:
    """The gateway's side of uploads is fine: the same files sent as real multipart parts."""
    data = held_out()
    files = [
        ("files", (f"digit-{i}.png", render(data.images[i]), "image/png")) for i in range(SAMPLES)
    ]
    raw = client.get_httpx_client().post("/v1/image-classification/upload", files=files)
    assert raw.status_code == 200, raw.text
    answer = ImageClassificationResponse.from_dict(raw.json())
    check_answer(answer, [str(label) for label in data.labels[:SAMPLES]], "3")


# --- documented errors parse into Problem --------------------------------------------------------


def test_unknown_model_is_a_404_problem(client: Client) -> None:
    response = get_model.sync_detailed("no-such-model", client=anonymous(client))
    check_problem(response, 404, "model-not-found", "no-such-model")
    body, _ = digit_request(2, model="no-such-model")
    response_post = classify_images.sync_detailed(client=anonymous(client), body=body)
    check_problem(response_post, 404, "model-not-found")


def test_unknown_version_is_a_404_problem(client: Client) -> None:
    body, _ = digit_request(2, version="9")
    response = classify_images.sync_detailed(client=anonymous(client), body=body)
    check_problem(response, 404, "version-not-found")


def test_bad_image_is_a_422_problem_naming_it(client: Client) -> None:
    check_bad_image(classify_images.sync_detailed(client=anonymous(client), body=corrupt_request()))


def test_invalid_body_is_a_422_problem(client: Client) -> None:
    body, _ = digit_request(1, top_k=11)  # more labels than the model has
    response = classify_images.sync_detailed(client=anonymous(client), body=body)
    check_problem(response, 422, "invalid-input", "top_k")
    empty = ImageClassificationRequest(images=[])
    response = classify_images.sync_detailed(client=anonymous(client), body=empty)
    problem = check_problem(response, 422, "validation-error")
    assert isinstance(problem.errors, list)
    assert problem.errors[0].loc == ["body", "images"]


@pytest.mark.anyio
async def test_errors_async(gateway_server: GatewayServer) -> None:
    async with new_client(gateway_server.url) as client:
        response = await get_model.asyncio_detailed("no-such-model", client=anonymous(client))
        check_problem(response, 404, "model-not-found")
        bad = await classify_images.asyncio_detailed(
            client=anonymous(client), body=corrupt_request()
        )
        check_bad_image(bad)
        assert isinstance(await get_model.asyncio("nope", client=anonymous(client)), Problem)


# --- API keys: a second gateway process with GATEWAY_API_KEYS -------------------------------------


@pytest.fixture(scope="module")
def secured_url(triton: TritonServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    (port,) = free_ports(1)
    server = GatewayServer(
        host="127.0.0.1",
        port=port,
        log_file=tmp_path_factory.mktemp("secured-gateway") / "gateway.log",
        env={"GATEWAY_TRITON_URL": triton.grpc_url, "GATEWAY_API_KEYS": f"other-key,{KEY}"},
    )
    server.start()
    yield server.url
    server.stop()


def test_no_key_is_a_401_problem(secured_url: str) -> None:
    with new_client(secured_url) as client:
        check_problem(list_models.sync_detailed(client=anonymous(client)), 401, "unauthorized")
        check_problem(
            get_model.sync_detailed("digits", client=anonymous(client)), 401, "unauthorized"
        )
        body, _ = digit_request(1)
        response = classify_images.sync_detailed(client=anonymous(client), body=body)
        check_problem(response, 401, "unauthorized", "API key is required")
        # Health and metrics stay open.
        check_liveness(liveness.sync_detailed(client=client))
        check_readiness(readiness.sync_detailed(client=client))
        check_metrics(metrics.sync_detailed(client=client))


def test_bearer_token_with_authenticated_client(secured_url: str) -> None:
    with AuthenticatedClient(
        base_url=secured_url, token=KEY, prefix="Bearer", raise_on_unexpected_status=True
    ) as client:
        check_model_list(list_models.sync_detailed(client=client))
        check_model(get_model.sync_detailed("digits", client=client))
        body, truth = digit_request()
        check_classification(classify_images.sync_detailed(client=client, body=body), truth, "3")
    with AuthenticatedClient(
        base_url=secured_url, token="wrong", raise_on_unexpected_status=True
    ) as wrong:
        check_problem(list_models.sync_detailed(client=wrong), 401, "unauthorized", "not valid")


def test_x_api_key_header(secured_url: str) -> None:
    with new_client(secured_url, headers={"X-API-Key": KEY}) as client:
        # No cast here on purpose: mypy flags this ignore as unused once the generator accepts
        # a plain Client for operations whose security is optional (openapi-python-client #1372).
        check_model_list(list_models.sync_detailed(client=client))  # type: ignore[arg-type]
    # The type-clean spelling of the same header.
    with AuthenticatedClient(
        base_url=secured_url,
        token=KEY,
        prefix="",
        auth_header_name="X-API-Key",
        raise_on_unexpected_status=True,
    ) as keyed:
        check_model(get_model.sync_detailed("digits", client=keyed))
    with new_client(secured_url, headers={"X-API-Key": "wrong"}) as client:
        response = get_model.sync_detailed("digits", client=anonymous(client))
        check_problem(response, 401, "unauthorized", "not valid")


@pytest.mark.anyio
async def test_keys_async(secured_url: str) -> None:
    async with AuthenticatedClient(
        base_url=secured_url, token=KEY, raise_on_unexpected_status=True, timeout=TIMEOUT
    ) as client:
        body, truth = digit_request()
        check_classification(
            await classify_images.asyncio_detailed(client=client, body=body), truth, "3"
        )
        check_model(await get_model.asyncio_detailed("digits", client=client))
    async with new_client(secured_url) as anonymous_client:
        response = await list_models.asyncio_detailed(client=anonymous(anonymous_client))
        check_problem(response, 401, "unauthorized")


# --- every documented status of every operation parses (no server needed) -----------------------

Call = Callable[[AuthenticatedClient], Response[Any]]
CALLS: dict[str, Call] = {
    "liveness": lambda c: liveness.sync_detailed(client=c),
    "readiness": lambda c: readiness.sync_detailed(client=c),
    "metrics": lambda c: metrics.sync_detailed(client=c),
    "list_models": lambda c: list_models.sync_detailed(client=c),
    "get_model": lambda c: get_model.sync_detailed("digits", client=c),
    "classify_images": lambda c: classify_images.sync_detailed(
        client=c, body=ImageClassificationRequest(images=[ImageInput(data="AA==")])
    ),
    "classify_uploads": lambda c: classify_uploads.sync_detailed(
        client=c, body=BodyClassifyUploads(files=[File(payload=io.BytesIO(b"x"))])
    ),
    "v2_infer": lambda c: v2_infer.sync_detailed("digits", client=c, body=v2_request()[0]),
    "v2_infer_version": lambda c: v2_infer_version.sync_detailed(
        "digits", "1", client=c, body=v2_request()[0]
    ),
    "create_embeddings": lambda c: create_embeddings.sync_detailed(
        client=c, body=embeddings_request()
    ),
    "classify_texts": lambda c: classify_texts.sync_detailed(client=c, body=texts_request()),
    "v2_model_metadata": lambda c: v2_model_metadata.sync_detailed("digits", client=c),
    "v2_model_version_metadata": lambda c: v2_model_version_metadata.sync_detailed(
        "digits", "1", client=c
    ),
    "list_predictions": lambda c: list_predictions.sync_detailed(client=c, model="digits"),
    "prediction_stats": lambda c: prediction_stats.sync_detailed(client=c),
    "get_prediction": lambda c: get_prediction.sync_detailed("some-request", client=c),
    "v2_model_ready": lambda c: v2_model_ready.sync_detailed("digits", client=c),
    "v2_model_version_ready": lambda c: v2_model_version_ready.sync_detailed(
        "digits", "1", client=c
    ),
    "v2_server_live": lambda c: v2_server_live.sync_detailed(client=c),
    "v2_server_ready": lambda c: v2_server_ready.sync_detailed(client=c),
    "v2_server_metadata": lambda c: v2_server_metadata.sync_detailed(client=c),
    "list_problem_types": lambda c: list_problem_types.sync_detailed(client=c),
    "get_problem_type": lambda c: get_problem_type.sync_detailed("invalid-input", client=c),
}

#: The problem body each documented problem schema has (its `error` member, if any).
PROBLEMS: dict[str, tuple[type[Any], dict[str, Any]]] = {
    "Problem": (Problem, {}),
    "OpenInferenceProblem": (OpenInferenceProblem, {"error": "d"}),
    "OpenAIProblem": (
        OpenAIProblem,
        {"error": {"message": "d", "type": "invalid_request_error", "param": None, "code": "x"}},
    ),
}


def documented_statuses(minimum: int = 0) -> list[tuple[str, int, str, str]]:
    """(operation, status, media type, schema name) of every documented answer."""
    document = json.loads(OPENAPI.read_text())
    cases = []
    for operations in document["paths"].values():
        for operation in operations.values():
            for status, answer in operation["responses"].items():
                content = answer.get("content", {"application/json": {}})
                media_type = next(iter(content))
                schema = content[media_type].get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
                if int(status) >= minimum:
                    cases.append((operation["operationId"], int(status), media_type, schema))
    return cases


def test_every_operation_has_a_call() -> None:
    assert {operation for operation, _, _, _ in documented_statuses()} == set(CALLS)


@pytest.mark.parametrize(("operation", "status", "media_type", "schema"), documented_statuses(400))
def test_documented_statuses_never_raise_and_errors_parse_as_problem(
    operation: str, status: int, media_type: str, schema: str
) -> None:
    problem_class, member = PROBLEMS.get(schema, (Problem, {}))
    problem = {
        **member,
        "type": "/problems/x",
        "title": "X",
        "status": status,
        "detail": "d",
        "instance": "/",
        "request_id": "r",
        "errors": [{"loc": ["body", "images", 0], "msg": "m"}],
    }
    readiness_body = {"status": "not_ready", "triton": "unreachable", "reason": "down"}

    def answer(request: httpx.Request) -> httpx.Response:
        if media_type == "application/problem+json":
            return httpx.Response(status, json=problem, headers={"content-type": media_type})
        if operation == "readiness":
            return httpx.Response(status, json=readiness_body)
        return httpx.Response(status, content=b"{}", headers={"content-type": media_type})

    url = "http://gateway.test"
    client = AuthenticatedClient(base_url=url, token="t", raise_on_unexpected_status=True)
    client.set_httpx_client(httpx.Client(base_url=url, transport=httpx.MockTransport(answer)))
    response = CALLS[operation](client)
    assert response.status_code == status
    if media_type == "application/problem+json":
        assert isinstance(response.parsed, problem_class)
        assert isinstance(response.parsed.errors, list)
        assert response.parsed.errors[0].loc == ["body", "images", 0]
    else:
        assert isinstance(response.parsed, Readiness)
