"""Start the server: build the indexes once, then run uvicorn's workers, which open them read-only."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from painguide.errors import MissingExtra

if TYPE_CHECKING:
    from painguide.index.store import Store

INSTALL = 'pip install ".[web]" (from a checkout of painguide)'


def require_web() -> None:
    """MissingExtra, before any work, if the web extra is not installed."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise MissingExtra(f"painguide serve needs Starlette and uvicorn; install them with: {INSTALL}") from None


def serve(
    catalog_path: str,
    store_in: Callable[[str], Store],
    host: str,
    port: int,
    workers: int,
    access_log: bool,
    timeout: float,
    ready: Callable[[], None] = lambda: None,
    base_url: str = "",
) -> None:
    require_web()
    import uvicorn

    from painguide.site.build import site_languages

    # Built here, once: the workers then only open them, read-only.
    for code in site_languages(catalog_path):
        store_in(code).close()
    ready()
    os.environ["PAINGUIDE_DATA"] = catalog_path
    os.environ["PAINGUIDE_SERVE_TIMEOUT"] = str(timeout)
    os.environ["PAINGUIDE_SERVE_BASE_URL"] = base_url
    uvicorn.run(
        "painguide.web.app:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # uvicorn's access log records each request's query string: the patient's question.
        access_log=access_log,
        log_level="info" if access_log else "warning",
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=10,
        h11_max_incomplete_event_size=16 * 1024,
        limit_concurrency=1000,
    )
