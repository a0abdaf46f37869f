"""JSON types as JSON Schema reads them, for strict request models: a whole number may be written
`3` or `3.0` (both are JSON Schema integers), but never `"3"` or `true`."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field


def _not_text_or_boolean(value: object) -> object:
    if isinstance(value, str | bool):
        raise ValueError("Input should be a valid integer")
    return value


#: An integer field of a strict model that also takes 3.0 (a JSON Schema integer), not "3".
WholeNumber = Annotated[int, Field(strict=False), BeforeValidator(_not_text_or_boolean)]
#: The same, at least 1.
PositiveWholeNumber = Annotated[
    int, Field(strict=False, ge=1), BeforeValidator(_not_text_or_boolean)
]
