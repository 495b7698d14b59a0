"""The docs cannot drift from the template."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import COMBOS, ROOT, render

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


def dvc_stages(project: Path) -> list[str]:
    return list(yaml.safe_load((project / "dvc.yaml").read_text())["stages"])


def repro_comment(text: str) -> list[str]:
    """The stages named after `uv run dvc repro  # `, the one such line of `text`."""
    (line,) = [line for line in text.splitlines() if re.match(r"\s*uv run dvc repro +# ", line)]
    return line.split("# ", 1)[1].split(" -> ")


@pytest.mark.parametrize("page", ["README.md", "docs/quickstart.md"])
def test_the_stage_lists_of_the_docs_are_dvc_yaml(rendered, page):
    """The stages in `dvc.yaml`'s order, as a default project (`serving` on) has them."""
    assert repro_comment((ROOT / page).read_text()) == dvc_stages(rendered("defaults"))


def test_the_tour_has_a_row_per_stage_of_dvc_yaml(rendered):
    section = (ROOT / "docs/tour.md").read_text().split("## The pipeline", 1)[1]
    table = section.split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)`", table, re.M)
    assert rows == dvc_stages(rendered("defaults")), "every stage, serving's included"


@pytest.mark.parametrize("combo", ["defaults", "wine-no-serving"])
def test_copiers_closing_message_lists_the_stages_of_dvc_yaml(
    template_repo, tmp_path, capsys, combo
):
    capsys.readouterr()
    project = render(template_repo, tmp_path / "project", COMBOS[combo], tasks=False, quiet=False)
    assert repro_comment(capsys.readouterr().err) == dvc_stages(project)
