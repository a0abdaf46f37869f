"""The real `openai` SDK against the gateway's OpenAI-shaped route (`/v1/embeddings`): answers
decode as the SDK expects, and errors raise the SDK's own exception classes with the gateway's
reason as their message (the problem's OpenAI `error` object)."""

from __future__ import annotations

import numpy as np
import openai
import pytest

from inferstack_tools.launcher.gateway import GatewayServer
from tests.conftest import TEST_API_KEY


def _client(server: GatewayServer, key: str = "unused") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=key, max_retries=0)


def test_embeddings(gateway_server: GatewayServer) -> None:
    client = _client(gateway_server)
    answer = client.embeddings.create(
        model="minilm", input=["a cat", "a dog"]
    )  # base64 on the wire
    assert [item.index for item in answer.data] == [0, 1]
    vectors = np.array([item.embedding for item in answer.data])
    assert vectors.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    floats = client.embeddings.create(model="minilm", input="a cat", encoding_format="float")
    np.testing.assert_allclose(floats.data[0].embedding, vectors[0], atol=1e-6)
    assert answer.usage.total_tokens > 0
    same = client.embeddings.create(model="minilm", input="a cat", dimensions=384)
    assert len(same.data[0].embedding) == 384


def test_unknown_model_raises_not_found_with_the_reason(gateway_server: GatewayServer) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        _client(gateway_server).embeddings.create(model="nope", input="hi")
    assert "model 'nope' is not served" in caught.value.message
    assert caught.value.code == "model_not_found"
    assert caught.value.type == "invalid_request_error"


def test_token_ids_are_refused_with_a_reason(gateway_server: GatewayServer) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        _client(gateway_server).embeddings.create(model="minilm", input=[[15339, 1917]])
    assert "token-id arrays are not accepted" in caught.value.message
    assert caught.value.param == "input"


def test_other_dimensions_are_refused_with_a_reason(gateway_server: GatewayServer) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        _client(gateway_server).embeddings.create(model="minilm", input="hi", dimensions=64)
    assert "384-dimensional" in caught.value.message
    assert caught.value.param == "dimensions"


def test_keys_through_the_sdk(secured_gateway_server: GatewayServer) -> None:
    answer = _client(secured_gateway_server, TEST_API_KEY).embeddings.create(
        model="minilm", input="hi"
    )
    assert len(answer.data) == 1
    with pytest.raises(openai.AuthenticationError) as caught:
        _client(secured_gateway_server, "wrong-key").embeddings.create(model="minilm", input="hi")
    assert "not valid" in caught.value.message
