"""The composition root: every backend chosen once, one signing key for every signed thing."""

from __future__ import annotations

from pathlib import Path

from photobank.composition import build_services
from tests.deployment import deployed


def test_one_signing_key_kept_with_the_data_signs_everything(tmp_path: Path) -> None:
    settings = deployed(data_dir=tmp_path, hash_cost="fast")
    first = build_services(settings)
    try:
        url = first.media_urls.display("http://x", "1", "preview", True)
        signature = url.rsplit("sig=", 1)[1]
        assert first.signer.verify(signature, "display", "1", "preview", "1")
        assert first.viewers.of(None, None).entitlements is None
    finally:
        first.close()
    again = build_services(settings)  # the key was kept: URLs handed out stay valid
    try:
        assert again.media_urls.verify("1", "preview", "1", signature)
    finally:
        again.close()
