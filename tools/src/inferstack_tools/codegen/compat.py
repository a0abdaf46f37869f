"""Breaking-change check for the OpenAPI document: what a client of the old API would trip on.

Requests must still accept everything they accepted (no new required field, no removed field, no
narrowed type or constraint); responses must not surprise old clients (no removed or newly
optional field, no widened type). Breaking changes are allowed only with an API version bump:
the major version (the minor one while the major is 0).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Schema = dict[str, Any]
_WIDER = ("maxLength", "maximum", "exclusiveMaximum", "maxItems")  # smaller value narrows
_NARROWER = ("minLength", "minimum", "exclusiveMinimum", "minItems")  # larger value narrows


class _Resolver:
    def __init__(self, document: Schema) -> None:
        self.components: Schema = document.get("components", {}).get("schemas", {})

    def __call__(self, schema: Schema) -> Schema:
        seen = 0
        while "$ref" in schema and seen < 32:
            schema = self.components.get(schema["$ref"].rsplit("/", 1)[-1], {})
            seen += 1
        return schema


def _types(schema: Schema, resolve: _Resolver) -> set[str]:
    schema = resolve(schema)
    if "type" in schema:
        kind = schema["type"]
        return set(kind) if isinstance(kind, list) else {kind}
    variants = schema.get("anyOf") or schema.get("oneOf")
    if variants:
        return set().union(*(_types(v, resolve) for v in variants))
    if "properties" in schema:
        return {"object"}
    return {"any"}


def _object_part(schema: Schema, resolve: _Resolver) -> Schema:
    """The object variant of a schema (or of an anyOf with null), for property comparison."""
    schema = resolve(schema)
    for variant in schema.get("anyOf", []):
        variant = resolve(variant)
        if "properties" in variant:
            return variant
    return schema


def _item_schema(schema: Schema, resolve: _Resolver) -> Schema | None:
    schema = resolve(schema)
    for variant in [schema, *schema.get("anyOf", [])]:
        variant = resolve(variant)
        if "items" in variant:
            items: Schema = variant["items"]
            return items
    return None


def _compare(
    old: Schema,
    new: Schema,
    where: str,
    request: bool,
    olds: _Resolver,
    news: _Resolver,
    depth: int = 0,
) -> Iterator[str]:
    if depth > 12:
        return
    old_types, new_types = _types(old, olds), _types(new, news)
    if "any" not in new_types and "any" not in old_types:
        if request and not old_types <= new_types:
            yield f"{where}: type narrowed from {sorted(old_types)} to {sorted(new_types)}"
        if not request and not new_types <= old_types:
            yield f"{where}: type widened from {sorted(old_types)} to {sorted(new_types)}"
    o, n = olds(old), news(new)
    if "enum" in o or "enum" in n:
        old_enum, new_enum = set(map(str, o.get("enum", []))), set(map(str, n.get("enum", [])))
        if request and "enum" in n and not old_enum <= new_enum:
            yield f"{where}: enum values removed {sorted(old_enum - new_enum)}"
        if not request and "enum" in o and not new_enum <= old_enum:
            yield f"{where}: enum values added to a response {sorted(new_enum - old_enum)}"
    if request:
        for key in _WIDER:
            if key in n and (key not in o or n[key] < o[key]):
                yield f"{where}: {key} tightened to {n[key]}"
        for key in _NARROWER:
            if key in n and (key not in o or n[key] > o[key]):
                yield f"{where}: {key} tightened to {n[key]}"
        if n.get("pattern") and n.get("pattern") != o.get("pattern"):
            yield f"{where}: pattern changed to {n['pattern']!r}"
    o_obj, n_obj = _object_part(old, olds), _object_part(new, news)
    old_props: Schema = o_obj.get("properties", {})
    new_props: Schema = n_obj.get("properties", {})
    old_required, new_required = set(o_obj.get("required", [])), set(n_obj.get("required", []))
    for name in sorted(set(old_props) - set(new_props)):
        yield f"{where}.{name}: field removed"
    if request:
        for name in sorted(new_required - old_required):
            yield f"{where}.{name}: field is newly required"
    else:
        for name in sorted((old_required - new_required) & set(new_props)):
            yield f"{where}.{name}: field is no longer always present"
    for name in sorted(set(old_props) & set(new_props)):
        yield from _compare(
            old_props[name], new_props[name], f"{where}.{name}", request, olds, news, depth + 1
        )
    old_items, new_items = _item_schema(old, olds), _item_schema(new, news)
    if old_items is not None and new_items is not None:
        yield from _compare(old_items, new_items, f"{where}[]", request, olds, news, depth + 1)


def _json_body(container: Schema) -> Schema | None:
    content: Schema = container.get("content", {})
    for media_type, body in content.items():
        if "json" in media_type or "form" in media_type:
            schema: Schema = body.get("schema", {})
            return schema
    return None


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Each way a client of `old` would break against `new`."""
    olds, news = _Resolver(old), _Resolver(new)
    found: list[str] = []
    for path, old_item in old.get("paths", {}).items():
        new_item = new.get("paths", {}).get(path)
        if new_item is None:
            found.append(f"{path}: path removed")
            continue
        for method, old_op in old_item.items():
            label = f"{method.upper()} {path}"
            new_op = new_item.get(method)
            if new_op is None:
                found.append(f"{label}: operation removed")
                continue
            old_params = {(p["in"], p["name"]): p for p in old_op.get("parameters", [])}
            new_params = {(p["in"], p["name"]): p for p in new_op.get("parameters", [])}
            for key in sorted(set(old_params) - set(new_params)):
                found.append(f"{label}: parameter {key[1]!r} ({key[0]}) removed")
            for key, param in sorted(new_params.items()):
                if param.get("required") and not old_params.get(key, {}).get("required"):
                    found.append(f"{label}: parameter {key[1]!r} ({key[0]}) newly required")
                if key in old_params:
                    found += _compare(
                        old_params[key].get("schema", {}),
                        param.get("schema", {}),
                        f"{label} parameter {key[1]}",
                        True,
                        olds,
                        news,
                    )
            old_body = _json_body(old_op.get("requestBody", {}))
            new_body = _json_body(new_op.get("requestBody", {}))
            if new_body is not None and old_body is None and new_op["requestBody"].get("required"):
                found.append(f"{label}: request body newly required")
            if old_body is not None and new_body is not None:
                found += _compare(old_body, new_body, f"{label} body", True, olds, news)
            for status, old_response in old_op.get("responses", {}).items():
                new_response = new_op.get("responses", {}).get(status)
                if new_response is None:
                    if status.startswith("2"):
                        found.append(f"{label}: response {status} removed")
                    continue
                old_schema, new_schema = _json_body(old_response), _json_body(new_response)
                if old_schema is not None and new_schema is not None:
                    found += _compare(
                        old_schema, new_schema, f"{label} -> {status}", False, olds, news
                    )
    return found


