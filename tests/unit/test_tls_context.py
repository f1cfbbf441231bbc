"""Every connection of a process shares one TLS context per CA file and verification mode: a context with
the system's CA store costs about 0.8 MB and lives as long as its connection (a daemon watching hundreds
of accounts held hundreds); a CA file replaced on disk is read again."""

from __future__ import annotations

import os
import ssl

from agent.config import ImapSettings
from agent.mail.imap import make_ssl_context


def test_connections_share_a_context_until_the_ca_file_changes(tmp_path) -> None:
    system = ImapSettings(host="imap.example.org", username="a@example.org")
    assert make_ssl_context(system) is make_ssl_context(ImapSettings(host="other.example", username="b"))
    ca = tmp_path / "ca.pem"
    pem = _a_certificate()
    ca.write_text(pem)
    own = ImapSettings(host="127.0.0.1", username="u", ca_file=str(ca))
    first = make_ssl_context(own)
    assert first is make_ssl_context(own) and first is not make_ssl_context(system)
    os.utime(ca, ns=(1, 1))  # replaced: another modification time
    assert make_ssl_context(own) is not first
    unverified = make_ssl_context(ImapSettings(host="127.0.0.1", username="u", ca_file=str(ca), tls_verify=False))
    assert unverified.verify_mode == ssl.CERT_NONE and make_ssl_context(own).verify_mode == ssl.CERT_REQUIRED


def _a_certificate() -> str:
    """One PEM certificate from the system's store (any will do as a private CA file)."""
    for cert in ssl.create_default_context().get_ca_certs(binary_form=True):
        return ssl.DER_cert_to_PEM_cert(cert)
    raise AssertionError("no system CA certificate")
