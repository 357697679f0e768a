"""The EHR services as Starlette routes, for `painguide serve` (needs the `web` extra).

    from painguide.ehr.routes import routes
    app = Starlette(routes=[*routes(open_store_in, "https://clinic.example/guide"), ...])

`store_opener(language)` returns a newly opened index (`index.store.Store`,
as `open_store` gives) of the catalog in a language of languages.py. It is called in a
worker thread, once per request and language, and the routes close the store
when they have read it, so a SQLite connection never crosses threads or
outlives its request; an edited catalog is picked up by the next request.
Only this module imports Starlette; the services themselves are plain
functions (`infobutton.py`, `cdshooks.py`).

No patient data is written anywhere: request bodies are read into memory,
answered and dropped, never logged, and responses are marked `no-store`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from painguide.ehr import cdshooks
from painguide.ehr.common import Links, Reply, check_base_url
from painguide.ehr.infobutton import infobutton
from painguide.errors import CatalogError, CatalogFileError
from painguide.languages import SOURCE

if TYPE_CHECKING:
    from painguide.catalog.model import Catalog
    from painguide.index.store import Store

# A patient's prefetch (conditions, medicines) is a few hundred kilobytes at
# most; anything far larger is refused before it is read whole.
MAX_BODY = 5 * 1024 * 1024

# The CDS Hooks spec asks services to support CORS for browser-based clients,
# which send the JWT in Authorization. Nothing here depends on cookies, so any
# origin may call (credentials are never allowed).
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Max-Age": "600",
}
PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def routes(
    store_opener: Callable[[str], Store],
    base_url: str,
    *,
    page_path: str = "/topics/{id}",
    handout_path: str = "/topics/{id}/handout",
    published: Callable[[], Collection[str]] | None = None,
) -> list[Route]:
    """/infobutton, /cds-services and /cds-services/{id}, linking to `{base_url}{page_path}` and its handout.

    `page_path` and `handout_path` hold `{id}` for the topic id; Spanish links
    add `?lang=es`. Raises ValueError for a `base_url` that is not an
    absolute http(s) address.

    A patient's language is answered in only if `published()` (when given)
    names it and its translation opens now; otherwise the answer is in the
    source language, with its links and language saying so (docs/ehr.md). A
    catalog that cannot be read in the source language either is a 503.
    """
    links = Links(check_base_url(base_url), page_path, handout_path)

    def catalog_in(language: str) -> Catalog:
        if language != SOURCE:
            try:
                if published is None or language in published():
                    return read(language)
            except (CatalogError, CatalogFileError):
                # A translation others may write, or one saved broken mid-edit: English, as `serve` does.
                pass
        return read(SOURCE)

    def read(language: str) -> Catalog:
        store = store_opener(language)
        try:
            return store.catalog()
        finally:
            store.close()

    async def unreadable(work: Callable[[], Response]) -> Response:
        try:
            return await run_in_threadpool(work)
        except (CatalogError, CatalogFileError):
            # The server's log and `painguide check` say why; the caller learns only that it cannot be answered now.
            return _failure(503, "the catalog cannot be read now; its administrator can run painguide check")

    async def infobutton_endpoint(request: Request) -> Response:
        params = request.query_params.multi_items()

        def work() -> Response:
            reply: Reply = infobutton(params, catalog_in, links)
            return Response(reply.body, reply.status, headers={**CORS, **PRIVATE}, media_type=reply.content_type)

        return await unreadable(work)

    async def discovery_endpoint(request: Request) -> Response:
        return await unreadable(lambda: JSONResponse(cdshooks.discovery(read(SOURCE)), headers=CORS))

    async def service_endpoint(request: Request) -> Response:
        service_id = request.path_params["service_id"]
        body = await _body(request)
        if body is None:
            return _failure(413, f"the request is larger than {MAX_BODY // (1024 * 1024)} MB")
        try:
            payload: object = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _failure(400, "the request body is not JSON")

        def work() -> Response:
            try:
                answer = cdshooks.call(service_id, payload, catalog_in, links)
            except cdshooks.Failure as failure:
                return _failure(failure.status, failure.reason)
            return JSONResponse(answer, headers={**CORS, **PRIVATE})

        return await unreadable(work)

    async def preflight(request: Request) -> Response:
        return Response(status_code=204, headers=CORS)

    return [
        Route("/infobutton", infobutton_endpoint, methods=["GET"]),
        Route("/infobutton", preflight, methods=["OPTIONS"]),
        Route("/cds-services", discovery_endpoint, methods=["GET"]),
        Route("/cds-services", preflight, methods=["OPTIONS"]),
        Route("/cds-services/{service_id}", service_endpoint, methods=["POST"]),
        Route("/cds-services/{service_id}", preflight, methods=["OPTIONS"]),
    ]


async def _body(request: Request) -> bytes | None:
    """The request body, or None once it passes MAX_BODY (the rest is never read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _failure(status: int, reason: str) -> Response:
    return Response(reason + "\n", status, headers={**CORS, **PRIVATE}, media_type="text/plain; charset=utf-8")
