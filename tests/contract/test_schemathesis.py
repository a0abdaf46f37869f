"""Property-based contract tests: schemathesis drives every operation of the live gateway (real
uvicorn, real Triton, API keys on) from the gateway's own OpenAPI document and checks each answer
against it, including that the documented security is enforced.

Operations are listed from the committed `openapi.json` (the drift check proves it is the one the
gateway serves), and each runs as its own test.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.schemas import OpenApiSchema

from inferstack_tools.codegen.artifacts import OPENAPI
from inferstack_tools.launcher.gateway import GatewayServer
from tests.conftest import REPO_ROOT, TEST_API_KEY
from tests.contract.conftest import CASES

EXAMPLES_PER_OPERATION = 40
_DOCUMENT = json.loads((REPO_ROOT / OPENAPI).read_text())
OPERATIONS = [
    (method.upper(), path) for path, item in _DOCUMENT["paths"].items() for method in item
]


@pytest.fixture(scope="module")
def api_schema(secured_gateway_server: GatewayServer) -> OpenApiSchema:
    schema = schemathesis.openapi.from_url(f"{secured_gateway_server.url}/openapi.json")
    assert isinstance(schema, OpenApiSchema)
    return schema


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_gateway_keeps_its_contract(
    api_schema: OpenApiSchema, secured_gateway_server: GatewayServer, method: str, path: str
) -> None:
    """No 5xx; status, content type, headers and body of every answer (errors included) are the
    documented ones. Schema-valid bodies may still be refused (random base64 is rarely an image),
    so acceptance of positive data is not required."""
    operation = api_schema[path][method]
    label = f"{method} {path}"

    @given(data=st.data())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def run(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy())
        # A deadline the caller chooses may be too short for any answer: 504 is then the
        # documented answer, not a server fault (deadlines: tests/gateway/api/test_deadlines.py).
        if case.headers:
            case.headers.pop("X-Request-Timeout", None)
        CASES[label] += 1
        case.call_and_validate(
            base_url=secured_gateway_server.url,
            headers={"X-API-Key": TEST_API_KEY},
            excluded_checks=[positive_data_acceptance],
        )

    run()
