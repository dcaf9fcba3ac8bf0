"""Only the Streamlit glue imports Streamlit; everything else stays testable without it."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

GLUE = {"cache.py", "ui.py"}


def test_only_the_glue_imports_streamlit() -> None:
    """No module of dashboard/ or its packages other than cache.py and ui.py imports streamlit."""
    offenders = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        if path.relative_to(ROOT / "dashboard").as_posix() in GLUE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []


# The one HTML sink: a fixed script with no data in it (the address-limit notice, which only the browser
# can give), passed as a module constant.
SANCTIONED = "st.html(DROPPED_QUERY_NOTICE, unsafe_allow_javascript=True)"


def test_no_html_sinks_in_the_app() -> None:
    """No page or module uses unsafe_allow_html, st.html or components.html, but for one fixed constant."""
    for path in [
        *sorted((ROOT / "dashboard").rglob("*.py")),
        *sorted((ROOT / "pages").glob("*.py")),
        ROOT / "streamlit_app.py",
    ]:
        text = path.read_text(encoding="utf-8")
        if path == ROOT / "dashboard" / "ui.py":
            assert text.count(SANCTIONED) == 1, "the address-limit notice is drawn once, from its constant"
            text = text.replace(SANCTIONED, "")
        for sink in ("unsafe_allow_html", "st.html(", "components.html("):
            assert sink not in text, f"{path.relative_to(ROOT)} uses {sink}"


def test_the_one_html_sink_holds_no_data() -> None:
    """The address-limit notice is a plain constant: no placeholder, and it writes text, never HTML."""
    from dashboard.ui import DROPPED_QUERY_NOTICE

    assert "{" not in DROPPED_QUERY_NOTICE.split("<script>")[0]
    assert "innerHTML" not in DROPPED_QUERY_NOTICE
    assert "textContent" in DROPPED_QUERY_NOTICE
