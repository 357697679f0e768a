"""The web server: the static site's pages rendered live, and a read-only JSON API.

Only `painguide serve` imports this module (Starlette is the optional
`web` extra). Every answer comes from the code the CLI uses: pages from
`site/build.py` (itself the CLI's page builders), JSON from
`export/json_data.py`, handouts from `render/handout.py`.

Stateless and read-only: a worker opens the catalog's prebuilt indexes
read-only (the `serve` command builds them before starting workers) and
keeps nothing between requests, so any number of workers and replicas can
run side by side behind a load balancer with no coordination.

One thread per worker does the catalog work. The active language is
process-wide (`i18n`) and SQLite connections belong to the thread that
opened them, so requests are answered one after another by that thread,
while the event loop stays free to refuse, time out and answer /healthz.
Throughput comes from workers and replicas (docs/deploy.md).

A handout's PDF (seconds to a minute of layout) is made apart, in a pool of
at most MAX_RENDERS threads, from HTML the catalog thread built: a PDF
past its timeout holds only its own place in that pool, never the catalog
thread, and a request that finds every place taken is refused at once
(503 with Retry-After) instead of queueing more work behind it.

Privacy: no cookies, nothing stored, and questions are not logged unless
the access log is turned on (`painguide serve --access-log`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from painguide import __version__
from painguide.environment import Environment
from painguide.errors import (
    CatalogError,
    CatalogFileError,
    HandoutTooLarge,
    MissingExtra,
    PainguideError,
    TopicNotFound,
    UsageError,
)
from painguide.languages import SOURCE

if TYPE_CHECKING:
    from painguide.index.store import Store
    from painguide.site.build import Site

# Bounds on a request: what a person could type, and how long an answer may take.
MAX_QUERY_STRING = 2048
MAX_TOPICS = 20
DEFAULT_TIMEOUT = 30.0
# PDFs one worker makes at once, counting those whose request has timed out
# but whose layout still runs; more wait for none and are refused.
MAX_RENDERS = 2
RETRY_AFTER = 30
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xml": "application/xml; charset=utf-8",
    "json": "application/json",
}


T = TypeVar("T")


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Catalog:
    """The catalog's site and indexes, opened in (and used only by) the one worker thread."""

    def __init__(self, catalog_path: str, env: Environment) -> None:
        self.catalog_path = catalog_path
        self.env = env
        self._site: Site | None = None
        self._pages: dict[str, bytes] = {}
        # The languages the site serves, once it is open: set by the worker thread, read by the EHR's threads.
        self.languages: tuple[str, ...] | None = None

    @property
    def site(self) -> Site:
        if self._site is None:
            from painguide.index.store import open_store
            from painguide.site.publish import open_site, pdf_available

            def store_in(code: str) -> Store:
                return open_store(self.catalog_path, use_cache=True, language=code, environ=self.env.environ)

            self._site = open_site(self.catalog_path, store_in, self.env, "", pdf_available())
            self.languages = self._site.languages
        return self._site

    def published(self) -> tuple[str, ...]:
        """The languages whose pages the site serves and whose translation may speak for the catalog now.

        What the EHR's links may point at: a translation the site left out (missing, or not trusted when it
        opened), or one that is no longer trusted, is not linked to.
        """
        from painguide.site.build import site_languages

        now = site_languages(self.catalog_path)
        return tuple(code for code in now if self.languages is None or code in self.languages)

    def page(self, path: str) -> bytes | None:
        """A page of the site, rendered once: pages depend on the read-only catalog alone.

        Only the site's own paths are kept (a fixed, small set), never
        anything a request made up, so the memory this takes is bounded.
        """
        if path not in self._pages:
            data = self.site.render(path)
            if data is None:
                return None
            self._pages[path] = data
        return self._pages[path]

    def store(self, lang: str) -> Store:
        site = self.site
        if lang not in site.stores:
            raise ApiError(400, f"lang must be one of {', '.join(site.languages)}")
        return site.stores[lang]


