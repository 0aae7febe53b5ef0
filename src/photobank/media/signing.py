"""HMAC signatures for URLs photobank hands out (display renditions, deliveries)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from photobank import errors

if TYPE_CHECKING:
    from photobank.config import Settings


class Signer:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, *parts: str) -> str:
        digest = hmac.digest(self._key, "|".join(parts).encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()

    def verify(self, signature: str, *parts: str) -> bool:
        """Compared as bytes: ``compare_digest`` refuses a str with non-ASCII characters."""
        return hmac.compare_digest(signature.encode(), self.sign(*parts).encode())


MIN_KEY_BYTES = 32


def signing_key(settings: Settings) -> bytes:
    """The key ``PHOTOBANK_SIGNING_KEY_FILE`` holds (every node of a deployment reads the
    same secret), else the data directory's own, made at the first start."""
    path = settings.signing_key_file
    if path is None:
        return load_or_create_key(settings.data_dir / "signing.key")
    try:
        key = path.read_bytes()
    except OSError as exc:
        raise errors.Conflict(
            f"PHOTOBANK_SIGNING_KEY_FILE={path} cannot be read ({exc.strerror or exc})."
        ) from None
    if len(key) < MIN_KEY_BYTES:
        raise errors.Conflict(
            f"PHOTOBANK_SIGNING_KEY_FILE={path} holds {len(key)} bytes; a signing key needs"
            f" {MIN_KEY_BYTES} or more: head -c 32 /dev/urandom > {path}"
        )
    return key


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
