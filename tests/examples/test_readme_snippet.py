"""The README's "Use the client" snippet is examples/quickstart.py, and that script runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from inferstack_tools.launcher.gateway import GatewayServer
from tests.digit_images import held_out, render

REPO_ROOT = Path(__file__).resolve().parents[2]
README = REPO_ROOT / "README.md"
QUICKSTART = REPO_ROOT / "examples" / "quickstart.py"
HEADING = "Use the client"


def readme_snippet(text: str) -> str:
    """The first ```python block after the "Use the client" heading, before the next heading."""
    heading = re.search(rf"^#+[ \t]+{re.escape(HEADING)}[ \t]*$", text, re.MULTILINE)
    if heading is None:
        pytest.fail(
            f"README.md has no '## {HEADING}' heading; add it, followed by a ```python block "
            "holding exactly examples/quickstart.py"
        )
    rest = text[heading.end() :]
    block = re.search(r"^```python[ \t]*\n(.*?)^```[ \t]*$", rest, re.MULTILINE | re.DOTALL)
    if block is None or re.search(r"^#+[ \t]", rest[: block.start()], re.MULTILINE):
        pytest.fail(f"README.md's '{HEADING}' section has no ```python block")
    return block.group(1)


def test_readme_shows_the_quickstart() -> None:
    snippet = readme_snippet(README.read_text(encoding="utf-8"))
    assert snippet.strip() == QUICKSTART.read_text(encoding="utf-8").strip(), (
        f"README.md's '{HEADING}' block differs from examples/quickstart.py; copy the file in"
    )


def run_quickstart(image: Path, gateway_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFERSTACK_")}
    return subprocess.run(
        [sys.executable, str(QUICKSTART), str(image)],
        capture_output=True,
        text=True,
        env={**env, "INFERSTACK_GATEWAY_URL": gateway_url},
        timeout=120,
        check=False,
    )


def test_quickstart_runs(gateway_server: GatewayServer, tmp_path: Path) -> None:
    data = held_out()
    image = tmp_path / "digit.png"
    image.write_bytes(render(data.images[0]))
    result = run_quickstart(image, gateway_server.url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert re.fullmatch(r"\d  \d+\.\d%", lines[0])
    assert lines[0].split()[0] == str(data.labels[0])


def test_quickstart_reports_a_problem(gateway_server: GatewayServer, tmp_path: Path) -> None:
    image = tmp_path / "broken.png"
    image.write_bytes(b"not an image")
    result = run_quickstart(image, gateway_server.url)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ")
    assert "not a decodable image" in result.stderr
