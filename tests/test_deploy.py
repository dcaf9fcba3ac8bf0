"""Ready to deploy: what Community Cloud installs, no secrets or network to start, the README's deploy section and pictures."""

from __future__ import annotations

import ast
import re
import tomllib

from dashboard.registry import PAGES
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
APP_SOURCES = [
    ROOT / "streamlit_app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "dashboard").rglob("*.py")),
]


# Community Cloud installs the first of these it finds beside the entrypoint, then at the root
# (docs.streamlit.io/deploy/streamlit-community-cloud/deploy-your-app/app-dependencies).
PREFERRED_OVER_REQUIREMENTS = ("uv.lock", "Pipfile", "environment.yml", "environment.yaml")
NETWORK_MODULES = (
    "urllib.request",
    "http.client",
    "requests",
    "httpx",
    "aiohttp",
    "urllib3",
    "socket",
    "ftplib",
)


def imported(source: str) -> set[str]:
    """Every module a source file imports, with `from a import b` also as `a.b`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_community_cloud_installs_requirements_txt() -> None:
    """Beside the root entrypoint, requirements.txt is the only dependency file Community Cloud would use."""
    assert (ROOT / "streamlit_app.py").is_file()
    found = [name for name in PREFERRED_OVER_REQUIREMENTS if (ROOT / name).exists()]
    assert not found, f"Community Cloud would install {found[0]} instead of requirements.txt"
    assert (ROOT / "requirements.txt").is_file()
    # pyproject.toml ranks after requirements.txt; it still must not carry a second, diverging list.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "dependencies" not in pyproject.get("project", {}), "pyproject.toml lists dependencies"
    assert "poetry" not in pyproject.get("tool", {}), "pyproject.toml has a [tool.poetry] section"


def test_requirements_pin_exact_versions_from_pypi() -> None:
    """Every line of requirements.txt is name==version: a fork deploys what was tested."""
    lines = [
        line.split("#")[0].strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    assert lines
    loose = [line for line in lines if not re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][A-Za-z0-9.]*", line)]
    assert not loose, f"not pinned to a released version: {loose}"


def test_the_app_needs_no_secrets_and_no_network_to_start() -> None:
    """No app module reads st.secrets or imports a network client; the data is read from the repository."""
    for path in APP_SOURCES:
        source = path.read_text(encoding="utf-8")
        assert "secrets" not in source, f"{path.relative_to(ROOT)} mentions secrets"
        network = {
            m for m in imported(source) if any(m == n or m.startswith(n + ".") for n in NETWORK_MODULES)
        }
        assert not network, f"{path.relative_to(ROOT)} imports {network}"
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert not any(line.strip("/").startswith(("data", "docs")) for line in ignored), ignored


def test_readme_deploy_section_names_the_settings() -> None:
    """The deploy steps name the entrypoint, the dependency file, the Python version and say no secrets."""
    section = README.split("## Deploying to Streamlit Community Cloud")[1].split("\n## ")[0]
    for needed in (
        "streamlit_app.py",
        "requirements.txt",
        "Python 3.12",
        ".streamlit/config.toml",
        "secrets",
    ):
        assert needed in section, needed


def test_readme_pictures_exist_and_are_small() -> None:
    """Every picture the README shows is a committed PNG under docs/screenshots/, each under 400 KB."""
    section = README.split("## Pictures")[1].split("\n## ")[0]
    assert "docs/screenshots.py" in section, "the README does not say how the pictures are made"
    pictures = re.findall(r"!\[([^\]]*)\]\((docs/screenshots/[^)]+\.png)\)", section)
    shown = {path for _, path in pictures}
    assert {f"docs/screenshots/{p.key}.png" for p in PAGES} <= shown, shown
    for alt, path in pictures:
        assert alt.strip(), f"{path} has no alt text"
        assert (ROOT / path).is_file(), f"{path} is missing"
        assert (ROOT / path).stat().st_size < 400_000, f"{path} is larger than 400 KB"
