""" "Use via API": the snippets, run for real against the gateway (curl and the typed client)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_ui import snippets
from inferstack_ui.examples import DIGITS
from tests.conftest import TEST_API_KEY


def files_in(folder: Path) -> tuple[str, ...]:
    for example in DIGITS[:2]:
        (folder / example.name).write_bytes(example.path.read_bytes())
    return tuple(d.name for d in DIGITS[:2])


def run_python(code: str, folder: Path, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_python_snippet_classifies_the_files(
    gateway_server: GatewayServer, tmp_path: Path
) -> None:
    request = snippets.ImageRequest(gateway_server.url, files_in(tmp_path), "digits", "1", 2)
    out = run_python(snippets.python_images(request), tmp_path)
    assert out.splitlines()[0] == "model digits version 1"
    assert out.splitlines()[1].startswith("seven.png [('7', ")


def test_the_python_snippet_sends_the_key_from_the_environment(
    secured_gateway_server: GatewayServer, tmp_path: Path
) -> None:
    request = snippets.TextRequest(
        secured_gateway_server.url,
        ("The match went to extra time",),
        "minilm",
        None,
        ("sports", "politics"),
        "This is about {}.",
        with_key=True,
    )
    code = snippets.python_texts(request)
    assert TEST_API_KEY not in code
    out = run_python(code, tmp_path, INFERSTACK_API_KEY=TEST_API_KEY)
    assert out.split()[:2] == ["0", "sports"]
    embed = snippets.TextRequest(secured_gateway_server.url, ("a", "b"), "minilm", "1")
    out = run_python(snippets.python_texts(embed), tmp_path, INFERSTACK_API_KEY=TEST_API_KEY)
    assert out.splitlines() == ["0 384", "1 384"]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_commands_work(gateway_server: GatewayServer, tmp_path: Path) -> None:
    request = snippets.ImageRequest(gateway_server.url, files_in(tmp_path), "digits", None, 1)
    command = snippets.curl_images(request)
    done = subprocess.run(
        ["sh", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True
    )
    answer = json.loads(done.stdout)
    assert [r["predictions"][0]["label"] for r in answer["results"]] == ["7", "2"]
    texts = snippets.TextRequest(
        gateway_server.url, ('It\'s a "quoted" text',), "minilm", None, ("a", "b")
    )
    done = subprocess.run(
        ["sh", "-c", snippets.curl_texts(texts)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert len(json.loads(done.stdout)["results"]) == 1


def test_the_docs_link() -> None:
    assert snippets.docs_url("http://gw:8080/") == "http://gw:8080/docs"
