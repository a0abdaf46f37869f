"""The ASGI app for servers: `uvicorn inferstack_gateway.main:app` (each worker imports it)."""

import gc

from inferstack_gateway.app import create_app
from inferstack_gateway.settings import load_settings

app = create_app(load_settings())
# Everything imported and built so far lives as long as the process: move it out of the cyclic
# collector's reach, so a full collection under load scans the requests' objects only (about
# 85,000 objects here, which made each full collection a pause of ~100 ms).
gc.collect()
gc.freeze()
# Young collections every 20,000 allocations rather than 700 (the default). Each collection
# moves the objects of the requests in flight, still alive, to an older generation, and once
# enough have moved the collector pauses the event loop for a full pass over them: under load
# (minilm, 64 clients) the default gave full passes of 40 to 160 ms several times a minute, and
# young ones of 3 to 6 ms several times a second; this threshold cut the time in collections by
# about 5x. Requests make no cyclic garbage of their own (checked with gc.DEBUG_SAVEALL), so
# what the collector finds is little whenever it runs.
gc.set_threshold(20_000, 20, 100)
