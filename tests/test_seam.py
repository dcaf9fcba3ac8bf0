"""Only the Streamlit glue imports Streamlit; everything else stays testable without it."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

GLUE = {"cache.py", "ui.py"}


def test_only_the_glue_imports_streamlit() -> None:
    """No module of dashboard/ other than cache.py and ui.py imports streamlit."""
    offenders = []
    for path in sorted((ROOT / "dashboard").glob("*.py")):
        if path.name in GLUE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(path.name)
    assert offenders == []


def test_no_html_sinks_in_the_app() -> None:
    """No page or module uses unsafe_allow_html, st.html or components.html."""
    for path in [
        *sorted((ROOT / "dashboard").glob("*.py")),
        *sorted((ROOT / "pages").glob("*.py")),
        ROOT / "streamlit_app.py",
    ]:
        text = path.read_text(encoding="utf-8")
        for sink in ("unsafe_allow_html", "st.html(", "components.html("):
            assert sink not in text, f"{path.name} uses {sink}"
