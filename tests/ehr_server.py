"""A minimal Starlette app with the EHR routes, served by uvicorn: what the HTTP tests and docs/ehr.md talk to.

Run by tests/test_ehr_http.py in a subprocess, on a listening socket the test
opened on 127.0.0.1 and passes as a file descriptor (no port race):

    python tests/ehr_server.py FD BASE_URL [CATALOG]
"""

from __future__ import annotations

import sys

import uvicorn
from starlette.applications import Starlette

from painguide.catalog.bundled import bundled_catalog
from painguide.ehr.routes import routes
from painguide.index.store import Store, open_store


def main(argv: list[str]) -> None:
    fd, base_url = int(argv[0]), argv[1]
    catalog = argv[2] if len(argv) > 2 else bundled_catalog()

    def store_in(language: str) -> Store:
        return open_store(catalog, language=language)

    app = Starlette(routes=routes(store_in, base_url))
    # No access log: an Infobutton URL carries a patient's problem code.
    uvicorn.run(app, fd=fd, access_log=False, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
