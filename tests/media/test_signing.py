"""URL signatures: any text a client puts where a signature goes is just a wrong one."""

from __future__ import annotations

import pytest

from photobank.media.signing import Signer


@pytest.mark.parametrize("forged", ["", "é", "\x00", "x" * 10_000, "☃" * 22])
def test_a_forged_signature_is_refused(forged: str) -> None:
    signer = Signer(b"k" * 32)
    assert not signer.verify(forged, "display", "123", "thumb", "0")


def test_the_signature_it_made_is_accepted() -> None:
    signer = Signer(b"k" * 32)
    assert signer.verify(signer.sign("display", "é", "thumb", "0"), "display", "é", "thumb", "0")
