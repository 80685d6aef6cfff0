"""Telling an address from a file's path, without loading the fetching machinery (which
every run that reads a local file would otherwise import)."""

from __future__ import annotations


def is_url(source: str) -> bool:
    """Whether `source` is an http(s) address rather than a file's path."""
    return source[:8].lower().startswith(("http://", "https://"))
