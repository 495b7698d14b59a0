"""The docs cannot drift from the template."""

import os
import subprocess
import sys

import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs"))
from generate_questions import PAGE, render_page  # noqa: E402


def load_config() -> dict:
    return yaml.safe_load((ROOT / "copier.yml").read_text())


def asked_questions() -> list[str]:
    return [
        name
        for name, spec in load_config().items()
        if not name.startswith("_") and spec.get("when") is not False
    ]


def test_question_reference_is_current():
    assert PAGE.read_text() == render_page(load_config()), "run `nox -s docs` and commit the result"


def test_every_asked_question_is_in_the_reference():
    page = PAGE.read_text()
    assert [name for name in asked_questions() if f"| `{name}` |" not in page] == []


def test_built_site_lists_every_question(tmp_path):
    """Build the site as `nox -s docs` does (its hook regenerates the page) and read the HTML."""
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    html = (site / "questions" / "index.html").read_text()
    asked = asked_questions()
    assert len(asked) > 10, "copier.yml lost its questions"
    assert [name for name in asked if f"<code>{name}</code>" not in html] == []
