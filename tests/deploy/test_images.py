"""The container images: hadolint accepts the Dockerfiles, the images are built as the design
says (pinned bases, unprivileged users, health checks, only what they need in the build context),
and their pinned requirements match the workspace and what the model runners import."""

from __future__ import annotations

import ast
import fnmatch
import importlib.metadata
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.validators import ROOT, describe, run, tool

DOCKER = ROOT / "deploy" / "docker"
DOCKERFILES = {name: DOCKER / name / "Dockerfile" for name in ("triton", "gateway", "ui")}
REPOSITORY = ROOT / "model_repository"
LOCK = DOCKER / "lock.py"
TRITON_BASE = "nvcr.io/nvidia/tritonserver:24.10-py3"  # Triton 2.51, as nvidia-pytriton 0.7.0
TRITON_PYTHON = (3, 10)  # the Python of that image's Python backend
BACKEND_MODULES = {"triton_python_backend_utils"}  # provided by Triton's Python backend
# Distributions that provide a module under another distribution's name in this environment.
VARIANTS = {"onnxruntime": {"onnxruntime", "onnxruntime-gpu"}}


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str
    arguments: str


def instructions(path: Path) -> list[Instruction]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    found: list[Instruction] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if not pending:
            start = number
        pending.append(line.removesuffix("\\").strip())
        if not line.endswith("\\"):
            keyword, _, arguments = " ".join(pending).partition(" ")
            found.append(Instruction(start, keyword.upper(), arguments.strip()))
            pending = []
    return found


def stages(path: Path) -> list[list[Instruction]]:
    """The instructions of each build stage, in order."""
    result: list[list[Instruction]] = []
    for instruction in instructions(path):
        if instruction.keyword == "FROM":
            result.append([])
        result[-1].append(instruction)
    return result


def copy_sources(path: Path) -> list[str]:
    """What the Dockerfile's COPY instructions take from the build context."""
    sources = []
    for instruction in instructions(path):
        if instruction.keyword != "COPY":
            continue
        words = instruction.arguments.split()
        if any(word.startswith("--from=") for word in words):
            continue
        sources += [word for word in words if not word.startswith("--")][:-1]
    return sources


@pytest.mark.parametrize("name", DOCKERFILES)
def test_hadolint_accepts_the_dockerfile(name: str) -> None:
    completed = run([tool("hadolint"), "--failure-threshold", "warning", DOCKERFILES[name]])
    assert completed.returncode == 0, describe(completed)


@pytest.mark.parametrize(
    ("text", "typo", "named"),
    [
        ("FROM python:3.11.14-slim-bookworm AS build", "FROM python AS build", "DL3006"),
        ("\nUSER ", "\nUSR ", "unexpected"),
        ("\nEXPOSE 8080", "\nEXPOSE 80800", "DL3011"),
    ],
    ids=["untagged base", "misspelt instruction", "port out of range"],
)
def test_hadolint_fails_on_a_typo(tmp_path: Path, text: str, typo: str, named: str) -> None:
    source = DOCKERFILES["gateway"].read_text(encoding="utf-8")
    assert text in source
    broken = tmp_path / "Dockerfile"
    broken.write_text(source.replace(text, typo, 1), encoding="utf-8")
    completed = run([tool("hadolint"), "--failure-threshold", "warning", broken])
    assert completed.returncode != 0, describe(completed)
    assert named in completed.stdout + completed.stderr


@pytest.mark.parametrize("name", DOCKERFILES)
def test_base_images_are_pinned(name: str) -> None:
    aliases: set[str] = set()
    for stage in stages(DOCKERFILES[name]):
        words = stage[0].arguments.split()
        image = words[0]
        if len(words) >= 3 and words[1].upper() == "AS":
            aliases.add(words[2])
        if image in aliases:
            continue
        tag = image.rsplit("/", 1)[-1].partition(":")[2]
        assert tag, f"{name}: base image {image} has no tag"
        assert tag != "latest", f"{name}: base image {image} is not pinned"


def test_the_triton_image_is_the_release_we_run_locally() -> None:
    (stage,) = stages(DOCKERFILES["triton"])
    assert stage[0].arguments == TRITON_BASE


