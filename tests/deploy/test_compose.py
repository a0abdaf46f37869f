"""compose.yaml and its GPU overlay: docker compose v2 and the compose-spec schema accept them, and
they keep the deployment's rules (health checks, one host port each, a GPU only in the overlay,
pinned images, services found by name)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.deploy.validators import ROOT, compose_binary, describe, run, tool

BASE = ("compose.yaml",)
GPU = ("compose.yaml", "compose.gpu.yaml")
STACKS = {"base": BASE, "base+gpu": GPU}
SERVICES = {"triton", "gateway", "ui", "postgres"}
PUBLISHED = {"gateway", "ui"}  # what a user opens; Triton and PostgreSQL stay internal


def compose(files: tuple[str, ...], *args: str, cwd: Path = ROOT) -> Any:
    """``docker-compose -f ... <args>``, run by the real compose v2 binary."""
    command: list[str | Path] = [compose_binary()]
    for file in files:
        command += ["-f", file]
    return run([*command, *args], cwd=cwd)


def resolved(files: tuple[str, ...]) -> dict[str, Any]:
    """The configuration as docker compose resolves it (interpolated, normalised), as JSON."""
    completed = compose(files, "config", "--format", "json")
    assert completed.returncode == 0, describe(completed)
    config: dict[str, Any] = json.loads(completed.stdout)
    return config


def image_is_pinned(image: str) -> bool:
    """``name:tag`` with a tag other than ``latest``, or an image pinned by digest."""
    if "@sha256:" in image:
        return True
    name_tag = image.rsplit("/", 1)[-1]
    return ":" in name_tag and name_tag.rsplit(":", 1)[1] not in ("", "latest")


@pytest.mark.parametrize("files", STACKS.values(), ids=STACKS.keys())
def test_docker_compose_accepts_the_stack(files: tuple[str, ...]) -> None:
    completed = compose(files, "config", "--quiet")
    assert completed.returncode == 0, describe(completed)


def test_the_compose_spec_schema_accepts_both_files() -> None:
    completed = run([tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", *GPU])
    assert completed.returncode == 0, describe(completed)


TYPOS = {
    # (file, text, misspelt, what compose's message names): a key compose does not know, a
    # depends_on condition, a key of the GPU reservation
    "unknown service key": ("compose.yaml", "    healthcheck:", "    healthchek:", "healthchek"),
    "bad condition": ("compose.yaml", "service_healthy", "service_healty", "condition"),
    "overlay key": ("compose.gpu.yaml", "reservations:", "reservation:", "reservation"),
}


@pytest.mark.parametrize(("file", "text", "typo", "named"), TYPOS.values(), ids=TYPOS.keys())
def test_both_validators_fail_on_a_typo(
    tmp_path: Path, file: str, text: str, typo: str, named: str
) -> None:
    for name in GPU:
        shutil.copy(ROOT / name, tmp_path / name)
    assert compose(GPU, "config", "--quiet", cwd=tmp_path).returncode == 0  # the copy is valid
    path = tmp_path / file
    path.write_text(path.read_text(encoding="utf-8").replace(text, typo, 1), encoding="utf-8")

    completed = compose(GPU, "config", "--quiet", cwd=tmp_path)
    assert completed.returncode != 0, describe(completed)
    assert named in completed.stderr
    schema = run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", path], cwd=tmp_path
    )
    assert schema.returncode != 0, describe(schema)


def test_an_undefined_dependency_fails_docker_compose(tmp_path: Path) -> None:
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    (tmp_path / "compose.yaml").write_text(text.replace("      postgres:\n", "      postgre:\n"))
    completed = compose(BASE, "config", "--quiet", cwd=tmp_path)
    assert completed.returncode != 0, describe(completed)
    assert "postgre" in completed.stderr


@pytest.mark.parametrize("files", STACKS.values(), ids=STACKS.keys())
def test_every_service_has_a_healthcheck(files: tuple[str, ...]) -> None:
    services = resolved(files)["services"]
    assert set(services) == SERVICES
    for name, service in services.items():
        check = service.get("healthcheck", {})
        assert check.get("test"), f"{name} has no healthcheck"
        assert not check.get("disable"), f"{name}'s healthcheck is disabled"


def test_the_healthchecks_probe_what_the_issue_names() -> None:
    services = resolved(BASE)["services"]
    probes = {name: " ".join(s["healthcheck"]["test"]) for name, s in services.items()}
    assert "127.0.0.1:8000/v2/health/ready" in probes["triton"]
    assert "127.0.0.1:8080/readyz" in probes["gateway"]
    assert "127.0.0.1:8501/_stcore/health" in probes["ui"]
    assert "pg_isready" in probes["postgres"]


@pytest.mark.parametrize("files", STACKS.values(), ids=STACKS.keys())
def test_host_ports_are_unique_and_only_what_users_open(files: tuple[str, ...]) -> None:
    services = resolved(files)["services"]
    published = [
        (name, str(port["published"]))
        for name, service in services.items()
        for port in service.get("ports", [])
    ]
    ports = [port for _, port in published]
    assert len(ports) == len(set(ports)), f"a host port is published twice: {published}"
    assert {name for name, _ in published} == PUBLISHED


def test_dependencies_wait_for_health() -> None:
    services = resolved(BASE)["services"]
    assert set(services["gateway"]["depends_on"]) == {"triton", "postgres"}
    assert set(services["ui"]["depends_on"]) == {"gateway"}
    for name, service in services.items():
        for dependency, how in service.get("depends_on", {}).items():
            assert how["condition"] == "service_healthy", f"{name} -> {dependency}"


def test_only_the_gpu_overlay_reserves_a_gpu_and_selects_the_gpu_configuration() -> None:
    base, gpu = resolved(BASE)["services"], resolved(GPU)["services"]
    for name, service in base.items():
        assert "devices" not in service.get("deploy", {}).get("resources", {}).get(
            "reservations", {}
        ), name
    devices = gpu["triton"]["deploy"]["resources"]["reservations"]["devices"]
    assert any(d["driver"] == "nvidia" and "gpu" in d["capabilities"] for d in devices)
    assert "--model-config-name=gpu" in gpu["triton"]["command"]
    assert not any(arg.startswith("--model-config-name") for arg in base["triton"]["command"])


@pytest.mark.parametrize("files", STACKS.values(), ids=STACKS.keys())
def test_images_are_pinned(files: tuple[str, ...]) -> None:
    for name, service in resolved(files)["services"].items():
        assert image_is_pinned(service["image"]), f"{name}: {service['image']} is not pinned"


@pytest.mark.parametrize(
    ("image", "pinned"),
    [
        ("postgres:17.6-bookworm", True),
        ("registry.local:5000/inferstack/ui:0.1.0", True),
        ("python@sha256:" + "0" * 64, True),
        ("postgres", False),
        ("postgres:latest", False),
        ("registry.local:5000/inferstack/ui", False),
    ],
)
def test_image_is_pinned(image: str, pinned: bool) -> None:
    assert image_is_pinned(image) is pinned


def test_the_model_repository_is_mounted_read_only() -> None:
    triton = resolved(BASE)["services"]["triton"]
    mounts = [m for m in triton["volumes"] if m["target"] == "/models"]
    assert len(mounts) == 1
    assert mounts[0]["source"] == str(ROOT / "model_repository")
    assert mounts[0]["read_only"] is True
    assert "--model-repository=/models" in triton["command"]


def test_services_find_each_other_by_name_through_the_settings() -> None:
    services = resolved(BASE)["services"]
    triton_grpc = next(
        arg.split("=", 1)[1] for arg in services["triton"]["command"] if "--grpc-port=" in arg
    )
    assert services["gateway"]["environment"]["GATEWAY_TRITON_URL"] == f"triton:{triton_grpc}"
    ui_target = urlsplit(services["ui"]["environment"]["UI_GATEWAY_URL"])
    gateway_port = services["gateway"]["ports"][0]["target"]
    assert (ui_target.hostname, ui_target.port) == ("gateway", gateway_port)
    database = urlsplit(services["gateway"]["environment"]["GATEWAY_DATABASE_URL"])
    assert (database.scheme, database.hostname) == ("postgresql+asyncpg", "postgres")


def test_api_keys_come_from_an_uncommitted_env_file_with_a_committed_example() -> None:
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert "GATEWAY_API_KEYS: ${INFERSTACK_API_KEYS:-}" in text
    assert "UI_API_KEY: ${INFERSTACK_UI_API_KEY:-}" in text
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "INFERSTACK_API_KEYS=\n" in example  # the example holds no key
    assert run(["git", "check-ignore", "--quiet", ".env"]).returncode == 0
    assert run(["git", "check-ignore", "--quiet", ".env.example"]).returncode == 1
