"""The docs cannot drift from the template."""

import sys

import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs"))
from generate_questions import PAGE, render_page  # noqa: E402


def test_question_reference_is_current():
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    assert PAGE.read_text() == render_page(config), "run `nox -s docs` and commit the result"


def test_every_asked_question_is_in_the_reference():
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    asked = [
        name
        for name, spec in config.items()
        if not name.startswith("_") and spec.get("when") is not False
    ]
    page = PAGE.read_text()
    assert [name for name in asked if f"| `{name}` |" not in page] == []