# Where the EHR services link: the site's own page and handout for each topic, per language.
EHR_PAGE = "/{lang}/topics/{id}.html"
EHR_HANDOUT = "/{lang}/handouts/{id}.html"
# The paths the EHR services answer, which take more than GET (CDS Hooks posts a JSON request).
EHR_PATHS = ("/infobutton", "/cds-services")


def create_app(
    catalog_path: str,
    timeout: float = DEFAULT_TIMEOUT,
    base_url: str = "",
    env: Environment | None = None,
    max_renders: int = MAX_RENDERS,
) -> Starlette:
    """The site, the JSON API and, with the public `base_url` the EHR's links need, the EHR services.

    `env` is the world the app's answers may know of (its environment variables, today); by default the process's.
    At most `max_renders` handout PDFs are laid out at once.
    """
    catalog = Catalog(catalog_path, env or Environment.from_process())
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="painguide")
    renderer = ThreadPoolExecutor(max_workers=max_renders, thread_name_prefix="painguide-pdf")
    # PDFs under way, timed out or not; read and changed on the event loop only.
    rendering = [0]

    def too_slow(seconds: float) -> Response:
        return _error(503, f"the answer took longer than {seconds:g} s; try again")

    async def call(work: Callable[[], T]) -> T | Response:
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(worker, _answer, work), timeout)
        except asyncio.TimeoutError:
            return too_slow(timeout)

    def busy() -> Response:
        message = (
            f"this server is making as many handouts as it may at once ({max_renders}); try again in {RETRY_AFTER} s"
        )
        response = _error(503, message)
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response

    def finished(job: asyncio.Future[Response]) -> None:
        rendering[0] -= 1
        if not job.cancelled():
            # Retrieved here: a request that timed out no longer awaits its layout's outcome.
            job.exception()

    async def render(html: str, seconds: float) -> Response:
        """The PDF of `html`, made in the renderer's pool; its place is freed when the layout ends."""
        if rendering[0] >= max_renders:
            return busy()
        rendering[0] += 1
        loop = asyncio.get_running_loop()
        job = loop.run_in_executor(renderer, _answer, lambda: _pdf(html))
        job.add_done_callback(finished)
        try:
            # Shielded: a timeout answers the request, and the layout runs on (it cannot be stopped)
            # holding its place until it ends.
            return await asyncio.wait_for(asyncio.shield(job), max(seconds, 0.0))
        except asyncio.TimeoutError:
            return too_slow(timeout)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    async def search(request: Request) -> Response:
        params = _params(request, {"q", "lang", "limit"})
        words = params.get("q", "").split()
        lang = params.get("lang", SOURCE)
        limit = _integer(params.get("limit", "10"), "limit", 1, 100)

        def work() -> Response:
            from painguide.export.json_data import search_data
            from painguide.i18n import using
            from painguide.index.search import search as run_search
            from painguide.limits import check_query

            if not words:
                raise ApiError(400, "q is required: the words or question to search for")
            store = catalog.store(lang)
            try:
                check_query(words)
            except UsageError as error:
                # A person in crisis may write a paragraph: the refusal still carries the safety net (ninth pass #3).
                with using(lang):
                    return _refused_with_net(" ".join(str(error).split()), " ".join(words), store)
            with using(lang):
                result = run_search(store, words, limit)
                return _json(search_data(result, store.info()))

        return await call(work)

    async def topic(request: Request) -> Response:
        params = _params(request, {"lang"})
        lang = params.get("lang", SOURCE)
        name = request.path_params["topic_id"]

        def work() -> Response:
            from painguide.export.json_data import show_data
            from painguide.i18n import using
            from painguide.limits import check_name
            from painguide.queries import topic_view

            # The CLI's bound on a name, so that a long one cannot tie up the catalog's thread (ninth pass #4).
            check_name(name.split())
            store = catalog.store(lang)
            with using(lang):
                view = topic_view(store, name)
                return _json(show_data(*view, store.info()))

        return await call(work)

    async def handout(request: Request) -> Response:
        params = _params(request, {"topics", "lang", "large_print"})
        names = [name.strip() for name in params.get("topics", "").split(",") if name.strip()]
        lang = params.get("lang", SOURCE)
        large = params.get("large_print", "0")
        if large not in ("0", "1", "true", "false"):
            raise ApiError(400, "large_print must be 1 or 0")
        if not names:
            raise ApiError(400, "topics is required: topic ids separated by commas, e.g. topics=acupuncture,sleep")
        if len(names) > MAX_TOPICS:
            raise ApiError(400, f"at most {MAX_TOPICS} topics in one handout")

        def work() -> Response | str:
            """The HTML handout, or the HTML to make a PDF of."""
            from painguide.i18n import using
            from painguide.queries import handout_topics
            from painguide.render.handout import HandoutOptions
            from painguide.render.handout import handout as build

            store = catalog.store(lang)
            with using(lang):
                items = handout_topics(store, names)
                options = HandoutOptions(large_print=large in ("1", "true"))
                html = build(items, store.info(), catalog.site.options.made, options)
            if catalog.site.options.pdf:
                return html
            return Response(html, media_type=TYPES["html"])

        if rendering[0] >= max_renders:
            return busy()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        answer = await call(work)
        if isinstance(answer, Response):
            return answer
        return await render(answer, deadline - loop.time())

    async def openapi(request: Request) -> Response:
        from painguide.web.openapi import document

        return _json(document())

    async def page(request: Request) -> Response:
        path = request.path_params.get("path") or "index.html"
        if path.endswith("/"):
            path += "index.html"
        _params(request, {"q"})

        def work() -> Response:
            data = catalog.page(path)
            if data is None:
                raise ApiError(404, "no such page")
            kind = path.rpartition(".")[2]
            csp = catalog.site.search_csp if path.endswith("/search.html") else catalog.site.csp
            headers = {"Content-Security-Policy": csp} if kind == "html" else {}
            return Response(data, media_type=TYPES[kind], headers=headers)

        return await call(work)

    ehr: list[Route] = []
    if base_url:
        from painguide.ehr.routes import routes as ehr_routes
        from painguide.index.store import open_store

        def opener(language: str) -> Store:
            return open_store(catalog_path, language=language, environ=catalog.env.environ)

        ehr = ehr_routes(opener, base_url, page_path=EHR_PAGE, handout_path=EHR_HANDOUT, published=catalog.published)
    routes = [
        *ehr,
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/api/search", search, methods=["GET"]),
        Route("/api/topics/{topic_id}", topic, methods=["GET"]),
        Route("/handout", handout, methods=["GET"]),
        Route("/", page, methods=["GET"]),
        Route("/{path:path}", page, methods=["GET"]),
    ]
    handlers: dict[type[Exception], Callable[[Request, Exception], Awaitable[Response]]] = {
        ApiError: _api_error,
        HTTPException: _http_error,
        Exception: _internal_error,
    }
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.state.catalog = catalog
    return app


