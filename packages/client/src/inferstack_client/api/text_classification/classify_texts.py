from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.text_classification_request import TextClassificationRequest
from ...models.text_classification_response import TextClassificationResponse
from ...types import Unset


def _get_kwargs(
    *,
    body: TextClassificationRequest,
    x_request_timeout: float | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_timeout, Unset):
        headers["X-Request-Timeout"] = str(x_request_timeout)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/text-classification",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TextClassificationResponse | None:
    if response.status_code == 200:
        response_200 = TextClassificationResponse.from_dict(response.json())

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
) -> Response[Problem | TextClassificationResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TextClassificationRequest,
    x_request_timeout: float | Unset = UNSET,
) -> Response[Problem | TextClassificationResponse]:
    """Rank labels for texts (zero-shot, by embedding similarity)

     Each label is put in `hypothesis_template`; the texts and these hypotheses are embedded in one
    batch, and each text's labels are ranked by cosine similarity, turned into probabilities by a
    softmax across the labels at temperature 0.025 (`mode` `single_label`, the default), or with
    `multi_label` each on its own, sigmoid((similarity - 0.1) / 0.025) (`mode` `multi_label`). Either
    way a text whose labels all stay below similarity 0.1 is marked `none_fits`.

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (TextClassificationRequest): Score every label for every text with one model version,
            in one batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TextClassificationResponse]
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
    body: TextClassificationRequest,
    x_request_timeout: float | Unset = UNSET,
) -> Problem | TextClassificationResponse | None:
    """Rank labels for texts (zero-shot, by embedding similarity)

     Each label is put in `hypothesis_template`; the texts and these hypotheses are embedded in one
    batch, and each text's labels are ranked by cosine similarity, turned into probabilities by a
    softmax across the labels at temperature 0.025 (`mode` `single_label`, the default), or with
    `multi_label` each on its own, sigmoid((similarity - 0.1) / 0.025) (`mode` `multi_label`). Either
    way a text whose labels all stay below similarity 0.1 is marked `none_fits`.

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (TextClassificationRequest): Score every label for every text with one model version,
            in one batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TextClassificationResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        x_request_timeout=x_request_timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TextClassificationRequest,
    x_request_timeout: float | Unset = UNSET,
) -> Response[Problem | TextClassificationResponse]:
    """Rank labels for texts (zero-shot, by embedding similarity)

     Each label is put in `hypothesis_template`; the texts and these hypotheses are embedded in one
    batch, and each text's labels are ranked by cosine similarity, turned into probabilities by a
    softmax across the labels at temperature 0.025 (`mode` `single_label`, the default), or with
    `multi_label` each on its own, sigmoid((similarity - 0.1) / 0.025) (`mode` `multi_label`). Either
    way a text whose labels all stay below similarity 0.1 is marked `none_fits`.

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (TextClassificationRequest): Score every label for every text with one model version,
            in one batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TextClassificationResponse]
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
    body: TextClassificationRequest,
    x_request_timeout: float | Unset = UNSET,
) -> Problem | TextClassificationResponse | None:
    """Rank labels for texts (zero-shot, by embedding similarity)

     Each label is put in `hypothesis_template`; the texts and these hypotheses are embedded in one
    batch, and each text's labels are ranked by cosine similarity, turned into probabilities by a
    softmax across the labels at temperature 0.025 (`mode` `single_label`, the default), or with
    `multi_label` each on its own, sigmoid((similarity - 0.1) / 0.025) (`mode` `multi_label`). Either
    way a text whose labels all stay below similarity 0.1 is marked `none_fits`.

    Args:
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (TextClassificationRequest): Score every label for every text with one model version,
            in one batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TextClassificationResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_request_timeout=x_request_timeout,
        )
    ).parsed
