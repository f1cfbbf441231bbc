"""Tests against a real Dovecot the suite starts on loopback."""
