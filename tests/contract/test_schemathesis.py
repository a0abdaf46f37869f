"""The published contract holds with every check schemathesis has: `schemathesis run
<gateway>/openapi.json --checks all`, the real CLI, against a real open gateway and a real keyed
one (uvicorn, real Triton). The document tells each the truth about security (optional when
open, required when keyed; `ignored_auth` checks the keyed one refuses requests without a key).

The one allowance is `tests/contract/exceptions.py`: operations whose schema-valid requests may
also get a listed semantic refusal (an image that does not decode, a tensor the model lacks,
...), each with its reason; `test_semantic_exceptions.py` sends each refusal.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from inferstack_tools.launcher.gateway import GatewayServer
from tests.conftest import TEST_API_KEY
from tests.contract.exceptions import schemathesis_config

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
MAX_EXAMPLES = 100


def _run(server: GatewayServer, tmp_path: Path, *extra: str) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(schemathesis_config())
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config),
        "run",
        f"{server.url}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--no-color",
        *extra,
    ]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=280)
    summary = done.stdout[-6000:]
    assert done.returncode == 0, f"{' '.join(command)}\n{summary}\n{done.stderr[-2000:]}"
    assert " passed" in summary


@pytest.mark.timeout(300)
def test_open_gateway_keeps_its_contract(gateway_server: GatewayServer, tmp_path: Path) -> None:
    _run(gateway_server, tmp_path)


@pytest.mark.timeout(300)
def test_keyed_gateway_keeps_its_contract(
    secured_gateway_server: GatewayServer, tmp_path: Path
) -> None:
    _run(secured_gateway_server, tmp_path, "--header", f"X-API-Key: {TEST_API_KEY}")


def test_the_documents_differ_only_in_security(
    gateway_server: GatewayServer, secured_gateway_server: GatewayServer
) -> None:
    import httpx

    open_doc = httpx.get(f"{gateway_server.url}/openapi.json").json()
    keyed_doc = httpx.get(f"{secured_gateway_server.url}/openapi.json").json()
    for path, item in keyed_doc["paths"].items():
        for method, operation in item.items():
            open_security = open_doc["paths"][path][method].get("security")
            keyed_security = operation.get("security")
            if keyed_security is None:
                assert open_security is None, (method, path)
                continue
            assert {} not in keyed_security, (method, path)  # keyed: a key is required
            assert open_security == [*keyed_security, {}], (method, path)  # open: optional
            open_doc["paths"][path][method]["security"] = keyed_security
    assert open_doc == keyed_doc
