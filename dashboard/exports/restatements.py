"""The lineage of an estimate: the estimate, then the figures that convert or restate it, never added up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.exports.tables import WIDTHS, figures_table
from dashboard.present.tables import TABLE_ROWS, Table, cap_note
from dashboard.present.text import SHORT, md_escape, readable

MAX_NOTES = 50


@dataclass(frozen=True)
class Lineage:
    """An estimate and the figures that convert or restate it (at most `TABLE_ROWS` of `total`), with their notes."""

    table: pd.DataFrame
    notes: list[str]
    total: int


def lineage(
    selected: pd.DataFrame, all_figures: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str]
) -> Lineage:
    """Each origin (from the whole package) followed by its restatements in the selection, as published.

    `notes` holds one Markdown line per restatement with a note, escaped, so caveats such
    as a quoted 'at least' stay visible beside the numbers.
    """
    derived = selected.loc[selected["derived_from"].notna() & (selected["basis"] != "allegation")]
    if derived.empty:
        return Lineage(pd.DataFrame(), [], 0)
    origins = all_figures.loc[all_figures["figure_id"].isin(set(derived["derived_from"]))]
    derived = derived.sort_values(
        ["derived_from", "published", "figure_id"], kind="stable", na_position="last"
    )
    ordered = pd.concat([origins, derived]).head(TABLE_ROWS)
    ids = [str(v) for v in ordered["figure_id"]]
    parents = [v if isinstance(v, str) else None for v in ordered["derived_from"]]
    # Each origin, then what restates it: sorted by origin id, the origin first (a stable sort).
    order = sorted(range(len(ids)), key=lambda i: (parents[i] or ids[i], parents[i] is not None))
    ordered = ordered.iloc[order]
    kept = set(selected["figure_id"])
    role = [
        f"{basis} of {parents[i]}"
        if parents[i] is not None
        else "the estimate"
        if ids[i] in kept
        else "the estimate (outside the selection)"
        for i, basis in zip(order, ordered["basis"].astype(str), strict=True)
    ]
    table = figures_table(ordered, sources, names).reset_index(drop=True)
    table.insert(0, "role", role)
    notes = [
        f"**{md_escape(figure)}** ({md_escape(r)}; {md_escape(publisher)}, {md_escape(when)}): "
        f"{md_escape(note, SHORT)}"
        for figure, r, publisher, when, note in zip(
            table["figure"][:MAX_NOTES],
            role[:MAX_NOTES],
            table["publisher"][:MAX_NOTES],
            table["date"][:MAX_NOTES],
            table["note"][:MAX_NOTES],
            strict=True,
        )
        if note and not r.startswith("the estimate")
    ]
    return Lineage(readable(table), notes, len(origins) + len(derived))


def lineage_table(family: Lineage) -> Table:
    """The lineage as the Exports page draws it, saying when rows were left out."""
    return Table(
        family.table,
        note=cap_note(len(family.table), family.total, "rows of the lineage"),
        widths=WIDTHS,
        key="exports_lineage",
    )


def notes_list(family: Lineage) -> str:
    """Markdown: the restatements' notes as a list, '' when none has a note."""
    return "\n".join(f"- {note}" for note in family.notes)
