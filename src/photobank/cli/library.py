"""``photobank init`` and ``photobank operator-token``: a library-mode data directory, ready.

``init`` migrates the store, makes the development certificate, issues the
operator token and an API client, and prints them with the next commands.
Run again, it issues nothing new: secrets are shown once, and
``operator-token`` or ``clients rotate`` replace a lost one.
"""

from __future__ import annotations

import typer

from photobank.cli.common import load_settings, open_services

_FIRST_CLIENT = "my app"


def init() -> None:
    """Set up a library: store, HTTPS certificate, operator token and an API client."""
    from photobank.accounts.operators import OperatorCredential
    from photobank.tls.certs import ensure_dev_certificate
    from photobank.tls.serving import DEMO_HTTPS_PORT

    settings = load_settings()
    services = open_services(settings)
    try:
        cert, _made = ensure_dev_certificate(settings.data_dir / "tls")
        operator = OperatorCredential(services.engine)
        token = None if operator.exists() else operator.issue()
        client = None
        if not services.accounts.list_clients():
            client = services.accounts.create_client(_FIRST_CLIENT)
    finally:
        services.close()
    base = f"https://localhost:{DEMO_HTTPS_PORT}"
    lines = [f"photobank library in {settings.data_dir}"]
    if token:
        lines.append(f"  Operator token: {token}  (shown once; uploads and the console)")
    else:
        lines.append("  Operator token: issued before (`photobank operator-token` replaces it)")
    if client:
        api_client, secret = client
        lines.append(f"  Api-Key:        {api_client.api_key}\n  Secret:         {secret}")
    lines += [
        f"  CA certificate: {cert.ca}",
        "Next:",
        "  photobank ingest ~/Pictures --collection OWN",
        "  photobank customers create alice --password 'choose-one'",
        "  photobank customers grant alice --type premiumaccess",
        f"  photobank serve --https-port {DEMO_HTTPS_PORT}",
        f"  curl --cacert {cert.ca} -H 'Authorization: Bearer {token or 'TOKEN'}'"
        f" -F files=@photo.jpg {base}/operator/v1/ingest",
    ]
    typer.echo("\n".join(lines))


def operator_token() -> None:
    """Issue a new operator token (shown once); the previous one stops working."""
    from photobank.accounts.operators import OperatorCredential

    services = open_services()
    try:
        typer.echo(OperatorCredential(services.engine).issue())
    finally:
        services.close()