@pytest.mark.parametrize("name", DOCKERFILES)
def test_the_image_runs_unprivileged_with_a_healthcheck(name: str) -> None:
    final = stages(DOCKERFILES[name])[-1]
    users = [i.arguments for i in final if i.keyword == "USER"]
    assert users, f"{name}: the final stage sets no USER"
    assert users[-1].split(":")[0] not in ("root", "0")
    healthchecks = [i.arguments for i in final if i.keyword == "HEALTHCHECK"]
    assert len(healthchecks) == 1
    assert "CMD" in healthchecks[0]


@pytest.mark.parametrize("name", ["gateway", "ui"])
def test_the_python_images_are_slim_and_leave_the_build_tools_behind(name: str) -> None:
    *build, final = stages(DOCKERFILES[name])
    assert build, f"{name}: no build stage"
    assert "slim" in final[0].arguments
    copies = [i.arguments for i in final if i.keyword == "COPY"]
    assert copies == ["--from=build /opt/venv /opt/venv"]
    text = DOCKERFILES[name].read_text(encoding="utf-8")
    assert "--require-hashes -r build-requirements.txt" in text
    assert f"deploy/docker/{name}/requirements.txt" in text


def dockerignore_allows(path: str) -> bool:
    """Whether the root .dockerignore (an allowlist: ``*``, then ``!`` lines) lets ``path`` in."""
    allowed = False
    for raw in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line.removeprefix("!").rstrip("/")
        if pattern == "*" or fnmatch.fnmatch(path, pattern) or path.startswith(pattern + "/"):
            allowed = negated
    return allowed


@pytest.mark.parametrize("name", DOCKERFILES)
def test_the_build_context_holds_what_the_dockerfile_copies(name: str) -> None:
    for source in copy_sources(DOCKERFILES[name]):
        assert (ROOT / source).exists(), f"{name}: COPY {source}: no such path"
        assert dockerignore_allows(source), f"{name}: COPY {source} is excluded by .dockerignore"


def test_the_dockerignore_keeps_out_what_no_image_needs() -> None:
    for path in (".git", ".tools", "tests", "docs", "benchmarks", "tools", ".env", "README.md"):
        assert not dockerignore_allows(path), path
    assert dockerignore_allows("model_repository/minilm/1/model.onnx")
    assert not dockerignore_allows("packages/gateway/src/inferstack_gateway/__pycache__")


def requirements_header(path: Path) -> list[str]:
    """The workspace packages a generated requirements file names (``# workspace: ...``)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# workspace: "):
            return line.removeprefix("# workspace: ").split()
    raise AssertionError(f"{path}: no '# workspace:' line")


@pytest.mark.parametrize("name", ["gateway", "ui"])
def test_the_image_builds_every_workspace_package_it_needs(name: str) -> None:
    needed = requirements_header(DOCKER / name / "requirements.txt")
    folders = {f"packages/{dist.removeprefix('inferstack-')}" for dist in needed}
    copied = {s for s in copy_sources(DOCKERFILES[name]) if s.startswith("packages/")}
    assert copied == folders
    for folder in folders:
        assert (ROOT / folder / "pyproject.toml").is_file(), folder


def test_the_pinned_requirements_are_current() -> None:
    completed = run([sys.executable, LOCK, "--check"])
    assert completed.returncode == 0, describe(completed)


def test_the_requirements_check_fails_when_the_pins_no_longer_fit(tmp_path: Path) -> None:
    copy = tmp_path / "deploy" / "docker"
    shutil.copytree(DOCKER, copy)
    gateway = copy / "gateway" / "requirements.txt"
    text = gateway.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^fastapi==.*$", "fastapi==0.1.0", text)  # out of the gateway's range
    text = re.sub(r"(?m)^pillow==.*\n", "", text)  # a dependency lost
    gateway.write_text(text + "six==1.17.0\n", encoding="utf-8")  # one nobody needs
    triton = copy / "triton" / "requirements.txt"
    triton.write_text(triton.read_text(encoding="utf-8") + "sympy>=1\n", encoding="utf-8")
    completed = run([sys.executable, copy / "lock.py", "--check"], cwd=tmp_path)
    assert completed.returncode == 1, describe(completed)
    problems = {line.removeprefix("out of date: ") for line in completed.stderr.splitlines()}
    gateway_file = "deploy/docker/gateway/requirements.txt"
    assert {
        f"{gateway_file}: fastapi==0.1.0 is outside inferstack-gateway's requirement "
        + next(
            r
            for r in importlib.metadata.requires("inferstack-gateway") or []
            if r.startswith("fastapi")
        ),
        f"{gateway_file}: pillow is required but not pinned",
        f"{gateway_file}: six is pinned but no longer required",
        "deploy/docker/triton/requirements.txt: not pinned: sympy>=1",
    } <= problems, completed.stderr


def runner_files() -> list[Path]:
    """Every Python file Triton's Python backend loads: the runners and each version's model.py."""
    return sorted([*REPOSITORY.glob("*/*.py"), *REPOSITORY.glob("*/[0-9]*/model.py")])


def imported_modules(path: Path) -> set[str]:
    """Top-level names of the absolute imports anywhere in ``path`` (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value.split(".")[0])
    return found


