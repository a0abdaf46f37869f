from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.image_classification_request import ImageClassificationRequest
from ...models.image_classification_response import ImageClassificationResponse
from ...models.problem import Problem
from ...types import Unset


def _get_kwargs(
    *,
    body: ImageClassificationRequest,
    x_request_timeout: float | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_timeout, Unset):
        headers["X-Request-Timeout"] = str(x_request_timeout)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/image-classification",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ImageClassificationResponse | Problem | None:
    if response.status_code == 200:
        response_200 = ImageClassificationResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ImageClassificationResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ImageClassificationRequest,
    x_request_timeout: float | Unset = UNSET,
) -> Response[ImageClassificationResponse | Problem]:
    """Classify images sent as base64 JSON

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (ImageClassificationRequest): Classify a batch of images with one model version; all
            go to Triton as one batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImageClassificationResponse | Problem]
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
    body: ImageClassificationRequest,
    x_request_timeout: float | Unset = UNSET,
) -> ImageClassificationResponse | Problem | None:
    """Classify images sent as base64 JSON

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (ImageClassificationRequest): Classify a batch of images with one model version; all
            go to Triton as one batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImageClassificationResponse | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        x_request_timeout=x_request_timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ImageClassificationRequest,
    x_request_timeout: float | Unset = UNSET,
) -> Response[ImageClassificationResponse | Problem]:
    """Classify images sent as base64 JSON

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (ImageClassificationRequest): Classify a batch of images with one model version; all
            go to Triton as one batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImageClassificationResponse | Problem]
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
    body: ImageClassificationRequest,
    x_request_timeout: float | Unset = UNSET,
) -> ImageClassificationResponse | Problem | None:
    """Classify images sent as base64 JSON

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (ImageClassificationRequest): Classify a batch of images with one model version; all
            go to Triton as one batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImageClassificationResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_request_timeout=x_request_timeout,
        )
    ).parsed
