"""The breaking-change check, on small documents, and on this repository's own history."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from inferstack_tools.codegen import cli
from inferstack_tools.codegen.compat import breaking_changes, version_bumped

BASE: dict[str, Any] = {
    "info": {"version": "0.1.0"},
    "paths": {
        "/v1/things": {
            "post": {
                "parameters": [
                    {
                        "in": "query",
                        "name": "limit",
                        "required": False,
                        "schema": {"type": "integer"},
                    }
                ],
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Req"}}
                    }
                },
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Res"}}
                        }
                    }
                },
            }
        },
        "/healthz": {"get": {"responses": {"200": {}}}},
    },
    "components": {
        "schemas": {
            "Req": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "maxLength": 10},
                    "size": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                },
                "required": ["name"],
            },
            "Res": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "score": {"type": "number"}},
                "required": ["id", "score"],
            },
        }
    },
}


def _changed(edit: Any) -> dict[str, Any]:
    new = copy.deepcopy(BASE)
    edit(new)
    return new


def _req(doc: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = doc["components"]["schemas"]["Req"]
    return schema


def _res(doc: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = doc["components"]["schemas"]["Res"]
    return schema


BREAKING = {
    "removed path": lambda d: d["paths"].pop("/healthz"),
    "removed operation": lambda d: d["paths"]["/v1/things"].pop("post"),
    "newly required request field": lambda d: _req(d)["required"].append("size"),
    "removed request field": lambda d: _req(d)["properties"].pop("size"),
    "narrowed request type": lambda d: _req(d)["properties"].update(size={"type": "integer"}),
    "tightened request constraint": lambda d: _req(d)["properties"]["name"].update(maxLength=5),
    "removed response field": lambda d: _res(d)["properties"].pop("score"),
    "response field made optional": lambda d: _res(d)["required"].remove("score"),
    "widened response type": lambda d: _res(d)["properties"].update(
        score={"anyOf": [{"type": "number"}, {"type": "null"}]}
    ),
    "newly required parameter": lambda d: d["paths"]["/v1/things"]["post"]["parameters"][0].update(
        required=True
    ),
}

COMPATIBLE = {
    "unchanged": lambda d: None,
    "new path": lambda d: d["paths"].update({"/v1/other": {"get": {"responses": {"200": {}}}}}),
    "new optional request field": lambda d: _req(d)["properties"].update(extra={"type": "string"}),
    "widened request type": lambda d: _req(d)["properties"].update(
        name={"anyOf": [{"type": "string"}, {"type": "null"}], "maxLength": 10}
    ),
    "relaxed request constraint": lambda d: _req(d)["properties"]["name"].update(maxLength=50),
    "new response field": lambda d: _res(d)["properties"].update(extra={"type": "string"}),
}


@pytest.mark.parametrize("edit", BREAKING.values(), ids=BREAKING.keys())
def test_breaking_changes_are_found(edit: Any) -> None:
    assert breaking_changes(BASE, _changed(edit))


@pytest.mark.parametrize("edit", COMPATIBLE.values(), ids=COMPATIBLE.keys())
def test_compatible_changes_pass(edit: Any) -> None:
    assert breaking_changes(BASE, _changed(edit)) == []


@pytest.mark.parametrize(
    ("old", "new", "bumped"),
    [("0.1.0", "0.2.0", True), ("0.1.0", "0.1.5", False), ("1.4.0", "2.0.0", True),
     ("1.4.0", "1.9.0", False), ("0.3.0", "0.2.0", False)],
)  # fmt: skip
def test_version_bump(old: str, new: str, bumped: bool) -> None:
    assert version_bumped({"info": {"version": old}}, {"info": {"version": new}}) is bumped


def test_this_repository_has_no_unannounced_breaking_change() -> None:
    assert cli.compat() == 0


def test_generated_files_have_not_drifted(capsys: pytest.CaptureFixture[str]) -> None:
    """openapi.json, the typed client and the v2 protocol models regenerate byte for byte."""
    code = cli.check()
    assert code == 0, capsys.readouterr().out
