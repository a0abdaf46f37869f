"""The parameters of an Open Inference Protocol request, each honoured or refused by name.

Nothing is dropped silently: a parameter the gateway knows is applied (by the gateway for the
binary tensor data extension, by Triton for the rest), the model's own request parameters are
passed on to Triton as they are, and anything else is refused with a 422 naming it.

| where | parameter | what happens |
|---|---|---|
| request | `binary_data_output` (bool) | every output not saying otherwise comes back binary |
| request | `priority`, `timeout` (µs), `sequence_id`, `sequence_start`, `sequence_end` | Triton |
| request | `headers`, any `triton_*` | refused: reserved by Triton's clients |
| request | any other | passed to the model as a request parameter |
| input | `binary_data_size` | the input's bytes follow the JSON header (binary extension) |
| output | `binary_data` (bool) | this output comes back binary, or as JSON |
| output | `classification` (int) | Triton's classification extension: the top classes |
| input, output | anything else (`shared_memory_region`, ...) | refused: no shared memory here |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from inferstack_gateway.errors import InvalidInput, ItemError
from inferstack_gateway.triton.types import InferOptions, ParameterValue
from inferstack_schemas.v2 import InferenceRequest

BINARY_DATA_SIZE = "binary_data_size"
_RESERVED = frozenset({"headers"})
_RESERVED_PREFIX = "triton_"
_INPUT_PARAMETERS = frozenset({BINARY_DATA_SIZE})
_OUTPUT_PARAMETERS = frozenset({"binary_data", "classification"})
#: Triton's parameter fields are 64-bit: int64 (timeout, sequence ids, the model's own integer
#: parameters, class counts) and uint64 (priority).
_INT64_MAX = 2**63 - 1
_UINT64_MAX = 2**64 - 1


@dataclass(frozen=True)
class RequestOptions:
    """What a request's parameters ask for: Triton's options and the outputs to send binary
    (None: all of them, for a request that names no outputs)."""

    triton: InferOptions
    binary_outputs: frozenset[str] | None


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _in_range(value: object, low: int, high: int) -> bool:
    return _is_int(value) and low <= value <= high


def _expect(problems: list[ItemError], item: ItemError, value: object, kind: str, ok: bool) -> None:
    if not ok:
        message = f"{item.msg} must be {kind}, got {value!r}"
        problems.append(ItemError(item.field, item.index, message, item.path))


def read_options(request: InferenceRequest) -> RequestOptions:
    """The request's parameters as options; raises InvalidInput naming every refused one."""
    problems: list[ItemError] = []
    given: Mapping[str, Any] = request.parameters or {}
    scheduling: dict[str, Any] = {}
    custom: dict[str, ParameterValue] = {}
    for key, value in given.items():
        here = ItemError("parameters", None, f"parameter {key!r}", (key,))
        if key in _RESERVED or key.startswith(_RESERVED_PREFIX):
            problems.append(
                ItemError("parameters", None, f"parameter {key!r} is reserved by Triton", (key,))
            )
        elif key in ("binary_data_output", "sequence_start", "sequence_end"):
            _expect(problems, here, value, "true or false", isinstance(value, bool))
            scheduling[key] = value
        elif key in ("priority", "timeout"):
            high = _UINT64_MAX if key == "priority" else _INT64_MAX
            _expect(
                problems, here, value, f"a whole number in [0, {high}]", _in_range(value, 0, high)
            )
            scheduling[key] = value
        elif key == "sequence_id":
            ok = isinstance(value, str) or _in_range(value, 0, _INT64_MAX)
            _expect(problems, here, value, f"a whole number in [0, {_INT64_MAX}] or a string", ok)
            scheduling[key] = value
        else:
            ok = not _is_int(value) or _in_range(value, -_INT64_MAX - 1, _INT64_MAX)
            _expect(problems, here, value, "a 64-bit integer", ok)
            custom[key] = value
    classification: dict[str, int] = {}
    binary: set[str] = set()
    default_binary = scheduling.get("binary_data_output") is True
    for index, output in enumerate(request.outputs or []):
        parameters = output.parameters or {}
        for key, value in parameters.items():
            here = ItemError("outputs", index, f"output parameter {key!r}", ("parameters", key))
            if key not in _OUTPUT_PARAMETERS:
                problems.append(_unknown(here, key, _OUTPUT_PARAMETERS))
            elif key == "binary_data":
                _expect(problems, here, value, "true or false", isinstance(value, bool))
            else:
                ok = _in_range(value, 1, _INT64_MAX)
                _expect(problems, here, value, "a whole number >= 1", ok)
                classification[output.name] = int(value)
        if parameters.get("binary_data", default_binary) is True:
            binary.add(output.name)
    for index, tensor in enumerate(request.inputs):
        for key in (tensor.parameters or {}).keys() - _INPUT_PARAMETERS:
            here = ItemError("inputs", index, f"input parameter {key!r}", ("parameters", key))
            problems.append(_unknown(here, key, _INPUT_PARAMETERS))
    if problems:
        raise InvalidInput("; ".join(p.msg for p in problems[:5]), errors=problems)
    options = InferOptions(
        priority=int(scheduling.get("priority", 0)),
        timeout_us=scheduling.get("timeout"),
        sequence_id=scheduling.get("sequence_id", 0),
        sequence_start=bool(scheduling.get("sequence_start", False)),
        sequence_end=bool(scheduling.get("sequence_end", False)),
        parameters=custom,
        classification=classification,
    )
    if request.outputs:
        return RequestOptions(options, frozenset(binary))
    return RequestOptions(options, None if default_binary else frozenset())


def _unknown(item: ItemError, key: str, known: frozenset[str]) -> ItemError:
    why = (
        "shared memory is not available through the gateway"
        if key.startswith("shared_memory")
        else f"the gateway takes only {', '.join(sorted(known))} here"
    )
    return ItemError(item.field, item.index, f"{item.msg} is not supported: {why}", item.path)
