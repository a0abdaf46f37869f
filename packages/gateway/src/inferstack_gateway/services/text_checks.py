"""The checks texts and labels pass before they are tokenized: each text usable, labels
distinct, and OpenAI's `dimensions` the model's own; faults named as `ItemError`s."""

from __future__ import annotations

from collections.abc import Sequence

from inferstack_gateway.catalog import Resolved
from inferstack_gateway.errors import InvalidInput, ItemError


def check_texts(
    texts: Sequence[str], field: str, max_chars: int, *, noun: str, single: bool = False
) -> None:
    """InvalidInput (422) naming every text that is blank, longer than `max_chars` or not valid
    Unicode: an `ItemError(field, index)` each (index None for a `single` text given alone);
    `noun` names the texts in the message (the caller's word for them)."""
    problems = []
    for index, text in enumerate(texts):
        reason = _text_problem(text, max_chars)
        if reason:
            where = noun if single else f"{noun}[{index}]"
            problems.append((where, ItemError(field, None if single else index, reason)))
    if problems:
        reasons = "; ".join(f"{where} {item.msg}" for where, item in problems)
        raise InvalidInput(
            f"{len(problems)} of {len(texts)} {noun} cannot be used: {reasons}",
            errors=[item for _, item in problems],
        )


def _text_problem(text: str, max_chars: int) -> str | None:
    if not text.strip():
        return "is empty or only whitespace"
    if len(text) > max_chars:
        return f"is {len(text)} characters long; the limit is {max_chars}"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode (it holds a lone surrogate)"
    return None


def check_dimensions(target: Resolved, dimensions: int | None) -> None:
    """OpenAI's `dimensions`: only the model's own length (its output's last dimension)."""
    outputs = target.entry.info.outputs
    native = outputs[0].shape[-1] if outputs and outputs[0].shape else None
    if dimensions is None or dimensions == native:
        return
    message = (
        f"model {target.model!r} gives {native}-dimensional embeddings and was not trained to be "
        f"shortened; send dimensions {native} or leave it out"
    )
    raise InvalidInput(message, errors=[ItemError("dimensions", None, message)])


def check_distinct(labels: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    items = []
    for index, label in enumerate(labels):
        first = seen.setdefault(label, index)
        if first != index:
            items.append(ItemError("labels", index, f"repeats label {first}"))
    if items:
        raise InvalidInput("labels must be distinct", errors=items)
