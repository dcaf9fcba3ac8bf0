"""Data shown as text: never interpreted as Markdown, LaTeX or a link, never reordered."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.schemas import is_http_url

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&\"'=@%^])")
_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
SHORT = 600


def visible_controls(text: str) -> str:
    """Direction-override characters shown as their code points instead of reordering the text."""
    return _CONTROLS.sub(lambda m: f"⟨U+{ord(m.group(0)):04X}⟩", text)


def shorten(text: str, limit: int | None) -> str:
    """`text` cut at `limit` characters, saying how long it was."""
    if limit is None or len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters in all)"


def one_line(text: object, limit: int | None = None) -> str:
    """A data value as one readable line: whitespace folded, controls visible, long text shortened."""
    return shorten(visible_controls(" ".join(str(text).split())), limit)


# Markdown turns these into live elements however they are escaped: bare addresses (https://…, www.…,
# also right after a letter or '_'), e-mail addresses and ':material/name:' icon codes. Invisible word
# joiners around their ':', '.' and '@' break the patterns; the text reads the same.
_LIVE = re.compile(
    r"(?i)(?:[a-z][a-z0-9+.-]*://|(?:mailto|xmpp):|www\.)\S*|[^\s@]+@[^\s@]+|:[a-z0-9_-]+/[a-z0-9_-]+:?"
)
_JOINER = "\u2060"


def inert(text: str) -> str:
    """`text` with addresses, e-mail addresses and icon codes broken by word joiners (they read the same)."""
    return _LIVE.sub(lambda m: re.sub(r"([:.@])", _JOINER + r"\1" + _JOINER, m.group(0)), text)


def md_escape(text: object, limit: int | None = None) -> str:
    """`text` escaped for a Markdown element so it shows literally, on one line, with no live link or icon."""
    return _PUNCTUATION.sub(r"\\\1", inert(one_line(text, limit)))


def plot_text(text: object, limit: int | None = None) -> str:
    """`text` for a plotly label or hover, on one line: no tags, entities or LaTeX take effect."""
    return plot_lines(one_line(text, limit))


def plot_lines(text: str) -> str:
    """`text`, which may hold line breaks, for plotly: its pseudo-HTML and '$' neutralised, lines as <br>."""
    escaped = visible_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("$", "&#36;").replace("\n", "<br>")


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` for display: text cells with direction controls made visible.

    A new frame when some cell changes, else `frame` itself (tables are never changed in place).
    """
    changed: dict[str, pd.Series] = {}
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            cells = values.tolist()
            # The pattern matches single characters, so one search over all the text finds any cell's.
            if _CONTROLS.search("".join(v for v in cells if isinstance(v, str))):
                changed[column] = pd.Series(
                    [visible_controls(v) if isinstance(v, str) else v for v in cells],
                    index=frame.index,
                    dtype=values.dtype,
                )
    return frame.assign(**changed) if changed else frame


def safe_url(url: object) -> str | None:
    """`url` if it is an absolute http(s) address, else None (shown as text, never a link)."""
    text = str(url) if url is not None else ""
    return text if text and is_http_url(text) else None


# A strict subset of what `safe_url` accepts: http(s), an ASCII host and optional port, then printable
# ASCII only. Such an address cannot hold a space, a control, a bracket or a non-ASCII character, so
# `safe_url` would return it unchanged; every other address still goes through `safe_url` itself.
_PLAIN_HTTP = r"https?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#][!-~]*)?"


def safe_links(urls: pd.Series) -> pd.Series:
    """`safe_url` of each address (None for anything but http(s)), fast for plain addresses."""
    text = urls.astype(object).where(urls.notna(), "").astype(str)
    plain_http = text.str.fullmatch(_PLAIN_HTTP).fillna(False).astype(bool)
    links = [url if ok else safe_url(url) for url, ok in zip(text.tolist(), plain_http.tolist(), strict=True)]
    return pd.Series(links, index=urls.index, dtype=object)
