"""`painguide serve`: the site and a JSON API over HTTP (the optional `web` extra: Starlette on uvicorn)."""
