from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.inference_request import InferenceRequest
from ...models.inference_response import InferenceResponse
from ...models.open_inference_problem import OpenInferenceProblem
from ...types import File
from ...types import Unset


def _get_kwargs(
    model: str,
    version: str,
    *,
    body: InferenceRequest | File | Unset = UNSET,
    inference_header_content_length: int | Unset = UNSET,
    x_request_timeout: float | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(inference_header_content_length, Unset):
        headers["inference-header-content-length"] = str(
            inference_header_content_length
        )

    if not isinstance(x_request_timeout, Unset):
        headers["X-Request-Timeout"] = str(x_request_timeout)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/models/{model}/versions/{version}/infer".format(
            model=quote(str(model), safe=""),
            version=quote(str(version), safe=""),
        ),
    }

    if isinstance(body, InferenceRequest):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InferenceResponse | OpenInferenceProblem | None:
    if response.status_code == 200:
        response_200 = InferenceResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = OpenInferenceProblem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = OpenInferenceProblem.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = OpenInferenceProblem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = OpenInferenceProblem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = OpenInferenceProblem.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = OpenInferenceProblem.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[InferenceResponse | OpenInferenceProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model: str,
    version: str,
    *,
    client: AuthenticatedClient,
    body: InferenceRequest | File | Unset = UNSET,
    inference_header_content_length: int | Unset = UNSET,
    x_request_timeout: float | Unset = UNSET,
) -> Response[InferenceResponse | OpenInferenceProblem]:
    """Inference on one model version (Open Inference Protocol tensors)

    Args:
        model (str): The model's name.
        version (str): A version of the model.
        inference_header_content_length (int | Unset): Binary tensor data extension: the length of
            the JSON part of the body; the inputs' raw data follows it.
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (InferenceRequest): The body of POST
            v2/models/${MODEL_NAME}[/versions/${MODEL_VERSION}]/infer (Open Inference Protocol,
            "Inference Request JSON Object": $inference_request).
        body (File): Binary tensor data extension: the JSON inference request (its first
            `Inference-Header-Content-Length` bytes), then the raw data of each input whose parameters
            give `binary_data_size`, in input order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InferenceResponse | OpenInferenceProblem]
    """

    kwargs = _get_kwargs(
        model=model,
        version=version,
        body=body,
        inference_header_content_length=inference_header_content_length,
        x_request_timeout=x_request_timeout,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model: str,
    version: str,
    *,
    client: AuthenticatedClient,
    body: InferenceRequest | File | Unset = UNSET,
    inference_header_content_length: int | Unset = UNSET,
    x_request_timeout: float | Unset = UNSET,
) -> InferenceResponse | OpenInferenceProblem | None:
    """Inference on one model version (Open Inference Protocol tensors)

    Args:
        model (str): The model's name.
        version (str): A version of the model.
        inference_header_content_length (int | Unset): Binary tensor data extension: the length of
            the JSON part of the body; the inputs' raw data follows it.
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (InferenceRequest): The body of POST
            v2/models/${MODEL_NAME}[/versions/${MODEL_VERSION}]/infer (Open Inference Protocol,
            "Inference Request JSON Object": $inference_request).
        body (File): Binary tensor data extension: the JSON inference request (its first
            `Inference-Header-Content-Length` bytes), then the raw data of each input whose parameters
            give `binary_data_size`, in input order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InferenceResponse | OpenInferenceProblem
    """

    return sync_detailed(
        model=model,
        version=version,
        client=client,
        body=body,
        inference_header_content_length=inference_header_content_length,
        x_request_timeout=x_request_timeout,
    ).parsed


async def asyncio_detailed(
    model: str,
    version: str,
    *,
    client: AuthenticatedClient,
    body: InferenceRequest | File | Unset = UNSET,
    inference_header_content_length: int | Unset = UNSET,
    x_request_timeout: float | Unset = UNSET,
) -> Response[InferenceResponse | OpenInferenceProblem]:
    """Inference on one model version (Open Inference Protocol tensors)

    Args:
        model (str): The model's name.
        version (str): A version of the model.
        inference_header_content_length (int | Unset): Binary tensor data extension: the length of
            the JSON part of the body; the inputs' raw data follows it.
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (InferenceRequest): The body of POST
            v2/models/${MODEL_NAME}[/versions/${MODEL_VERSION}]/infer (Open Inference Protocol,
            "Inference Request JSON Object": $inference_request).
        body (File): Binary tensor data extension: the JSON inference request (its first
            `Inference-Header-Content-Length` bytes), then the raw data of each input whose parameters
            give `binary_data_size`, in input order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InferenceResponse | OpenInferenceProblem]
    """

    kwargs = _get_kwargs(
        model=model,
        version=version,
        body=body,
        inference_header_content_length=inference_header_content_length,
        x_request_timeout=x_request_timeout,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model: str,
    version: str,
    *,
    client: AuthenticatedClient,
    body: InferenceRequest | File | Unset = UNSET,
    inference_header_content_length: int | Unset = UNSET,
    x_request_timeout: float | Unset = UNSET,
) -> InferenceResponse | OpenInferenceProblem | None:
    """Inference on one model version (Open Inference Protocol tensors)

    Args:
        model (str): The model's name.
        version (str): A version of the model.
        inference_header_content_length (int | Unset): Binary tensor data extension: the length of
            the JSON part of the body; the inputs' raw data follows it.
        x_request_timeout (float | Unset): Seconds the caller waits for the answer (capped by the
            gateway's GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is
            left; 504 once it has passed.
        body (InferenceRequest): The body of POST
            v2/models/${MODEL_NAME}[/versions/${MODEL_VERSION}]/infer (Open Inference Protocol,
            "Inference Request JSON Object": $inference_request).
        body (File): Binary tensor data extension: the JSON inference request (its first
            `Inference-Header-Content-Length` bytes), then the raw data of each input whose parameters
            give `binary_data_size`, in input order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InferenceResponse | OpenInferenceProblem
    """

    return (
        await asyncio_detailed(
            model=model,
            version=version,
            client=client,
            body=body,
            inference_header_content_length=inference_header_content_length,
            x_request_timeout=x_request_timeout,
        )
    ).parsed
