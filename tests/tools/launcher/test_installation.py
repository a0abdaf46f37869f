"""Unsupported platforms stop with one clear sentence.

Faking the platform is the only way to reach these branches on a supported machine; the supported
path is exercised by every test that starts Triton.
"""

from __future__ import annotations

import sys

import pytest

from inferstack_tools.launcher.triton import TritonSetupError, installation
from inferstack_tools.launcher.triton.installation import find_installation


def test_finds_the_bundled_triton() -> None:
    found = find_installation()
    assert found.binary.name == "tritonserver"
    assert found.stub.parent.name == f"{sys.version_info.major}.{sys.version_info.minor}"


@pytest.mark.parametrize(("system", "machine"), [("darwin", "arm64"), ("linux", "aarch64")])
def test_rejects_other_platforms(
    monkeypatch: pytest.MonkeyPatch, system: str, machine: str
) -> None:
    monkeypatch.setattr("sys.platform", system)
    monkeypatch.setattr("platform.machine", lambda: machine)
    with pytest.raises(TritonSetupError, match="Linux x86-64 only"):
        find_installation()


def test_rejects_old_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("platform.libc_ver", lambda: ("glibc", "2.31"))
    with pytest.raises(TritonSetupError, match=r"glibc >= 2\.35.*2\.31"):
        find_installation()


def test_rejects_python_without_stub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(installation, "_python_tag", lambda: "3.99")
    with pytest.raises(TritonSetupError, match=r"no stub for Python 3\.99 \(available: .*3\.11"):
        find_installation()


def test_rejects_missing_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(TritonSetupError, match="nvidia-pytriton wheel is not installed"):
        find_installation()
