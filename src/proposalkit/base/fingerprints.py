"""Fingerprints that bind a record to the text it was made from: an approval to an item's body, a translation
to its source's title and body or template text."""

from __future__ import annotations

import hashlib


def body_fingerprint(body: str) -> str:
    """SHA-256 of a text, line ends as LF, in hex, prefixed "sha256:"."""
    return "sha256:" + hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def evidence_fingerprint(title: str, body: str) -> str:
    """The fingerprint of an evidence item's translatable text, its title and body, that a translation records."""
    return body_fingerprint(f"{title}\n{body}")
