"""Samples go to the component of the innermost frame that names one."""

from __future__ import annotations

import pytest

from inferstack_bench.components import EVENT_LOOP, by_component

RUN = "run (uvicorn/server.py:1)"
ROUTE = "handle (fastapi/routing.py:2)"
PREPROCESS = "preprocess (inferstack_gateway/processors/digits.py:3)"
NUMPY = "_amax (numpy/core/_methods.py:4)"
VALIDATE = "validate_python (pydantic/type_adapter.py:5)"


def test_the_innermost_frame_that_names_a_component_wins() -> None:
    collapsed = "\n".join(
        [
            f"{RUN};{ROUTE};{PREPROCESS};{NUMPY} 6",  # numpy under a processor
            f"{RUN};{ROUTE};{VALIDATE} 2",  # pydantic under FastAPI
            f"{RUN};{ROUTE} 1",
            "run_forever (asyncio/base_events.py:6) 1",  # names nothing
            "not a sample line",
        ]
    )
    shares = dict(by_component(collapsed))
    assert shares == pytest.approx(
        {
            "pre- and post-processing": 0.6,
            "pydantic (validation, serialisation)": 0.2,
            "FastAPI routing, dependencies, routes": 0.1,
            EVENT_LOOP: 0.1,
        }
    )
    assert by_component(collapsed)[0][0] == "pre- and post-processing"


def test_an_empty_profile_has_no_rows() -> None:
    assert by_component("") == []
