"""The ASGI app for servers: `uvicorn inferstack_gateway.main:app` (each worker imports it)."""

from inferstack_gateway.app import create_app
from inferstack_gateway.heap import freeze_heap, tune_collector
from inferstack_gateway.settings import load_settings

app = create_app(load_settings(), on_started=freeze_heap)
tune_collector()
