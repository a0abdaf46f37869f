"""The catalog is a snapshot: requests only read it, unknown names never reach Triton, and a
background refresh picks up what Triton loads while the gateway runs (all with the real Triton)."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from inferstack_gateway.app import create_app
from inferstack_gateway.errors import TritonUnavailable
from inferstack_gateway.settings import GatewaySettings
from inferstack_gateway.triton import (
    InferOptions,
    InputTensor,
    ModelConfig,
    ModelMetadata,
    OutputTensor,
    RepositoryEntry,
)
from inferstack_gateway.triton.grpc_backend import TritonGrpcBackend
from inferstack_tools.launcher.triton import TritonServer, TritonSettings
from tests.conftest import MODEL_REPOSITORY, triton_settings
from tests.digit_images import b64, held_out, render
from tests.gateway.problems import assert_problem
from tests.polling import poll

IMAGE = b64(render(held_out().images[0]))


class CountingBackend:
    """The real gRPC backend, counting every call by method (a spy, not a fake)."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._real: TritonGrpcBackend | None = None
        self.calls: Counter[str] = Counter()

    def _backend(self, method: str) -> TritonGrpcBackend:
        self.calls[method] += 1
        if self._real is None:  # made on the app's event loop, as its channel must be
            self._real = TritonGrpcBackend(self._url, infer_timeout_s=10, control_timeout_s=2)
        return self._real

    @property
    def url(self) -> str:
        return self._url

    async def close(self) -> None:
        if self._real is not None:
            await self._real.close()

    async def is_ready(self) -> bool:
        return await self._backend("is_ready").is_ready()

    async def repository_index(self) -> list[RepositoryEntry]:
        return await self._backend("repository_index").repository_index()

    async def model_config(self, model: str) -> ModelConfig:
        return await self._backend("model_config").model_config(model)

    async def model_metadata(self, model: str, version: str = "") -> ModelMetadata:
        return await self._backend("model_metadata").model_metadata(model, version)

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
        backend = self._backend("infer")
        return await backend.infer(
            model,
            version,
            inputs,
            outputs,
            request_id=request_id,
            timeout_s=timeout_s,
            offload=offload,
            options=options,
        )


class UnreadableConfigBackend(CountingBackend):
    """The real backend, whose model configuration calls fail while `failing` is set: a catalog
    that cannot load while Triton itself is ready, which the real Triton gives only by chance
    (a start-up load past its deadline on a busy machine)."""

    failing = True

    async def model_config(self, model: str) -> ModelConfig:
        if self.failing:
            self.calls["model_config"] += 1
            raise TritonUnavailable("model configuration unreadable")
        return await super().model_config(model)


def test_the_gateway_is_not_ready_until_its_catalog_is_loaded(triton: TritonServer) -> None:
    backend = UnreadableConfigBackend(triton.grpc_url)
    settings = GatewaySettings(triton_url=triton.grpc_url, catalog_refresh_s=600)
    with TestClient(create_app(settings, backend=backend)) as gateway:
        ready = gateway.get("/readyz")
        assert ready.status_code == 503, ready.text
        assert ready.headers["retry-after"]
        body = ready.json()
        assert (body["status"], body["triton"]) == ("not_ready", "ready")
        assert "model configuration unreadable" in body["reason"]
        assert_problem(gateway.get("/v2/health/ready"), 503, "triton-unavailable")
        early = gateway.post("/v1/image-classification", json={"images": [{"data": IMAGE}]})
        assert_problem(early, 503, "triton-unavailable")

        backend.failing = False  # the background retry loads it
        assert poll(lambda: gateway.get("/readyz").status_code, lambda code: code == 200, 30) == 200
        assert gateway.get("/v2/health/ready").status_code == 200
        late = gateway.post("/v1/image-classification", json={"images": [{"data": IMAGE}]})
        assert late.status_code == 200, late.text


def test_unknown_model_names_never_reach_triton(triton: TritonServer) -> None:
    backend = CountingBackend(triton.grpc_url)
    settings = GatewaySettings(triton_url=triton.grpc_url, catalog_refresh_s=600)
    with TestClient(create_app(settings, backend=backend)) as gateway:
        loaded = dict(backend.calls)
        assert loaded == {"repository_index": 1, "model_config": 2}, "one load at start-up"
        for i in range(100):
            response = gateway.post(
                "/v1/image-classification",
                json={"model": f"made-up-{i}", "images": [{"data": IMAGE}]},
            )
            assert_problem(response, 404, "model-not-found")
        assert gateway.get("/v1/models/nope").status_code == 404
        assert gateway.post("/v2/models/nope/infer", json={"inputs": []}).status_code in (404, 422)
        assert dict(backend.calls) == loaded, "no unknown name made a call to Triton"
        good = gateway.post("/v1/image-classification", json={"images": [{"data": IMAGE}]})
        assert good.status_code == 200
        assert backend.calls["infer"] == 1
        assert backend.calls["repository_index"] == 1, "a served model needs no reload either"


