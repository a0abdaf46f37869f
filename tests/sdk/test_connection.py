"""connection: the generated client made from a config, with or without an API key."""

from __future__ import annotations

import pytest

from inferstack_client import AuthenticatedClient
from inferstack_client.models import ModelList
from inferstack_sdk import Gateway, GatewayConfig, GatewayError, Hints, KeyHeader
from inferstack_sdk.connection import make_client
from inferstack_tools.launcher.gateway import GatewayServer
from tests.conftest import TEST_API_KEY


def test_no_key_sends_no_header_and_an_open_gateway_answers(
    gateway_server: GatewayServer,
) -> None:
    client = make_client(GatewayConfig(gateway_server.url + "/"))
    headers = client.get_httpx_client().headers
    assert "authorization" not in headers
    assert "x-api-key" not in headers
    assert str(client.get_httpx_client().base_url) == gateway_server.url
    with Gateway(GatewayConfig(gateway_server.url + "/")) as gateway:
        assert gateway.url == gateway_server.url
        assert isinstance(gateway.catalog(), ModelList)


@pytest.mark.parametrize(
    ("key_header", "header", "value"),
    [
        ("X-API-Key", "x-api-key", TEST_API_KEY),
        ("Authorization", "authorization", f"Bearer {TEST_API_KEY}"),
    ],
)
def test_the_key_goes_in_the_header_asked_for(
    secured_gateway_server: GatewayServer, key_header: KeyHeader, header: str, value: str
) -> None:
    config = GatewayConfig(secured_gateway_server.url, api_key=TEST_API_KEY, key_header=key_header)
    client = make_client(config)
    assert isinstance(client, AuthenticatedClient)
    assert client.get_httpx_client().headers[header] == value
    with Gateway(config) as gateway:
        assert isinstance(gateway.catalog(), ModelList)


def test_an_empty_key_is_no_key(secured_gateway_server: GatewayServer) -> None:
    config = GatewayConfig(secured_gateway_server.url, api_key="", hints=Hints(api_key="use -k"))
    with Gateway(config) as gateway:
        outcome = gateway.catalog()
    assert isinstance(outcome, GatewayError)
    assert outcome.kind == "unauthorized"
    assert outcome.message.startswith("API key missing or wrong (use -k).")


def test_pool_size_and_timeout_reach_httpx() -> None:
    client = make_client(GatewayConfig(timeout_s=2.5, max_connections=3))
    httpx_client = client.get_httpx_client()
    assert httpx_client.timeout.read == 2.5
    assert httpx_client.timeout.connect == 2.5
    pool = httpx_client._transport._pool  # type: ignore[attr-defined]
    assert pool._max_connections == 3
    httpx_client.close()
