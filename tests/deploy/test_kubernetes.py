"""deploy/k8s: each overlay renders with kustomize, Kubernetes' schemas accept the result, KServe's
CRD schemas accept the InferenceService and ServingRuntime, and the manifests keep the design's
rules (Triton behind a headless Service dialled with round_robin, the gateway scaled on CPU,
Triton on KServe's autoscaler and not on CPU, a GPU only in the gpu overlay)."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy import kserve
from tests.deploy.validators import ROOT, describe, kubectl, run, tool

K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("cpu", "gpu")
NAMESPACE = "inferstack"
Doc = dict[str, Any]


def render(directory: Path) -> str:
    """``kubectl kustomize directory`` (skips the test where kubectl is missing)."""
    completed = run([kubectl(), "kustomize", directory])
    assert completed.returncode == 0, describe(completed)
    return completed.stdout


@cache
def rendered(overlay: str) -> str:
    return render(K8S / "overlays" / overlay)


def documents(overlay: str) -> list[Doc]:
    return [doc for doc in yaml.safe_load_all(rendered(overlay)) if doc]


def find(docs: list[Doc], kind: str, name: str | None = None) -> Doc:
    """The one document of ``kind`` (named ``name``; a generated name may carry a suffix)."""
    found = [
        d
        for d in docs
        if d["kind"] == kind and (name is None or d["metadata"]["name"].startswith(name))
    ]
    assert len(found) == 1, f"{len(found)} {kind} named {name}"
    return found[0]


def validate(path: Path) -> Any:
    return run([tool("kubernetes-validate"), "--strict", path])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kubernetes_validate_accepts_the_overlay(overlay: str, tmp_path: Path) -> None:
    manifest = tmp_path / f"{overlay}.yaml"
    manifest.write_text(rendered(overlay), encoding="utf-8")
    completed = validate(manifest)
    assert completed.returncode == 0, describe(completed)
    output = completed.stdout + completed.stderr
    assert "ERROR" not in output
    # It knows every built-in kind here: only KServe's kinds go unchecked by it (see below).
    unchecked = {
        line.split("kind ")[1].split(" ")[0] for line in output.splitlines() if "WARN" in line
    }
    assert unchecked <= set(kserve.CRD_FILES)


def test_the_loader_pod_is_valid() -> None:
    completed = validate(K8S / "tools" / "model-repository-loader.yaml")
    assert completed.returncode == 0, describe(completed)


def copy_of_k8s(tmp_path: Path, file: str, text: str, typo: str) -> Path:
    """A copy of deploy/k8s whose ``file`` has ``text`` replaced by ``typo``."""
    target = tmp_path / "k8s"
    shutil.copytree(K8S, target)
    path = target / file
    source = path.read_text(encoding="utf-8")
    assert text in source
    path.write_text(source.replace(text, typo, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("file", "text", "typo"),
    [
        ("base/gateway-deployment.yaml", "readinessProbe:", "readinesProbe:"),
        ("base/gateway-hpa.yaml", "averageUtilization: 70", 'averageUtilization: "seventy"'),
    ],
    ids=["misspelt field", "wrong type"],
)
def test_kubernetes_validate_fails_on_a_typo(
    tmp_path: Path, file: str, text: str, typo: str
) -> None:
    broken = copy_of_k8s(tmp_path, file, text, typo)
    manifest = tmp_path / "cpu.yaml"
    manifest.write_text(render(broken / "overlays" / "cpu"), encoding="utf-8")
    completed = validate(manifest)
    assert completed.returncode != 0, describe(completed)


def test_kustomize_fails_on_a_missing_resource(tmp_path: Path) -> None:
    broken = copy_of_k8s(tmp_path, "base/kustomization.yaml", "ui-service.yaml", "ui-svc.yaml")
    completed = run([kubectl(), "kustomize", broken / "overlays" / "gpu"])
    assert completed.returncode != 0, describe(completed)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kserve_resources_match_kserves_crds(overlay: str) -> None:
    resources = list(kserve.kserve_resources(documents(overlay)))
    assert sorted(r["kind"] for r in resources) == ["InferenceService", "ServingRuntime"]
    for resource in resources:
        assert kserve.errors(resource) == [], resource["kind"]
        assert kserve.protocol_errors(resource) == [], resource["kind"]


def inference_service(docs: list[Doc]) -> Doc:
    return find(docs, "InferenceService", "triton")


def serving_runtime(docs: list[Doc]) -> Doc:
    return find(docs, "ServingRuntime", "inferstack-triton")


def _rename_storage_uri(docs: list[Doc]) -> Doc:
    isvc = copy.deepcopy(inference_service(docs))
    model = isvc["spec"]["predictor"]["model"]
    model["storageURI"] = model.pop("storageUri")
    return isvc


def _rename_formats(docs: list[Doc]) -> Doc:
    runtime = copy.deepcopy(serving_runtime(docs))
    runtime["spec"]["supportedModelFormat"] = runtime["spec"].pop("supportedModelFormats")
    return runtime


def _misspell_probe(docs: list[Doc]) -> Doc:
    runtime = copy.deepcopy(serving_runtime(docs))
    container = runtime["spec"]["containers"][0]
    container["readinessprobe"] = container.pop("readinessProbe")
    return runtime


def _wrong_type(docs: list[Doc]) -> Doc:
    isvc = copy.deepcopy(inference_service(docs))
    isvc["spec"]["predictor"]["minReplicas"] = "one"
    return isvc


def _unknown_metric(docs: list[Doc]) -> Doc:
    isvc = copy.deepcopy(inference_service(docs))
    isvc["spec"]["predictor"]["autoScaling"]["metrics"][0]["type"] = "Concurrency"
    return isvc


TYPOS: dict[str, Callable[[list[Doc]], Doc]] = {
    "storageURI": _rename_storage_uri,
    "supportedModelFormat": _rename_formats,
    "readinessprobe": _misspell_probe,
    "minReplicas": _wrong_type,
    "Concurrency": _unknown_metric,
}


@pytest.mark.parametrize("typo", TYPOS)
def test_the_crd_validation_fails_on_a_typo(typo: str) -> None:
    broken = TYPOS[typo](documents("gpu"))
    found = kserve.errors(broken)
    assert found, f"{typo} was accepted"
    assert any(typo in line for line in found), found


def test_the_protocol_check_fails_on_an_unknown_protocol() -> None:
    isvc = copy.deepcopy(inference_service(documents("cpu")))
    isvc["spec"]["predictor"]["model"]["protocolVersion"] = "grpc-v3"
    assert kserve.errors(isvc) == []  # free text for the CRD...
    assert kserve.protocol_errors(isvc) == [  # ...not for us
        "spec/predictor/model/protocolVersion: unknown protocol 'grpc-v3'"
    ]


def test_closing_keeps_open_what_kubernetes_keeps_open() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {"type": "object", "properties": {"b": {"type": "string"}}},
            "free": {
                "type": "object",
                "x-kubernetes-preserve-unknown-fields": True,
                "properties": {},
            },
            "map": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }
    closed = kserve.close(schema)
    assert closed["additionalProperties"] is False
    assert closed["properties"]["a"]["additionalProperties"] is False
    assert "additionalProperties" not in closed["properties"]["free"]
    assert closed["properties"]["map"]["additionalProperties"] == {"type": "string"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_triton_is_our_runtime_on_grpc_v2_with_a_model_repository(overlay: str) -> None:
    docs = documents(overlay)
    isvc, runtime = inference_service(docs), serving_runtime(docs)
    model = isvc["spec"]["predictor"]["model"]
    assert model["runtime"] == runtime["metadata"]["name"]
    assert model["protocolVersion"] == "grpc-v2"
    assert "grpc-v2" in runtime["spec"]["protocolVersions"]
    formats = [(f["name"], f.get("version")) for f in runtime["spec"]["supportedModelFormats"]]
    assert (model["modelFormat"]["name"], model["modelFormat"].get("version")) in formats
    assert model["storageUri"].startswith(("pvc://", "s3://", "gs://"))
    (container,) = runtime["spec"]["containers"]
    assert container["image"].startswith("inferstack/triton:")
    assert "--model-repository=/mnt/models" in container["args"]  # where KServe puts storageUri
    assert model["resources"]["requests"]
    assert model["resources"]["limits"]
    pvc = model["storageUri"].removeprefix("pvc://").split("/")[0]
    if model["storageUri"].startswith("pvc://"):
        find(docs, "PersistentVolumeClaim", pvc)


def grpc_port(runtime: Doc) -> int:
    (container,) = runtime["spec"]["containers"]
    return int(next(a for a in container["args"] if a.startswith("--grpc-port=")).split("=")[1])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_predictor_exposes_one_grpc_port(overlay: str) -> None:
    docs = documents(overlay)
    ports = inference_service(docs)["spec"]["predictor"]["model"]["ports"]
    assert ports == [
        {"name": "h2c", "containerPort": grpc_port(serving_runtime(docs)), "protocol": "TCP"}
    ]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_gateway_dials_every_triton_pod_with_round_robin(overlay: str) -> None:
    docs = documents(overlay)
    isvc, runtime = inference_service(docs), serving_runtime(docs)
    settings = find(docs, "ConfigMap", "gateway-settings")["data"]
    assert settings["GATEWAY_TRITON_LB_POLICY"] == "round_robin"
    target = settings["GATEWAY_TRITON_URL"]
    assert target.startswith("dns:///")
    host, _, port = target.removeprefix("dns:///").rpartition(":")
    service = find(docs, "Service", host)
    assert service["metadata"]["name"] == host
    assert service["spec"]["clusterIP"] == "None"  # headless: one address per pod
    # The pods KServe makes for the predictor carry these labels (predictor.go at v0.20.0).
    assert service["spec"]["selector"] == {
        "serving.kserve.io/inferenceservice": isvc["metadata"]["name"],
        "component": "predictor",
    }
    (service_port,) = service["spec"]["ports"]
    assert int(port) == service_port["port"] == service_port["targetPort"] == grpc_port(runtime)
    deployment = find(docs, "Deployment", "gateway")
    env_from = deployment["spec"]["template"]["spec"]["containers"][0]["envFrom"]
    assert {
        "configMapRef": {"name": find(docs, "ConfigMap", "gateway-settings")["metadata"]["name"]}
    } in env_from


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_gateway_is_probed_scaled_on_cpu_and_kept_available(overlay: str) -> None:
    docs = documents(overlay)
    deployment = find(docs, "Deployment", "gateway")
    assert "replicas" not in deployment["spec"], "the HorizontalPodAutoscaler owns the count"
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["resources"]["requests"]["cpu"]
    labels = deployment["spec"]["selector"]["matchLabels"]
    hpa = find(docs, "HorizontalPodAutoscaler", "gateway")
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "gateway",
    }
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
    assert hpa["spec"]["minReplicas"] >= 2
    pdb = find(docs, "PodDisruptionBudget", "gateway")
    assert pdb["spec"]["selector"]["matchLabels"] == labels
    service = find(docs, "Service", "gateway")
    assert service["spec"]["selector"] == labels


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_api_keys_come_from_an_example_secret(overlay: str) -> None:
    docs = documents(overlay)
    secret = find(docs, "Secret", "gateway-api-keys")
    assert all("example" in value for value in secret["stringData"].values()), "no real key"
    env = {
        (e["name"], e["valueFrom"]["secretKeyRef"]["name"])
        for kind in ("gateway", "ui")
        for e in find(docs, "Deployment", kind)["spec"]["template"]["spec"]["containers"][0]["env"]
        if "valueFrom" in e
    }
    assert env == {("GATEWAY_API_KEYS", "gateway-api-keys"), ("UI_API_KEY", "gateway-api-keys")}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_ui_talks_to_the_gateway_service(overlay: str) -> None:
    docs = documents(overlay)
    deployment = find(docs, "Deployment", "ui")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    gateway = find(docs, "Service", "gateway")
    assert env["UI_GATEWAY_URL"] == f"http://gateway:{gateway['spec']['ports'][0]['port']}"
    assert container["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    assert (
        find(docs, "Service", "ui")["spec"]["selector"]
        == deployment["spec"]["selector"]["matchLabels"]
    )


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_triton_scales_through_kserve_on_its_queue_not_on_cpu(overlay: str) -> None:
    docs = documents(overlay)
    isvc = inference_service(docs)
    annotations = isvc["metadata"]["annotations"]
    assert annotations["serving.kserve.io/deploymentMode"] == "Standard"
    assert annotations["serving.kserve.io/autoscalerClass"] == "keda"
    predictor = isvc["spec"]["predictor"]
    assert predictor["maxReplicas"] > predictor["minReplicas"] >= 1
    (metric,) = predictor["autoScaling"]["metrics"]
    assert metric["type"] == "External"
    assert "nv_inference_pending_request_count" in metric["external"]["metric"]["query"]
    assert "scaleMetric" not in predictor
    hpas = [d for d in docs if d["kind"] == "HorizontalPodAutoscaler"]
    assert [h["spec"]["scaleTargetRef"]["name"] for h in hpas] == ["gateway"]


def test_only_the_gpu_overlay_asks_for_a_gpu_and_the_gpu_configuration() -> None:
    for overlay, gpu in (("cpu", False), ("gpu", True)):
        docs = documents(overlay)
        resources = inference_service(docs)["spec"]["predictor"]["model"]["resources"]
        args = serving_runtime(docs)["spec"]["containers"][0]["args"]
        assert ("nvidia.com/gpu" in resources["limits"]) is gpu, overlay
        assert ("--model-config-name=gpu" in args) is gpu, overlay
        others = [d for d in docs if d["kind"] in ("Deployment", "Pod")]
        assert "nvidia.com/gpu" not in yaml.safe_dump(others), overlay


def images(docs: list[Doc]) -> list[str]:
    """Every container image the documents name."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("containers", "initContainers") and isinstance(value, list):
                    found.extend(c["image"] for c in value if "image" in c)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(docs)
    return found


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_images_are_pinned(overlay: str) -> None:
    docs = documents(overlay)
    loader = yaml.safe_load((K8S / "tools" / "model-repository-loader.yaml").read_text())
    found = images([*docs, loader])
    assert len(found) == 4
    for image in found:
        tag = image.rsplit("/", 1)[-1].partition(":")[2]
        assert tag, f"{image} has no tag"
        assert tag != "latest", f"{image} is not pinned"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_everything_lands_in_one_namespace(overlay: str) -> None:
    docs = documents(overlay)
    find(docs, "Namespace", NAMESPACE)
    for doc in docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == NAMESPACE, doc["metadata"]["name"]
