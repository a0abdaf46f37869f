from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.prediction_page import PredictionPage
from ...models.problem import Problem
from ...types import Unset
import datetime


def _get_kwargs(
    *,
    model: None | str | Unset = UNSET,
    version: None | str | Unset = UNSET,
    status: int | None | Unset = UNSET,
    route: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    json_model: None | str | Unset
    if isinstance(model, Unset):
        json_model = UNSET
    else:
        json_model = model
    params["model"] = json_model

    json_version: None | str | Unset
    if isinstance(version, Unset):
        json_version = UNSET
    else:
        json_version = version
    params["version"] = json_version

    json_status: int | None | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    else:
        json_status = status
    params["status"] = json_status

    json_route: None | str | Unset
    if isinstance(route, Unset):
        json_route = UNSET
    else:
        json_route = route
    params["route"] = json_route

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_until: None | str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until
    params["until"] = json_until

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/predictions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PredictionPage | Problem | None:
    if response.status_code == 200:
        response_200 = PredictionPage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PredictionPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    model: None | str | Unset = UNSET,
    version: None | str | Unset = UNSET,
    status: int | None | Unset = UNSET,
    route: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
) -> Response[PredictionPage | Problem]:
    """Stored predictions, most recent first

     Filter by model, version, status, route and arrival time; page with `cursor` (the previous page's
    `next_cursor`).

    Args:
        model (None | str | Unset): Only this model.
        version (None | str | Unset): Only this version.
        status (int | None | Unset): Only this status.
        route (None | str | Unset): Only this route template, e.g. /v1/image-classification.
        since (datetime.datetime | None | Unset): Records that arrived at or after this time (ISO
            8601; UTC if no zone).
        until (datetime.datetime | None | Unset): Records that arrived before this time.
        limit (int | Unset): Records per page. Default: 100.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PredictionPage | Problem]
    """

    kwargs = _get_kwargs(
        model=model,
        version=version,
        status=status,
        route=route,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    model: None | str | Unset = UNSET,
    version: None | str | Unset = UNSET,
    status: int | None | Unset = UNSET,
    route: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
) -> PredictionPage | Problem | None:
    """Stored predictions, most recent first

     Filter by model, version, status, route and arrival time; page with `cursor` (the previous page's
    `next_cursor`).

    Args:
        model (None | str | Unset): Only this model.
        version (None | str | Unset): Only this version.
        status (int | None | Unset): Only this status.
        route (None | str | Unset): Only this route template, e.g. /v1/image-classification.
        since (datetime.datetime | None | Unset): Records that arrived at or after this time (ISO
            8601; UTC if no zone).
        until (datetime.datetime | None | Unset): Records that arrived before this time.
        limit (int | Unset): Records per page. Default: 100.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PredictionPage | Problem
    """

    return sync_detailed(
        client=client,
        model=model,
        version=version,
        status=status,
        route=route,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    model: None | str | Unset = UNSET,
    version: None | str | Unset = UNSET,
    status: int | None | Unset = UNSET,
    route: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
) -> Response[PredictionPage | Problem]:
    """Stored predictions, most recent first

     Filter by model, version, status, route and arrival time; page with `cursor` (the previous page's
    `next_cursor`).

    Args:
        model (None | str | Unset): Only this model.
        version (None | str | Unset): Only this version.
        status (int | None | Unset): Only this status.
        route (None | str | Unset): Only this route template, e.g. /v1/image-classification.
        since (datetime.datetime | None | Unset): Records that arrived at or after this time (ISO
            8601; UTC if no zone).
        until (datetime.datetime | None | Unset): Records that arrived before this time.
        limit (int | Unset): Records per page. Default: 100.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PredictionPage | Problem]
    """

    kwargs = _get_kwargs(
        model=model,
        version=version,
        status=status,
        route=route,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    model: None | str | Unset = UNSET,
    version: None | str | Unset = UNSET,
    status: int | None | Unset = UNSET,
    route: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
) -> PredictionPage | Problem | None:
    """Stored predictions, most recent first

     Filter by model, version, status, route and arrival time; page with `cursor` (the previous page's
    `next_cursor`).

    Args:
        model (None | str | Unset): Only this model.
        version (None | str | Unset): Only this version.
        status (int | None | Unset): Only this status.
        route (None | str | Unset): Only this route template, e.g. /v1/image-classification.
        since (datetime.datetime | None | Unset): Records that arrived at or after this time (ISO
            8601; UTC if no zone).
        until (datetime.datetime | None | Unset): Records that arrived before this time.
        limit (int | Unset): Records per page. Default: 100.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PredictionPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            model=model,
            version=version,
            status=status,
            route=route,
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