def _answer(work: Callable[[], T]) -> T | Response:
    """Run one request's work; expected failures become JSON errors here, in the worker thread."""
    try:
        return work()
    except ApiError as error:
        return _error(error.status, error.message)
    except TopicNotFound as error:
        return _error(404, " ".join(str(error).split()))
    except MissingExtra as error:
        return _error(501, str(error))
    except HandoutTooLarge as error:
        return _error(422, " ".join(str(error).split()))
    except UsageError as error:
        return _error(400, " ".join(str(error).split()))
    except (CatalogError, CatalogFileError) as error:
        # The catalog broke after the server started: say so, never what it holds (its messages quote the
        # file; eleventh pass #1). The administrator sees why in the server's log.
        import logging

        logging.getLogger("painguide.serve").error("the catalog cannot be read: %s", error)
        return _error(503, "the catalog cannot be read now; the server's administrator must fix it")
    except PainguideError as error:
        return _error(500, " ".join(str(error).split()))


def _pdf(html: str) -> Response:
    # Looked up on each call, so that a test can put a slow stand-in in its place.
    from painguide.render import handout_pdf

    return Response(handout_pdf.pdf_bytes(html), media_type=TYPES["pdf"])


def _params(request: Request, allowed: set[str]) -> dict[str, str]:
    """The query parameters, each at most once and all known; else a 400."""
    raw = request.scope.get("query_string", b"")
    if len(raw) > MAX_QUERY_STRING:
        raise ApiError(414, f"the query string is longer than {MAX_QUERY_STRING} bytes")
    seen: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key not in allowed:
            raise ApiError(400, f"unknown parameter '{key[:40]}'; this endpoint takes {', '.join(sorted(allowed))}")
        if key in seen:
            raise ApiError(400, f"parameter '{key}' given more than once")
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value) or "\ufffd" in value:
            raise ApiError(400, f"parameter '{key}' has control characters or is not UTF-8")
        seen[key] = value
    return seen


