"""Each semantic refusal `exceptions.py` allows schemathesis is real and documented: the
schema-valid request gets exactly the listed problem, and the operation documents its status."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.contract.exceptions import EXCEPTIONS, Allowance, Refusal
from tests.gateway.problems import assert_problem

CASES = [
    pytest.param(exception, path, refusal, id=f"{exception.path}: {what}")
    for exception in EXCEPTIONS
    for what, path, refusal in exception.refusals
]


@pytest.mark.parametrize(("exception", "path", "refusal"), CASES)
def test_semantic_refusal(
    gateway: TestClient, exception: Allowance, path: str, refusal: Refusal
) -> None:
    if exception.method == "GET":
        response = gateway.get(path)
    elif refusal.files:
        response = gateway.post(path, files=refusal.files, data=refusal.json or {})
    else:
        response = gateway.post(path, json=refusal.json)
    assert_problem(response, refusal.status, refusal.slug)
    document = gateway.get("/openapi.json").json()
    documented = document["paths"][exception.path][exception.method.lower()]["responses"]
    for status in exception.statuses:
        assert str(status) in documented, (exception.path, status)


def test_every_listed_operation_exists(gateway: TestClient) -> None:
    paths = gateway.get("/openapi.json").json()["paths"]
    for exception in EXCEPTIONS:
        assert exception.method.lower() in paths[exception.path]
