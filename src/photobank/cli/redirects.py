"""``photobank clients redirect-uris``: the redirect URIs of the OAuth2 sign-in flows.

Mounted by :mod:`.main` on its ``clients`` group.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from photobank.cli.common import open_services

UriOption = Annotated[
    list[str] | None, typer.Option(metavar="URI", help="May be given several times.")
]


def redirect_uris(
    api_key: str,
    add: UriOption = None,
    remove: UriOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Register (--add) or remove (--remove) a client's redirect URIs, then list them.

    Authorization requests must name one of them exactly; https, http on a
    loopback host, or a private-use scheme such as com.example.app:/callback.
    """
    registry = open_services().accounts.redirect_uris
    for uri in add or ():
        registry.register(api_key, uri)
    for uri in remove or ():
        registry.unregister(api_key, uri)
    uris = registry.of_key(api_key)
    if as_json:
        typer.echo(json.dumps({"api_key": api_key, "redirect_uris": list(uris)}, indent=2))
    else:
        typer.echo("\n".join(uris) or "No redirect URIs: the client cannot use the sign-in flows.")
