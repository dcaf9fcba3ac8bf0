"""What the Sources & method page draws: the sources cited, the vocabularies, the corrections."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard import schemas
from dashboard.data import Package
from dashboard.exports import lineage
from dashboard.present.formats import format_date, source_labels, title_shown
from dashboard.present.tables import Table, cap_note, first_rows
from dashboard.present.text import md_escape, safe_links


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
            "link": safe_links(sources["url"]),
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
    one level lower, so the page keeps a single h1 and no level is skipped.

    It is shown as Markdown on purpose: it is the maintainers' file in the data folder, and an
    uploaded package never has one (`upload.load_upload` reads tables and metadata only).
    """
    lines = changelog.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join("#" + line if line.startswith("##") else line for line in lines).strip()


@dataclass(frozen=True, eq=False)
class SourcesView:
    """Everything the Sources & method page draws (texts are Markdown, data escaped)."""

    intro: str
    sources: Table | None
    method: tuple[tuple[str, pd.DataFrame | str], ...]  # a heading, and its vocabulary or its Markdown
    lineage: Table | None
    gaps: str | None
    release: str  # '' when the package has no changelog
    latest_changes: str
    changelog: str


LINEAGE_INTRO = (
    "The same estimate appears in EUR and in several USD amounts. The USD amounts are "
    "conversions or restatements of one estimate (the first row), not separate findings, "
    "and are never added up."
)
CORRECTIONS_INTRO = (
    "Every change to published rows is logged by row id in the package's `CHANGELOG.md`, "
    "newest first. The latest release, {release}:"
)
DOWNLOAD_INTRO = (
    "The current selection as a ZIP: the CSV tables, with the rows outside it that its rows cite (so "
    "it loads back here as a package), and a README with the filters applied, the package's version "
    "and coverage dates, and a citation line. The file is made when you click."
)
VOCABULARIES = (
    ("Kinds of statement", schemas.KIND_MEANINGS, "kind"),
    ("Which answers stand under which route", schemas.ANSWER_RULE, ""),
    ("Kinds of source", schemas.SOURCE_KIND_MEANINGS, "kind"),
    ("Route status", schemas.STATUS_MEANINGS, "status"),
    ("Confidence", schemas.CONFIDENCE_MEANINGS, "confidence"),
)


def build(package: Package, selected: Mapping[str, pd.DataFrame]) -> SourcesView:
    """The page for the sources cited by the rows in `selected` (the filtered tables of `package`)."""
    cited, figures = selected["sources"], package.tables["figures"]
    shown, left_out = first_rows(cited)
    family = lineage(figures, figures, package.tables["sources"], package.derived.names)
    gaps = package.meta.get("not_covered", [])
    release, changes = latest_changes(package.changelog)
    return SourcesView(
        intro=f"{len(cited)} of {len(package.tables['sources'])} sources are cited by the rows in "
        "the current selection. A copy, mirror or translation names the outlet that wrote the text.",
        sources=None
        if cited.empty
        else Table(
            sources_table(shown),
            left_out,
            widths={"title": "large", "note": "large"},
            help={"title": "[title not retrieved]: the page's own headline was not found"},
        ),
        method=tuple(
            (title, md_escape(meanings) if isinstance(meanings, str) else vocabulary_table(meanings, name))
            for title, meanings, name in VOCABULARIES
        ),
        lineage=None
        if family.table.empty
        else Table(family.table, cap_note(len(family.table), family.total, "rows of the lineage")),
        gaps="\n".join(f"- {md_escape(gap)}" for gap in gaps) if isinstance(gaps, list) and gaps else None,
        release=CORRECTIONS_INTRO.format(release=md_escape(release)) if release else "",
        latest_changes=changes,
        changelog=full_changelog(package.changelog),
    )
