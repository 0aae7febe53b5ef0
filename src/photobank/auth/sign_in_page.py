"""The HTML of the sign-in flows: the sign-in form and the error page.

Self-contained (one inline style block allowed by its hash, no scripts, no
external assets), so it works offline; labelled fields, an ``alert`` role on
messages and the browser's own controls keep it accessible. Every value
shown is HTML-escaped. The headers forbid framing (clickjacking), caching and
referrers (the page URL carries the client's ``state``).
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from urllib.parse import urlsplit

from starlette.responses import HTMLResponse

SIGN_IN_PATH = "/oauth2/sign-in"

_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f4f4;color:#111}"
    "main{max-width:24rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px}"
    "h1{font-size:1.5rem;margin-top:0}label{display:block;margin-top:1rem;font-weight:600}"
    "input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}"
    "button{margin-top:1.5rem;margin-right:.5rem;padding:.5rem 1.25rem;font:inherit}"
    "[role=alert]{padding:.75rem;background:#fde8e8;border-left:4px solid #b00020}"
    ":focus{outline:3px solid #1a5fb4;outline-offset:2px}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Content-Security-Policy": (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _page(title: str, body: str, status: int) -> HTMLResponse:
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)} · photobank</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )
    return HTMLResponse(html, status, headers=_HEADERS)


def sign_in_form(
    *,
    client_name: str,
    redirect_uri: str,
    request_fields: list[tuple[str, str]],
    csrf_field: tuple[str, str],
    username: str = "",
    message: str | None = None,
) -> HTMLResponse:
    """The form; ``request_fields`` (the authorization request) ride along hidden."""
    destination = urlsplit(redirect_uri).netloc or redirect_uri
    alert = f'<p role="alert" id="problem">{escape(message)}</p>' if message else ""
    described = ' aria-describedby="problem"' if message else ""
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in [*request_fields, csrf_field]
    )
    body = (
        f"{alert}<p><strong>{escape(client_name)}</strong> asks to use photobank on your"
        f" behalf. After you sign in you will return to <strong>{escape(destination)}</strong>."
        f'</p><form method="post" action="{SIGN_IN_PATH}">{hidden}'
        '<label for="username">Username</label>'
        f'<input id="username" name="username" autocomplete="username" required autofocus'
        f' value="{escape(username)}"{described}>'
        '<label for="password">Password</label>'
        '<input id="password" name="password" type="password"'
        f' autocomplete="current-password" required{described}>'
        '<button type="submit" name="action" value="sign_in">Sign in</button>'
        '<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>'
        "</form>"
    )
    return _page("Sign in", body, 200)


def error_page(message: str, status: int = 400) -> HTMLResponse:
    """A dead end, used when redirecting back could send the user somewhere unsafe."""
    body = f'<p role="alert">{escape(message)}</p><p>Go back to the application and try again.</p>'
    return _page("Sign-in problem", body, status)
