"""The development CA and server certificate, and the `photobank cert` command."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from cryptography import x509
from typer.testing import CliRunner

from photobank.cli import app
from photobank.config import Settings
from photobank.tls.certs import create_dev_certificate, ensure_dev_certificate
from photobank.tls.serving import DEMO_HTTPS_PORT, plan_listeners
from tests.deployment import use_environment


def test_server_certificate_is_signed_by_the_ca_for_local_names(tmp_path: Path) -> None:
    made = create_dev_certificate(tmp_path)
    ca = x509.load_pem_x509_certificate(made.ca.read_bytes())
    cert = x509.load_pem_x509_certificate(made.cert.read_bytes())
    cert.verify_directly_issued_by(ca)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    addresses = names.get_values_for_type(x509.IPAddress)
    assert addresses == [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")]
    assert made.key.stat().st_mode & 0o077 == 0


def test_ensure_keeps_an_existing_certificate(tmp_path: Path) -> None:
    first, created = ensure_dev_certificate(tmp_path)
    again, created_again = ensure_dev_certificate(tmp_path)
    assert created and not created_again
    assert again.cert.read_bytes() == first.cert.read_bytes()


def test_cert_command_prints_how_to_trust_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_environment(monkeypatch, tmp_path)
    result = CliRunner().invoke(app, ["cert"])
    assert result.exit_code == 0, result.output
    ca = tmp_path / "tls" / "ca.pem"
    for hint in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "--cacert"):
        assert f"{hint}" in result.output
    assert str(ca) in result.output and ca.exists()


def test_listeners_demo_gets_https_on_8443_others_only_when_asked(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    plain, dev = plan_listeners(settings, 8080, None, None, None, demo=False)
    assert [listener.port for listener in plain] == [8080] and dev is None
    demo, dev = plan_listeners(settings, 8080, None, None, None, demo=True)
    assert [listener.port for listener in demo] == [8080, DEMO_HTTPS_PORT]
    assert dev is not None and demo[1].cert == dev.cert
    off, _ = plan_listeners(settings, 8080, 0, None, None, demo=True)
    assert len(off) == 1
    own, dev = plan_listeners(settings, 8080, 9443, tmp_path / "c.pem", tmp_path / "k.pem", False)
    assert own[1].port == 9443 and own[1].cert == tmp_path / "c.pem" and dev is None
