"""What a marker's hover says: the statement in full, wrapped in short lines, every value shown literally."""

from __future__ import annotations

import bisect
import itertools
import textwrap
from collections.abc import Mapping

import pandas as pd

from dashboard.present.formats import pretty
from dashboard.present.text import plot_lines, shorten
from dashboard.timeline.rows import known_date

SUMMARY_CHARS = 320
LINE_CHARS = 60
COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "actor",
    "actor_country",
    "kind",
    "confidence",
    "summary",
    "responds_to",
)

_WORD_PARTS = textwrap.TextWrapper.wordsep_re


def wrap_lines(text: str) -> list[str]:
    """The lines of `textwrap.wrap(text, LINE_CHARS)`, found fast when single spaces separate the words.

    Each line ends at the last place within LINE_CHARS where textwrap may break: before a space
    or, inside a hyphenated word, where textwrap's own pattern splits it. Other whitespace or
    a word longer than LINE_CHARS leaves the text to textwrap.
    """
    width = LINE_CHARS
    if not text:
        return []
    words = text.split(" ")
    if "  " in text or text != text.strip() or not text.isprintable() or max(map(len, words)) > width:
        return textwrap.wrap(text, width)
    hyphens: list[int] = []
    if "-" in text:
        offset = 0
        for word in words:
            if "-" in word:
                parts = [part for part in _WORD_PARTS.split(word) if part]
                hyphens += [offset + end for end in itertools.accumulate(map(len, parts[:-1]))]
            offset += len(word) + 1
    lines: list[str] = []
    start = 0
    while len(text) - start > width:
        space = text.rfind(" ", start, start + width + 1)
        before = bisect.bisect_right(hyphens, start + width)
        end = max(space, hyphens[before - 1] if before else -1)
        lines.append(text[start:end])
        start = end + 1 if end == space else end
    lines.append(text[start:])
    return lines


def _wrapped(text: str) -> str:
    return plot_lines("\n".join(wrap_lines(text)))


def hover_texts(
    events: pd.DataFrame, names: Mapping[str, str], answers: Mapping[str, list[str]]
) -> list[str]:
    """The hover text of every event (`answers`: event id -> the ids answering it); line breaks added here only."""
    columns = {column: events[column].tolist() for column in COLUMNS}
    # Many statements share a speaker or a kind: each distinct one is escaped once.
    speakers = {
        (actor, country): f"{_wrapped(str(actor))} ({plot_lines(str(names.get(country, country)))})"
        for actor, country in set(zip(columns["actor"], columns["actor_country"], strict=True))
    }
    styles = {
        (kind, confidence): plot_lines(f"{pretty(kind)} · confidence {confidence}")
        for kind, confidence in set(zip(columns["kind"], columns["confidence"], strict=True))
    }
    texts = []
    for event_id, date, precision, actor, country, kind, confidence, summary, responds_to in zip(
        *columns.values(), strict=True
    ):
        lines = [
            plot_lines(f"{event_id} · {known_date(date, precision)}"),
            speakers[actor, country],
            styles[kind, confidence],
            _wrapped(shorten(" ".join(str(summary).split()), SUMMARY_CHARS)),
        ]
        if isinstance(responds_to, str):
            lines.append(f"Answers {plot_lines(responds_to)}")
        if replies := answers.get(str(event_id)):
            lines.append("Answered by " + plot_lines(", ".join(replies)))
        texts.append("<br>".join(lines))
    return texts
