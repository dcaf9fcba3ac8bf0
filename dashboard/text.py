"""Data shown as text: never interpreted as Markdown, LaTeX or a link."""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&\"'=@%^])")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def md_escape(text: object) -> str:
    """`text` escaped for a Markdown element so it shows literally, on one line."""
    flat = " ".join(str(text).split())
    return _PUNCTUATION.sub(r"\\\1", flat)


def visible_bidi(text: str) -> str:
    """Directional override characters made visible instead of reordering what follows."""
    return _BIDI.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text)


def safe_url(url: object) -> str | None:
    """`url` if it is an absolute http(s) address, else None (shown as text, never a link)."""
    from dashboard.schemas import is_http_url

    text = str(url) if url is not None else ""
    return text if text and is_http_url(text) else None