def third_party_imports() -> dict[str, set[Path]]:
    """Modules the runners import that neither the standard library nor Triton provides."""
    local = {path.stem for path in REPOSITORY.glob("*/*.py")}
    found: dict[str, set[Path]] = {}
    for path in runner_files():
        for module in imported_modules(path):
            if module in sys.stdlib_module_names or module in local | BACKEND_MODULES:
                continue
            found.setdefault(module, set()).add(path.relative_to(ROOT))
    return found


def triton_pins() -> dict[str, str]:
    """``distribution -> version`` of the Triton image's compiled requirements."""
    text = (DOCKER / "triton" / "requirements.txt").read_text(encoding="utf-8")
    return {
        match[0].lower(): match[1]
        for match in re.findall(r"(?m)^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", text)
    }


def test_the_triton_image_has_every_package_the_runners_import() -> None:
    imports = third_party_imports()
    assert set(imports) == {"numpy", "onnxruntime"}, "a new import: check the Triton image"
    provided = importlib.metadata.packages_distributions()
    pins = triton_pins()
    for module, where in sorted(imports.items()):
        distributions = {d.lower() for d in provided.get(module, [])} | VARIANTS.get(module, set())
        assert distributions & set(pins), f"{module} (imported by {sorted(where)}) is not installed"


def test_the_triton_image_runs_the_workspace_numpy() -> None:
    assert triton_pins()["numpy"] == importlib.metadata.version("numpy")


def test_the_triton_requirements_are_installed_with_hashes() -> None:
    text = (DOCKER / "triton" / "requirements.txt").read_text(encoding="utf-8")
    assert text.count("--hash=sha256:") >= len(triton_pins())
    assert "--require-hashes -r /tmp/requirements.txt" in DOCKERFILES["triton"].read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("path", runner_files(), ids=lambda p: str(p.relative_to(REPOSITORY)))
def test_the_runners_are_python_3_10(path: Path) -> None:
    ast.parse(path.read_text(encoding="utf-8"), filename=str(path), feature_version=TRITON_PYTHON)


def test_the_model_repository_check_passes_on_a_complete_repository(tmp_path: Path) -> None:
    shutil.copytree(REPOSITORY / "digits", tmp_path / "digits")
    completed = run([sys.executable, DOCKER / "triton" / "check_model_repository.py", tmp_path])
    assert completed.returncode == 0, describe(completed)


@pytest.mark.parametrize("fault", ["missing", "stale"])
def test_the_model_repository_check_fails_the_image_build(tmp_path: Path, fault: str) -> None:
    shutil.copytree(REPOSITORY / "digits", tmp_path / "digits")
    onnx = tmp_path / "digits" / "2" / "model.onnx"
    if fault == "missing":
        onnx.unlink()
    else:
        onnx.write_bytes(onnx.read_bytes() + b"\0")
    completed = run([sys.executable, DOCKER / "triton" / "check_model_repository.py", tmp_path])
    assert completed.returncode == 1, describe(completed)
    assert f"digits/2/model.onnx is {fault if fault == 'missing' else 'not'}" in completed.stderr
    assert "./dev hatch run minilm:build" in completed.stderr


def test_the_triton_image_checks_its_model_repository() -> None:
    text = DOCKERFILES["triton"].read_text(encoding="utf-8")
    assert "COPY model_repository /models" in text
    assert "check_model_repository.py /models" in text
