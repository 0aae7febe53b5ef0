"""A local development CA and a server certificate for localhost, 127.0.0.1 and ::1.

Two certificates rather than one self-signed leaf: clients trust the CA once
(``SSL_CERT_FILE``, ``REQUESTS_CA_BUNDLE``, ``NODE_EXTRA_CA_CERTS``, ``curl
--cacert``) and a renewed server certificate needs no new trust. Keys are
P-256: generated in milliseconds, so a fresh data directory costs nothing.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 3650
SERVER_DAYS = 825  # the longest lifetime Apple platforms accept for a server certificate
HOST_NAMES = ("localhost",)
HOST_ADDRESSES = ("127.0.0.1", "::1")


@dataclass(frozen=True, slots=True)
class DevCertificate:
    """Paths of the development CA certificate and the server certificate and key."""

    ca: Path
    cert: Path
    key: Path


def paths(directory: Path) -> DevCertificate:
    return DevCertificate(directory / "ca.pem", directory / "server.pem", directory / "server.key")


def ensure_dev_certificate(directory: Path) -> tuple[DevCertificate, bool]:
    """The development certificate in ``directory``, created if absent; True when new."""
    found = paths(directory)
    if found.ca.exists() and found.cert.exists() and found.key.exists():
        return found, False
    return create_dev_certificate(directory), True


def create_dev_certificate(directory: Path) -> DevCertificate:
    """Create (or replace) the CA and the server certificate in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    found = paths(directory)
    now = datetime.now(UTC) - timedelta(minutes=5)  # tolerate a little clock skew
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "photobank development CA")])
    ca_cert = (
        _builder(ca_name, ca_name, ca_key.public_key(), now, CA_DAYS)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    alt_names: list[x509.GeneralName] = [x509.DNSName(name) for name in HOST_NAMES]
    alt_names += [x509.IPAddress(ipaddress.ip_address(a)) for a in HOST_ADDRESSES]
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    cert = (
        _builder(subject, ca_name, key.public_key(), now, SERVER_DAYS)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    found.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    found.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    found.key.touch(mode=0o600)
    found.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return found


def trust_instructions(ca: Path, https_base: str) -> str:
    """How to make clients trust the development CA."""
    return "\n".join(
        [
            f"Trust the development CA {ca}:",
            f"  export SSL_CERT_FILE={ca}        # Python ssl, httpx",
            f"  export REQUESTS_CA_BUNDLE={ca}   # requests",
            f"  export NODE_EXTRA_CA_CERTS={ca}  # Node.js",
            f"  curl --cacert {ca} {https_base}/health",
        ]
    )


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    start: datetime,
    days: int,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
    )


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )
