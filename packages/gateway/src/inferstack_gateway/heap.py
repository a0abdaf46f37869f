"""The cyclic garbage collector, set for a server process: what lives as long as the process is
frozen out of its reach once start-up is done, and young collections run less often.

Both are for `main.py` (the process uvicorn serves); the app itself, as tests build it, leaves
the collector as it is.
"""

from __future__ import annotations

import gc

#: Young collections every 20,000 allocations rather than 700 (the default). Each collection
#: moves the objects of the requests in flight, still alive, to an older generation, and once
#: enough have moved the collector pauses the event loop for a full pass over them: under load
#: (minilm, 64 clients) the default gave full passes of 40 to 160 ms several times a minute, and
#: young ones of 3 to 6 ms several times a second; this threshold cut the time in collections by
#: about 5x. Requests make no cyclic garbage of their own (checked with gc.DEBUG_SAVEALL), so
#: what the collector finds is little whenever it runs.
THRESHOLDS = (20_000, 20, 100)


def tune_collector() -> None:
    """Set `THRESHOLDS` (see `gc.set_threshold`)."""
    gc.set_threshold(*THRESHOLDS)


def freeze_heap() -> None:
    """Move everything alive now out of the cyclic collector's reach (`gc.freeze`), after a
    collection: called once start-up is done, it takes the imports, the app and its OpenAPI
    schema, and what the lifespan built (the processors' assets, the Triton channel, the
    prediction log's engine and migrations, the catalog). They live as long as the process, so
    a full collection under load then scans the requests' objects only. Frozen before the
    lifespan ran, its objects stayed in reach: with the prediction log on (its migrations import
    Alembic), full collections under load (minilm, 8 clients) took 40 to 90 ms, against about
    25 ms with the log off."""
    gc.collect()
    gc.freeze()