def _leading(version: str) -> tuple[int, ...]:
    parts = tuple(int(p) for p in version.split(".")[:3] if p.isdigit())
    return parts[:2] if parts and parts[0] == 0 else parts[:1]


def version_bumped(old: Schema, new: Schema) -> bool:
    """Whether the API version's breaking component (major, or minor under 0.x) went up."""
    old_version = str(old.get("info", {}).get("version", "0"))
    new_version = str(new.get("info", {}).get("version", "0"))
    return _leading(new_version) > _leading(old_version)


def committed_versions(repo: Path, path: Path) -> tuple[Schema, Schema] | None:
    """(previous, current): the working tree against HEAD when they differ, else HEAD against
    the version before the last commit that changed the file. None when there is no history."""

    def show(revision: str) -> Schema:
        text = subprocess.run(
            ["git", "show", f"{revision}:{path.as_posix()}"],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        loaded: Schema = json.loads(text)
        return loaded

    current: Schema = json.loads((repo / path).read_text())
    try:
        head = show("HEAD")
    except subprocess.CalledProcessError:
        return None
    if head != current:
        return head, current
    commits = subprocess.run(
        ["git", "log", "--format=%H", "-n", "1", "--", path.as_posix()],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    if not commits:
        return None
    try:
        return show(f"{commits[0]}^"), head
    except subprocess.CalledProcessError:
        return None  # the file was created by that commit: nothing to compare with
