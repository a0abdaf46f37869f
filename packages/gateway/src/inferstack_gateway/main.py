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