@pytest.fixture
def polled_triton(tmp_path: Path) -> Iterator[tuple[TritonServer, Path]]:
    """A Triton polling its own repository (digits version 1 only), so versions can be added."""
    repository = tmp_path / "repository"
    shutil.copytree(
        MODEL_REPOSITORY / "digits",
        repository / "digits",
        ignore=shutil.ignore_patterns("2", "3", "__pycache__"),
    )
    base = triton_settings(tmp_path / "work", repository)
    settings = TritonSettings(
        **{**base.model_dump(), "model_control_mode": "poll", "repository_poll_s": 1}
    )
    with TritonServer(settings) as server:
        yield server, repository


def _versions(gateway: TestClient) -> list[tuple[str, bool]]:
    info = gateway.get("/v1/models/digits").json()
    return [(v["version"], v["ready"]) for v in info["versions"]]


def test_the_catalog_picks_up_a_version_loaded_while_the_gateway_runs(
    polled_triton: tuple[TritonServer, Path],
) -> None:
    server, repository = polled_triton
    settings = GatewaySettings(triton_url=server.grpc_url, catalog_refresh_s=0.2)
    with TestClient(create_app(settings)) as gateway:
        assert _versions(gateway) == [("1", True)]
        pinned = {"images": [{"data": IMAGE}], "version": "2"}
        assert_problem(
            gateway.post("/v1/image-classification", json=pinned), 404, "version-not-found"
        )

        shutil.copytree(MODEL_REPOSITORY / "digits" / "2", repository / "digits" / "2")
        versions = poll(lambda: _versions(gateway), lambda v: ("2", True) in v, 60)
        assert versions == [("1", True), ("2", True)]

        answer = gateway.post("/v1/image-classification", json=pinned)
        assert answer.status_code == 200, answer.text
        assert answer.json()["version"] == "2"
        default = gateway.post("/v1/image-classification", json={"images": [{"data": IMAGE}]})
        assert default.json()["version"] == "2", "the latest ready version is the default"


@pytest.fixture
def misdeclared_triton(tmp_path: Path) -> Iterator[TritonServer]:
    """A Triton serving digits v1 and v3, v3's geometry misdeclared (a normalisation the
    processor does not know)."""
    repository = tmp_path / "repository"
    shutil.copytree(
        MODEL_REPOSITORY / "digits",
        repository / "digits",
        ignore=shutil.ignore_patterns("2", "__pycache__"),
    )
    config = repository / "digits" / "config.pbtxt"
    text = config.read_text()
    declared = 'key: "image.v3.normalisation"\n  value: { string_value: "mnist" }'
    assert declared in text
    config.write_text(text.replace(declared, declared.replace('"mnist"', '"sobel"')))
    with TritonServer(triton_settings(tmp_path / "work", repository)) as server:
        yield server


def test_the_catalog_resolves_each_versions_geometry_once(triton: TritonServer) -> None:
    backend = CountingBackend(triton.grpc_url)
    settings = GatewaySettings(triton_url=triton.grpc_url, catalog_refresh_s=600)
    with TestClient(create_app(settings, backend=backend)) as gateway:
        entry = gateway.app.state.gateway.catalog.snapshot.get("digits")  # type: ignore[attr-defined]
        geometries = entry.image_geometries.items()
        assert {v: (g.height, g.width, g.normalisation) for v, g in geometries} == {
            "1": (8, 8, "optdigits"),
            "2": (8, 8, "optdigits"),
            "3": (28, 28, "mnist"),
        }
        assert entry.geometry_problems == {}
        loaded = dict(backend.calls)
        for version in ("1", "2", "3"):
            body = {"images": [{"data": IMAGE}], "version": version, "return_model_input": True}
            answer = gateway.post("/v1/image-classification", json=body)
            assert answer.status_code == 200, answer.text
        assert backend.calls["model_config"] == loaded["model_config"], "no config read per request"


def test_a_version_with_a_geometry_the_processor_cannot_make_is_not_served(
    misdeclared_triton: TritonServer,
) -> None:
    settings = GatewaySettings(triton_url=misdeclared_triton.grpc_url, catalog_refresh_s=600)
    with TestClient(create_app(settings), raise_server_exceptions=False) as gateway:
        info = gateway.get("/v1/models/digits").json()
        assert [(v["version"], v["image_input"]) for v in info["versions"]] == [
            ("1", {"height": 8, "width": 8, "normalisation": "optdigits"}),
            ("3", None),
        ]
        pinned = {"images": [{"data": IMAGE}], "version": "3"}
        problem = assert_problem(gateway.post("/v1/image-classification", json=pinned), 500)
        assert "version '3' of model 'digits' cannot be served" in problem["detail"]
        assert "unknown normalisation 'sobel'" in problem["detail"]
        v1 = gateway.post("/v1/image-classification", json={**pinned, "version": "1"})
        assert v1.status_code == 200, v1.text
