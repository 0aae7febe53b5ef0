"""HMAC signatures for URLs photobank hands out (display renditions, deliveries)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from pathlib import Path


class Signer:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, *parts: str) -> str:
        digest = hmac.digest(self._key, "|".join(parts).encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()

    def verify(self, signature: str, *parts: str) -> bool:
        """Compared as bytes: ``compare_digest`` refuses a str with non-ASCII characters."""
        return hmac.compare_digest(signature.encode(), self.sign(*parts).encode())


def load_or_create_key(path: Path) -> bytes:
    """The server's signing key, created once and kept with the data (mode 0600)."""
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(key)
    tmp.chmod(0o600)
    tmp.replace(path)
    return key