def _integer(value: str, name: str, low: int, high: int) -> int:
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise ApiError(400, f"{name} must be a whole number from {low} to {high}")
    return int(value)


def _json(data: dict[str, object]) -> Response:
    from painguide.export.json_data import dumps

    # The very text `--format json` prints, byte for byte.
    return Response(dumps(data), media_type=TYPES["json"])


def _refused_with_net(message: str, text: str, store: Store) -> Response:
    """A 400 for a question too long to search, with the safety net's alerts and reminder for what was typed."""
    from painguide import safety_net
    from painguide.export.json_data import safety_net_data

    alerts = safety_net.triggered(text, safety_net.alerts(store.alerts(), store.language))
    body = {"error": message, "status": 400, "safety_net": safety_net_data(alerts, safety_net.reminds(text, alerts))}
    return Response(json.dumps(body) + "\n", 400, media_type=TYPES["json"])


def _error(status: int, message: str) -> Response:
    return Response(json.dumps({"error": message, "status": status}) + "\n", status, media_type=TYPES["json"])


async def _api_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    return _error(error.status, error.message)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    messages = {404: "no such page", 405: "only GET and HEAD are served"}
    return _error(error.status_code, messages.get(error.status_code, str(error.detail)))


async def _internal_error(request: Request, error: Exception) -> Response:
    # Never a traceback to the client; the server's own log has it.
    return _error(500, "internal error")


class Guard:
    """Security headers on every answer, and the limits every request must fit before it reaches the app."""

    def __init__(self, app: ASGIApp, max_body: int = 0) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length", b"0")
        if scope["path"].startswith(EHR_PATHS):
            # The EHR services check their own methods and body size (ehr/routes.py).
            await self.app(scope, receive, self._secured(send, scope["path"]))
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _error(405, "only GET and HEAD are served")(scope, receive, self._secured(send, scope["path"]))
            return
        if not length.isdigit() or int(length) > self.max_body or b"transfer-encoding" in headers:
            await _error(413, "requests carry no body")(scope, receive, self._secured(send, scope["path"]))
            return
        await self.app(scope, receive, self._secured(send, scope["path"]))

    def _secured(self, send: Send, path: str) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _value in message.get("headers", [])}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                    (b"permissions-policy", b"interest-cohort=(), browsing-topics=()"),
                ]
                if b"cache-control" not in present:
                    # Answers to questions are kept nowhere; pages are the catalog's and may be cached briefly.
                    private = path.startswith(("/api/", "/handout"))
                    extra.append((b"cache-control", b"no-store" if private else b"public, max-age=300"))
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", API_CSP.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return wrapped


def from_environment() -> ASGIApp:
    """The app for uvicorn's workers (`painguide serve` passes its options in the environment)."""
    from painguide.catalog.bundled import bundled_catalog

    # Built once, here at the worker's edge, as `process.run` builds the CLI's.
    env = Environment.from_process()
    catalog = env.environ.get("PAINGUIDE_DATA") or bundled_catalog()
    timeout = float(env.environ.get("PAINGUIDE_SERVE_TIMEOUT") or DEFAULT_TIMEOUT)
    return Guard(create_app(catalog, timeout, env.environ.get("PAINGUIDE_SERVE_BASE_URL", ""), env))
