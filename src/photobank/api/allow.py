"""The ``Allow`` header of a 405 answer: every method some route serves at the path.

Starlette's own names only the methods of the first route that matched the
path, while v3 declares one route per method (``GET``/``POST /v3/boards``).
Legacy operation paths allow ``POST`` alone: their other routes only answer
an envelope telling the caller to POST.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.routing import BaseRoute, Route

from photobank.api.legacy.gateway import is_operation_path


def allowed_methods(routes: Iterable[BaseRoute], path: str) -> str:
    if is_operation_path(path):
        return "POST"
    methods: set[str] = set()
    for route in routes:
        if isinstance(route, Route) and route.methods and route.path_regex.fullmatch(path):
            methods |= route.methods
    return ", ".join(sorted(methods))
