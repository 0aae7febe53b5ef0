"""Getty's AI generator: ``/v3/ai/image-generations`` and ``/v3/ai/redownloads``.

The flow the official .NET SDK follows: a generation (or variation) answers 202
with its ``generation_request_id`` until it is ready, and the client polls ``GET
/v3/ai/image-generations/{id}`` while it answers 202; a download's PUT answers
202 without a body and the client polls GET on the same path. Any 2xx other than
202 is the finished answer. Either token is accepted: a user token acts for its
customer, an app token for the account its application belongs to; that
customer's AI Generation product pays for downloads.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.ai_wire import (
    choices,
    download_document,
    generation_document,
    optional_integer,
    required_text,
    sizes_document,
)
from photobank.api.v3.body import json_body, optional_text
from photobank.api.v3.common import base_url, services
from photobank.api.v3.params import parse_path
from photobank.api.v3.user import require_account
from photobank.demo.prompted import Prompt
from photobank.errors import InvalidParameter
from photobank.generation.models import Download, Generation

_GENERATIONS = "/v3/ai/image-generations"
_GENERATION = f"{_GENERATIONS}/{{generationRequestId}}"
_IMAGE = f"{_GENERATION}/images/{{index}}"
_VARIATIONS = f"{_IMAGE}/variations"
_DOWNLOAD = f"{_IMAGE}/download"
_SIZES = f"{_IMAGE}/download-sizes"
_REDOWNLOADS = "/v3/ai/redownloads"


def _generation_answer(request: Request, found: Generation) -> Response:
    """200 with the pictures once ready, else 202 with the id to poll."""
    base = base_url(request)
    generations = services(request).generations

    def preview(index: int) -> str:
        return generations.preview_url(base, found, index)

    return json_response(generation_document(found, preview), status=200 if found.ready else 202)


def _download_answer(download: Download) -> Response:
    if not download.ready:
        return Response(status_code=202)
    return json_response(download_document(download))


def _index(request: Request, path: str, method: str) -> int:
    index: int = parse_path(path, "index", request.path_params["index"], method)
    return index


async def generate(request: Request) -> Response:
    customer = require_account(request)
    body = await json_body(request, "AiImageGenerationsRequest", required=True)
    prompt = Prompt(
        text=required_text(body, "prompt"),
        negative=optional_text(body, "negative_prompt"),
        seed=optional_integer(body, "seed") or 0,
        media_type=optional_text(body, "media_type"),
        mood=optional_text(body, "mood"),
    )
    found = await run_in_threadpool(
        services(request).generations.generate,
        customer.id,
        prompt,
        optional_text(body, "aspect_ratio"),
        choices(body),
    )
    return _generation_answer(request, found)


async def get_generation(request: Request) -> Response:
    customer = require_account(request)
    generation_id = request.path_params["generationRequestId"]
    found = await run_in_threadpool(
        services(request).generations.generation, customer.id, generation_id, poll=True
    )
    return _generation_answer(request, found)


async def variations(request: Request) -> Response:
    customer = require_account(request)
    index = _index(request, _VARIATIONS, "post")
    body = await json_body(request, "AiGenerationVariationsRequest", required=False)
    found = await run_in_threadpool(
        services(request).generations.vary,
        customer.id,
        request.path_params["generationRequestId"],
        index,
        choices(body),
    )
    return _generation_answer(request, found)


async def start_download(request: Request) -> Response:
    customer = require_account(request)
    index = _index(request, _DOWNLOAD, "put")
    body = await json_body(request, "AiGeneratedImageDownloadRequest", required=True)
    download = await run_in_threadpool(
        services(request).generations.download,
        customer.id,
        request.path_params["generationRequestId"],
        index,
        required_text(body, "size_name"),
        choices(body),
        base_url(request),
    )
    return _download_answer(download)


async def get_download(request: Request) -> Response:
    customer = require_account(request)
    index = _index(request, _DOWNLOAD, "get")
    download = await run_in_threadpool(
        services(request).generations.poll_download,
        customer.id,
        request.path_params["generationRequestId"],
        index,
        base_url(request),
    )
    return _download_answer(download)


async def download_sizes(request: Request) -> Response:
    customer = require_account(request)
    index = _index(request, _SIZES, "get")
    sizes = await run_in_threadpool(
        services(request).generations.download_sizes,
        customer.id,
        request.path_params["generationRequestId"],
        index,
    )
    return json_response(sizes_document(sizes))


async def redownload(request: Request) -> Response:
    customer = require_account(request)
    body = await json_body(request, "AiGeneratedImageRedownloadRequest", required=True)
    asset_id = required_text(body, "generated_asset_id")
    chosen = choices(body)
    if chosen.product_id is None:  # Getty requires it here, unlike elsewhere
        raise InvalidParameter("product_id", "'product_id' is required.")
    download = await run_in_threadpool(
        services(request).generations.redownload,
        customer.id,
        asset_id,
        required_text(body, "size_name"),
        chosen,
        base_url(request),
    )
    return _download_answer(download)


routes = [
    Route(_GENERATIONS, generate, methods=["POST"]),
    Route(_GENERATION, get_generation, methods=["GET"]),
    Route(_VARIATIONS, variations, methods=["POST"]),
    Route(_DOWNLOAD, start_download, methods=["PUT"]),
    Route(_DOWNLOAD, get_download, methods=["GET"]),
    Route(_SIZES, download_sizes, methods=["GET"]),
    Route(_REDOWNLOADS, redownload, methods=["POST"]),
]
