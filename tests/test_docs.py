"""The data dictionary is generated from the schemas, so docs and contract cannot drift."""

from __future__ import annotations

import re

from dashboard import docs, schemas
from tests.conftest import DATA


def test_readme_dictionary_matches_the_schemas() -> None:
    """data/README.md holds exactly the generated column tables (run `python -m dashboard docs`)."""
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert docs.START in readme
    assert docs.END in readme
    assert docs.render(readme) == readme, "data/README.md is stale: run `python -m dashboard docs`"


def test_every_documented_column_is_in_the_schema_and_the_reverse() -> None:
    """Each table's documented columns are the schema's columns, in order."""
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    section = readme.split(docs.START)[1].split(docs.END)[0]
    for table, schema in schemas.SCHEMAS.items():
        block = section.split(f"### `{schemas.FILES[table]}`")[1].split("### ")[0]
        documented = re.findall(r"^\| `([a-z_]+)` \|", block, flags=re.MULTILINE)
        assert documented == list(schema.columns), table
        assert all(column.description for column in schema.columns.values()), table


def test_bundled_files_use_only_documented_columns() -> None:
    """The header of each bundled CSV lists only columns of its schema."""
    for table, file in schemas.FILES.items():
        if not (DATA / file).exists() and table in schemas.OPTIONAL_TABLES:
            continue
        header = (DATA / file).read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        assert set(header) <= set(schemas.all_columns(table)), file
