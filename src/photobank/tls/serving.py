"""Serve one ASGI app on HTTP and HTTPS at once: two uvicorn servers, one event loop.

Uvicorn's proxy-header rewriting is switched off: it would let any loopback
client set the scheme with ``X-Forwarded-Proto``. :mod:`photobank.tls.transport`
believes that header only from configured proxies.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
import uvloop

from photobank.config import Settings
from photobank.http_protocol import BoundedHttpProtocol
from photobank.memory import tune_allocator
from photobank.tls.certs import DevCertificate, ensure_dev_certificate

DEMO_HTTPS_PORT = 8443
_BACKLOG = 2048  # uvicorn's own default


@dataclass(frozen=True, slots=True)
class Listener:
    """One socket to serve; ``cert`` and ``key`` make it TLS."""

    port: int
    cert: Path | None = None
    key: Path | None = None


def busy_port(host: str, listeners: list[Listener]) -> str | None:
    """A one-line reason when a listener's port cannot be bound (checked before any
    slow start-up work, so a busy port costs no demo build and no traceback)."""
    for listener in listeners:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, listener.port))
            except OSError as exc:
                why = "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc})"
                return (
                    f"port {listener.port} on {host} {why}: stop what holds it, or choose"
                    " another with --port / --https-port (PHOTOBANK_PORT, PHOTOBANK_HTTPS_PORT)."
                )
    return None


def bind(host: str, listeners: list[Listener]) -> list[socket.socket]:
    """Listening sockets for ``listeners``, bound once by the parent of several workers,
    which all accept from them (the kernel hands each connection to one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets = []
    for listener in listeners:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, listener.port))
        sock.listen(_BACKLOG)
        sock.set_inheritable(True)
        sockets.append(sock)
    return sockets


def serve(
    app: Any,
    host: str,
    listeners: list[Listener],
    log_level: str,
    max_connections: int,
    sockets: list[socket.socket] | None = None,
) -> None:
    """Run until interrupted; both servers share the app and its lifespan runs once.

    ``max_connections``: open connections each server answers, with the request
    limits of :mod:`photobank.http_protocol`. ``sockets``: already bound, one per
    listener (a worker process of several); otherwise each server binds its port.
    """
    tune_allocator()
    servers = []
    for index, listener in enumerate(listeners):
        config = uvicorn.Config(
            app,
            host=host,
            port=listener.port,
            log_level=log_level,
            access_log=False,
            proxy_headers=False,
            ssl_certfile=str(listener.cert) if listener.cert else None,
            ssl_keyfile=str(listener.key) if listener.key else None,
            lifespan="on" if index == 0 else "off",
            http=BoundedHttpProtocol,
            limit_concurrency=max_connections,
        )
        servers.append(uvicorn.Server(config))
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(_serve_all(servers, sockets))


async def _serve_all(servers: list[uvicorn.Server], sockets: list[socket.socket] | None) -> None:
    tasks = [
        asyncio.create_task(server.serve(sockets=[sockets[i]] if sockets else None))
        for i, server in enumerate(servers)
    ]
    done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for server in servers:
        server.should_exit = True  # one stopped (signal or error): stop the others too
    await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        task.result()


def plan_listeners(
    settings: Settings,
    port: int,
    https_port: int | None,
    cert: Path | None,
    key: Path | None,
    demo: bool,
) -> tuple[list[Listener], DevCertificate | None]:
    """HTTP on ``port``; HTTPS too when asked for (or for the demo, on 8443 by default).

    Without a certificate of the operator's, the development one in
    ``<data dir>/tls`` is used, created on first use; it is returned so the
    caller can say how to trust it.
    """
    wanted = https_port if https_port is not None else settings.https_port
    cert, key = cert or settings.tls_cert, key or settings.tls_key
    if wanted is None and (demo or cert is not None):
        wanted = DEMO_HTTPS_PORT
    if not wanted:
        return [Listener(port)], None
    dev = None
    if cert is None:
        dev, _created = ensure_dev_certificate(settings.data_dir / "tls")
        cert, key = dev.cert, dev.key
    return [Listener(port), Listener(wanted, cert, key)], dev
