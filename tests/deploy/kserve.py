"""Validate KServe resources against KServe's own CRD schemas (vendored in ``crds/``).

``kubernetes-validate`` knows the built-in kinds only and merely warns on custom resources, so the
``InferenceService`` and ``ServingRuntime`` manifests are checked here with ``jsonschema`` against
the ``openAPIV3Schema`` of the matching CRD version. A Kubernetes structural schema lets unknown
fields through unless told otherwise; here every object that lists ``properties`` (and does not
set ``x-kubernetes-preserve-unknown-fields``) is closed, so that a misspelt field (``storageURI``)
fails as the API server's strict field validation would reject it. ``protocolVersion`` is free
text in the CRD: :data:`PROTOCOLS` holds the values KServe's code knows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

CRDS = Path(__file__).resolve().parent / "crds"
KSERVE_VERSION = "v0.20.0"
CRD_FILES = {
    "InferenceService": "serving.kserve.io_inferenceservices.yaml",
    "ServingRuntime": "serving.kserve.io_servingruntimes.yaml",
}
# pkg/constants/constants.go at v0.20.0: ProtocolV1, ProtocolV2, ProtocolGRPCV1, ProtocolGRPCV2.
PROTOCOLS = frozenset({"v1", "v2", "grpc-v1", "grpc-v2"})
_COMBINATORS = ("allOf", "anyOf", "oneOf")


def close(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` in which each object that lists its properties takes no others."""
    closed = dict(schema)
    properties = closed.get("properties")
    if isinstance(properties, Mapping):
        closed["properties"] = {name: close(child) for name, child in properties.items()}
        if not closed.get("x-kubernetes-preserve-unknown-fields"):
            closed.setdefault("additionalProperties", False)
    for key in ("items", "additionalProperties", "not"):
        if isinstance(closed.get(key), Mapping):
            closed[key] = close(closed[key])
    for key in _COMBINATORS:
        if isinstance(closed.get(key), list):
            closed[key] = [close(child) for child in closed[key]]
    return closed


@cache
def validator(kind: str, api_version: str) -> jsonschema.Draft7Validator:
    """The closed schema of ``kind`` at ``api_version`` (``group/version``), from its CRD."""
    crd = yaml.safe_load((CRDS / CRD_FILES[kind]).read_text(encoding="utf-8"))
    group, _, version = api_version.partition("/")
    if crd["spec"]["group"] != group:
        raise KeyError(f"{kind}: the CRD's group is {crd['spec']['group']}, not {group}")
    for entry in crd["spec"]["versions"]:
        if entry["name"] == version:
            return jsonschema.Draft7Validator(close(entry["schema"]["openAPIV3Schema"]))
    raise KeyError(f"{kind}: no version {version} in {CRD_FILES[kind]}")


def errors(resource: Mapping[str, Any]) -> list[str]:
    """Why ``resource`` does not match its CRD, one line per error (path: message)."""
    check = validator(str(resource["kind"]), str(resource["apiVersion"]))
    return [
        "/".join(str(part) for part in error.absolute_path) + f": {error.message}"
        for error in sorted(check.iter_errors(resource), key=lambda e: list(e.absolute_path))
    ]


def protocol_errors(resource: Mapping[str, Any]) -> list[str]:
    """Protocol names that KServe does not know (the CRD lets any string through)."""
    spec = resource.get("spec", {})
    if resource["kind"] == "ServingRuntime":
        found = [(f"spec/protocolVersions/{i}", p) for i, p in enumerate(spec["protocolVersions"])]
    else:
        found = [
            (f"spec/{component}/model/protocolVersion", spec[component]["model"]["protocolVersion"])
            for component in ("predictor", "transformer", "explainer")
            if "protocolVersion" in spec.get(component, {}).get("model", {})
        ]
    return [f"{where}: unknown protocol {name!r}" for where, name in found if name not in PROTOCOLS]


def kserve_resources(documents: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The documents this module can validate."""
    return (doc for doc in documents if doc.get("kind") in CRD_FILES)
