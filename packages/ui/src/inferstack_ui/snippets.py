""" "Use via API": the request on screen as a curl command and as Python with the typed client.

Each snippet is the same request the page just sent, for the files or texts on screen. The API
key is never written out: a snippet reads it from INFERSTACK_API_KEY when the UI uses one.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

KEY_ENV = "INFERSTACK_API_KEY"


@dataclass(frozen=True)
class ImageRequest:
    """Files (by name, as a person has them) classified by one model version."""

    url: str
    files: tuple[str, ...]
    model: str
    version: str | None
    top_k: int
    with_key: bool = False


@dataclass(frozen=True)
class TextRequest:
    """Zero-shot text classification (`labels` set) or embeddings (`labels` None)."""

    url: str
    texts: tuple[str, ...]
    model: str
    version: str | None
    labels: tuple[str, ...] | None = None
    template: str | None = None
    with_key: bool = False


def docs_url(gateway_url: str) -> str:
    """The gateway's interactive API documentation."""
    return f"{gateway_url.rstrip('/')}/docs"


# --- curl ----------------------------------------------------------------------------------------


def curl_images(request: ImageRequest) -> str:
    parts = [f"curl -sS {shlex.quote(request.url.rstrip('/') + '/v1/image-classification/upload')}"]
    if request.with_key:
        parts.append(f'-H "X-API-Key: ${KEY_ENV}"')
    parts += [f"-F {shlex.quote('files=@' + name)}" for name in request.files]
    parts.append(f"-F {shlex.quote('model=' + request.model)}")
    if request.version is not None:
        parts.append(f"-F {shlex.quote('version=' + request.version)}")
    parts.append(f"-F top_k={request.top_k}")
    return " \\\n  ".join(parts)


def curl_texts(request: TextRequest) -> str:
    path = "/v1/text-classification" if request.labels is not None else "/v1/embeddings"
    parts = [f"curl -sS {shlex.quote(request.url.rstrip('/') + path)}"]
    if request.with_key:
        parts.append(f'-H "X-API-Key: ${KEY_ENV}"')
    parts.append("-H 'Content-Type: application/json'")
    parts.append(f"-d {shlex.quote(json.dumps(_text_body(request), ensure_ascii=False))}")
    return " \\\n  ".join(parts)


def _text_body(request: TextRequest) -> dict[str, object]:
    body: dict[str, object]
    if request.labels is not None:
        body = {"texts": list(request.texts), "labels": list(request.labels)}
        if request.template:
            body["hypothesis_template"] = request.template
    else:
        body = {"input": list(request.texts)}
    body["model"] = request.model
    if request.version is not None:
        body["version"] = request.version
    return body


# --- Python, the typed client generated from the gateway's OpenAPI document ---------------------

_CLIENT = """client = AuthenticatedClient(
    base_url={url},
    token=os.environ.get("{key_env}", ""),  # the gateway's API key, if it needs one
    prefix="",
    auth_header_name="X-API-Key",
)"""


def python_images(request: ImageRequest) -> str:
    version = "UNSET" if request.version is None else repr(request.version)
    return f"""import os
from pathlib import Path

from inferstack_client import AuthenticatedClient
from inferstack_client.api.image_classification import classify_uploads
from inferstack_client.models import BodyClassifyUploads, ImageClassificationResponse
from inferstack_client.types import UNSET, File

{_client(request.url)}
paths = [Path(name) for name in {list(request.files)!r}]
body = BodyClassifyUploads(
    files=[File(payload=path.open("rb"), file_name=path.name) for path in paths],
    model={request.model!r},
    version={version},
    top_k={request.top_k},
)
answer = classify_uploads.sync(client=client, body=body)
if not isinstance(answer, ImageClassificationResponse):
    raise SystemExit(f"refused: {{answer}}")
print("model", answer.model, "version", answer.version)
for result in answer.results:
    print(result.name, [(p.label, round(p.probability, 3)) for p in result.predictions])
"""


def python_texts(request: TextRequest) -> str:
    version = "UNSET" if request.version is None else repr(request.version)
    if request.labels is not None:
        template = f"\n    hypothesis_template={request.template!r}," if request.template else ""
        return f"""import os

from inferstack_client import AuthenticatedClient
from inferstack_client.api.text_classification import classify_texts
from inferstack_client.models import TextClassificationRequest, TextClassificationResponse
from inferstack_client.types import UNSET

{_client(request.url)}
body = TextClassificationRequest(
    texts={_literal(request.texts)},
    labels={_literal(request.labels)},{template}
    model={request.model!r},
    version={version},
)
answer = classify_texts.sync(client=client, body=body)
if not isinstance(answer, TextClassificationResponse):
    raise SystemExit(f"refused: {{answer}}")
for result in answer.results:
    best = result.predictions[0]
    print(result.index, best.label, round(best.probability, 3))
"""
    return f"""import os

from inferstack_client import AuthenticatedClient
from inferstack_client.api.embeddings import create_embeddings
from inferstack_client.models import EmbeddingRequest, EmbeddingResponse
from inferstack_client.types import UNSET

{_client(request.url)}
body = EmbeddingRequest(
    input_={_literal(request.texts)},
    model={request.model!r},
    version={version},
)
answer = create_embeddings.sync(client=client, body=body)
if not isinstance(answer, EmbeddingResponse):
    raise SystemExit(f"refused: {{answer}}")
for item in answer.data:
    print(item.index, len(item.embedding))
"""


def _client(url: str) -> str:
    return _CLIENT.format(url=repr(url.rstrip("/")), key_env=KEY_ENV)


def _literal(values: Sequence[str]) -> str:
    return repr(list(values))
