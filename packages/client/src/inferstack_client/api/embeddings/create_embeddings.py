from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.embedding_request import EmbeddingRequest
from ...models.embedding_response import EmbeddingResponse
from ...models.open_ai_problem import OpenAIProblem
from ...types import Unset


def _get_kwargs(
    *,
    body: EmbeddingRequest,
    x_request_timeout: float | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_timeout, Unset):
        headers["X-Request-Timeout"] = str(x_request_timeout)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/embeddings",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EmbeddingResponse | OpenAIProblem | None:
    if response.status_code == 200:
        response_200 = EmbeddingResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = OpenAIProblem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OpenAIProblem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = OpenAIProblem.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = OpenAIProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = OpenAIProblem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = OpenAIProblem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = OpenAIProblem.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = OpenAIProblem.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EmbeddingResponse | OpenAIProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EmbeddingRequest,
    x_request_timeout: float | Unset = UNSET,
) -> Response[EmbeddingResponse | OpenAIProblem]:
    """Embed texts (OpenAI embeddings API compatible)

     One unit-length vector per text, in order; all texts go to the model as one batch. The body and the
    answer are OpenAI's (`input`, `model`, `encoding_format`, `user`; `object`, `data`, `model`,
    `usage`), so its client libraries work against this path; the answer adds the model `version`, per
    text `tokens` and `truncated`, and `timings`.

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (EmbeddingRequest): Embed one text or a batch of texts with one model version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmbeddingResponse | OpenAIProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_request_timeout=x_request_timeout,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: EmbeddingRequest,
    x_request_timeout: float | Unset = UNSET,
) -> EmbeddingResponse | OpenAIProblem | None:
    """Embed texts (OpenAI embeddings API compatible)

     One unit-length vector per text, in order; all texts go to the model as one batch. The body and the
    answer are OpenAI's (`input`, `model`, `encoding_format`, `user`; `object`, `data`, `model`,
    `usage`), so its client libraries work against this path; the answer adds the model `version`, per
    text `tokens` and `truncated`, and `timings`.

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (EmbeddingRequest): Embed one text or a batch of texts with one model version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmbeddingResponse | OpenAIProblem
    """

    return sync_detailed(
        client=client,
        body=body,
        x_request_timeout=x_request_timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EmbeddingRequest,
    x_request_timeout: float | Unset = UNSET,
) -> Response[EmbeddingResponse | OpenAIProblem]:
    """Embed texts (OpenAI embeddings API compatible)

     One unit-length vector per text, in order; all texts go to the model as one batch. The body and the
    answer are OpenAI's (`input`, `model`, `encoding_format`, `user`; `object`, `data`, `model`,
    `usage`), so its client libraries work against this path; the answer adds the model `version`, per
    text `tokens` and `truncated`, and `timings`.

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (EmbeddingRequest): Embed one text or a batch of texts with one model version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmbeddingResponse | OpenAIProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_request_timeout=x_request_timeout,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: EmbeddingRequest,
    x_request_timeout: float | Unset = UNSET,
) -> EmbeddingResponse | OpenAIProblem | None:
    """Embed texts (OpenAI embeddings API compatible)

     One unit-length vector per text, in order; all texts go to the model as one batch. The body and the
    answer are OpenAI's (`input`, `model`, `encoding_format`, `user`; `object`, `data`, `model`,
    `usage`), so its client libraries work against this path; the answer adds the model `version`, per
    text `tokens` and `truncated`, and `timings`.

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (EmbeddingRequest): Embed one text or a batch of texts with one model version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmbeddingResponse | OpenAIProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_request_timeout=x_request_timeout,
        )
    ).parsed
