"""Tables for the Sources & method page."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from dashboard.present.formats import format_date, source_labels, title_shown
from dashboard.present.text import safe_url


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """Who wrote it and where (`source_label`), title (marked if not retrieved), date, kind, link, address, note."""
    precision = sources["published_precision"].fillna("day")
    labels = source_labels(sources)
    return pd.DataFrame(
        {
            "id": sources["source_id"],
            "source": [labels[str(i)] for i in sources["source_id"]],
            "title": [
                title_shown(t, status)
                for t, status in zip(sources["title"], sources["title_status"], strict=True)
            ],
            "link": sources["url"].map(safe_url),
            "published": [
                format_date(d, p) if pd.notna(d) else "not recorded"
                for d, p in zip(sources["published"], precision, strict=True)
            ],
            "kind": sources["kind"],
            "address": sources["url"],
            "note": sources["note"].fillna(""),
        }
    )


def vocabulary_table(meanings: Mapping[str, str], name: str) -> pd.DataFrame:
    """A vocabulary and what each value means."""
    return pd.DataFrame({name: list(meanings), "meaning": list(meanings.values())})


def latest_changes(changelog: str) -> tuple[str, str]:
    """The newest release of a Keep-a-Changelog file (an 'Unreleased' section skipped): heading and body."""
    for section in re.split(r"^## ", changelog, flags=re.MULTILINE)[1:]:
        heading, _, body = section.partition("\n")
        if "unreleased" not in heading.casefold():
            return heading.strip(), body.strip()
    return "", ""


def full_changelog(changelog: str) -> str:
    """The changelog to show under the page's 'Corrections' heading: its title dropped and every heading
    one level lower, so the page keeps a single h1 and no level is skipped."""
    lines = changelog.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join("#" + line if line.startswith("##") else line for line in lines).strip()
