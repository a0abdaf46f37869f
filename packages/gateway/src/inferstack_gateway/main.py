"""The ASGI app for servers: `uvicorn inferstack_gateway.main:app`."""

from inferstack_gateway.app import create_app
from inferstack_gateway.settings import load_settings

app = create_app(load_settings())
