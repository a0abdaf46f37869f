"""py-spy's samples of the gateway, by the stage of the request path they belong to.

A sample goes to the component of the innermost frame on its stack that names one (so numpy
called by a processor is pre-processing, and pydantic called by FastAPI is pydantic); a stack
that names none is the event loop's own. The patterns are file paths as py-spy prints them.
"""

from __future__ import annotations

from collections import Counter

#: (component, file path fragments), in the order they are tried on each frame.
COMPONENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("prediction log", ("inferstack_gateway/predictions", "aiosqlite", "sqlalchemy", "sqlite3")),
    ("access log", ("logging/", "observability/logging")),
    ("metrics", ("prometheus_client", "observability/metrics")),
    ("pre- and post-processing", ("inferstack_gateway/processors", "PIL/")),
    ("services (checks, answers)", ("inferstack_gateway/services",)),
    ("gRPC call to Triton", ("grpc/", "triton/grpc_backend", "tritonclient", "google/protobuf")),
    ("pydantic (validation, serialisation)", ("pydantic",)),
    ("FastAPI routing, dependencies, routes", ("fastapi/", "starlette/", "inferstack_gateway/api")),
    (
        "uvicorn HTTP, the gateway's middleware",
        ("uvicorn/", "httptools", "inferstack_gateway/observability"),
    ),
)
EVENT_LOOP = "event loop, other"


def by_component(collapsed: str) -> list[tuple[str, float]]:
    """Each component's share of the samples in py-spy's collapsed stacks (`frame;frame;...
    samples` per line), largest first; shares sum to 1 (an empty profile: no rows)."""
    counts: Counter[str] = Counter()
    for line in collapsed.splitlines():
        stack, _, samples = line.rpartition(" ")
        if not stack or not samples.isdigit():
            continue
        counts[_component(stack.split(";"))] += int(samples)
    total = sum(counts.values())
    return [(name, n / total) for name, n in counts.most_common()] if total else []


def _component(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, fragments in COMPONENTS:
            if any(fragment in frame for fragment in fragments):
                return name
    return EVENT_LOOP
