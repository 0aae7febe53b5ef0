"""URL signatures: any text a client puts where a signature goes is just a wrong one."""

from __future__ import annotations

from pathlib import Path

import pytest

from photobank.config import Settings
from photobank.errors import Conflict
from photobank.media.signing import Signer, signing_key


@pytest.mark.parametrize("forged", ["", "é", "\x00", "x" * 10_000, "☃" * 22])
def test_a_forged_signature_is_refused(forged: str) -> None:
    signer = Signer(b"k" * 32)
    assert not signer.verify(forged, "display", "123", "thumb", "0")


def test_the_signature_it_made_is_accepted() -> None:
    signer = Signer(b"k" * 32)
    assert signer.verify(signer.sign("display", "é", "thumb", "0"), "display", "é", "thumb", "0")


def test_the_key_is_the_data_directorys_own_unless_a_key_file_is_named(tmp_path: Path) -> None:
    own = signing_key(Settings(data_dir=tmp_path / "a"))
    assert own == (tmp_path / "a" / "signing.key").read_bytes() and len(own) == 32
    shared = tmp_path / "secret"
    shared.write_bytes(b"s" * 40)
    for node in "bc":  # every node reading the file signs alike, nothing is made
        settings = Settings(data_dir=tmp_path / node, signing_key_file=shared)
        assert signing_key(settings) == b"s" * 40
        assert not (tmp_path / node / "signing.key").exists()


def test_a_missing_or_short_key_file_stops_the_start_in_one_line(tmp_path: Path) -> None:
    missing = Settings(data_dir=tmp_path, signing_key_file=tmp_path / "absent")
    with pytest.raises(Conflict, match=r"^PHOTOBANK_SIGNING_KEY_FILE=.*absent cannot be read"):
        signing_key(missing)
    (tmp_path / "short").write_bytes(b"abc")
    short = Settings(data_dir=tmp_path, signing_key_file=tmp_path / "short")
    with pytest.raises(Conflict, match=r"holds 3 bytes; a signing key needs 32 or more"):
        signing_key(short)
