"""streamlit_config.toml is the one config file, and Streamlit really applies it."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.conftest import ROOT


def test_streamlit_reads_the_config_through_the_symlink() -> None:
    """.streamlit/config.toml is a relative symlink to streamlit_config.toml."""
    link = ROOT / ".streamlit" / "config.toml"
    assert link.is_symlink()
    assert str(link.readlink()) == "../streamlit_config.toml"
    assert link.resolve() == (ROOT / "streamlit_config.toml").resolve()


def test_streamlit_applies_every_setting() -> None:
    """Each option set in streamlit_config.toml is the value Streamlit reports when run from the repo."""
    settings = tomllib.loads((ROOT / "streamlit_config.toml").read_text(encoding="utf-8"))
    expected = {
        f"{section}.{key}": value for section, options in settings.items() for key, value in options.items()
    }
    script = (
        "import json, sys\n"
        "from streamlit import config\n"
        "config.get_config_options(force_reparse=True)\n"
        "print(json.dumps({k: config.get_option(k) for k in json.loads(sys.argv[1])}))\n"
    )
    import json

    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(list(expected))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected
