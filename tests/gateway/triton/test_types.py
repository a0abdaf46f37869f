"""The adapter's typed values: protocol datatypes from numpy dtypes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from inferstack_gateway.triton.types import NUMPY_DTYPES, InputTensor, RepositoryEntry, datatype_of


@pytest.mark.parametrize(("datatype", "dtype"), list(NUMPY_DTYPES.items()))
def test_every_protocol_datatype_round_trips(datatype: str, dtype: np.dtype[Any]) -> None:
    assert datatype_of(np.zeros(2, dtype=dtype)) == datatype


def test_text_arrays_are_bytes_and_unknown_dtypes_are_refused() -> None:
    assert datatype_of(np.array([b"a", b"bc"])) == "BYTES"
    assert InputTensor.of("ids", np.zeros((1, 3), np.int64)).datatype == "INT64"
    with pytest.raises(ValueError, match="complex"):
        datatype_of(np.zeros(1, dtype=np.complex64))


def test_only_ready_rows_are_ready() -> None:
    assert RepositoryEntry("digits", "2", "READY", "").ready
    assert not RepositoryEntry("digits", "3", "UNAVAILABLE", "load failed").ready
