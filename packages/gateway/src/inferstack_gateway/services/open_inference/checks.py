"""Open Inference Protocol requests checked against the model catalog before Triton sees them:
input names, datatypes, shapes and batch size, requested outputs, and the element count."""

from __future__ import annotations

import math
from collections.abc import Sequence

from inferstack_gateway.errors import InvalidInput, ItemError
from inferstack_schemas import ModelInfo, TensorSpec
from inferstack_schemas.v2 import InferenceRequest


class TensorDataError(ValueError):
    """The data of one tensor does not match its shape or datatype."""


def element_count(shape: Sequence[int]) -> int:
    """Elements of a tensor of `shape` (1 for a scalar's empty shape)."""
    return math.prod(shape)


def request_elements(request: InferenceRequest) -> int:
    """Elements the request declares, all inputs together (from the shapes, not the data)."""
    return sum(element_count(tensor.shape) for tensor in request.inputs)


def _fits(shape: Sequence[int], spec: Sequence[int]) -> bool:
    return len(shape) == len(spec) and all(
        d == s or s == -1 for d, s in zip(shape, spec, strict=True)
    )


def check_request(request: InferenceRequest, info: ModelInfo) -> None:
    """Names, datatypes and shapes against the model's own; raises `InvalidInput` naming each
    offending input or output."""
    problems: list[ItemError] = []
    inputs: dict[str, TensorSpec] = {spec.name: spec for spec in info.inputs}
    seen: set[str] = set()
    for index, tensor in enumerate(request.inputs):
        spec = inputs.get(tensor.name)
        if spec is None:
            expected = ", ".join(repr(name) for name in inputs) or "none"
            problems.append(
                ItemError(
                    "inputs",
                    index,
                    f"input {tensor.name!r}: model {info.name!r} has no such input "
                    f"(its inputs: {expected})",
                    ("name",),
                )
            )
            continue
        if tensor.name in seen:
            problems.append(
                ItemError("inputs", index, f"input {tensor.name!r} is given twice", ("name",))
            )
            continue
        seen.add(tensor.name)
        if tensor.datatype.value != spec.datatype:
            problems.append(
                ItemError(
                    "inputs",
                    index,
                    f"input {tensor.name!r}: datatype {tensor.datatype.value} does not match "
                    f"the model's {spec.datatype}",
                    ("datatype",),
                )
            )
        if not _fits(tensor.shape, spec.shape):
            problems.append(
                ItemError(
                    "inputs",
                    index,
                    f"input {tensor.name!r}: shape {tensor.shape} does not fit the model's "
                    f"{spec.shape} (-1: any size)",
                    ("shape",),
                )
            )
        elif info.max_batch_size and tensor.shape[0] > info.max_batch_size:
            problems.append(
                ItemError(
                    "inputs",
                    index,
                    f"input {tensor.name!r}: batch of {tensor.shape[0]} exceeds the model's "
                    f"max_batch_size of {info.max_batch_size}",
                    ("shape", 0),
                )
            )
    missing = [name for name in inputs if name not in seen]
    if missing and not problems:
        problems.append(
            ItemError(
                "inputs",
                None,
                f"missing input(s) of model {info.name!r}: {', '.join(map(repr, missing))}",
            )
        )
    outputs = {spec.name for spec in info.outputs}
    asked: set[str] = set()
    for index, output in enumerate(request.outputs or []):
        if output.name not in outputs or output.name in asked:
            why = "is asked for twice" if output.name in asked else "is not an output of the model"
            problems.append(
                ItemError(
                    "outputs",
                    index,
                    f"output {output.name!r} {why} (its outputs: "
                    f"{', '.join(repr(spec.name) for spec in info.outputs) or 'none'})",
                    ("name",),
                )
            )
        asked.add(output.name)
    if problems:
        raise InvalidInput("; ".join(p.msg for p in problems[:5]), errors=problems)
