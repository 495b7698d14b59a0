"""The ownership table of docs/updating.md matches the template (renders only)."""

import pytest
import yaml
from conftest import ROOT
from ownership import in_project, paths
from template_versions import PACKAGE


def test_created_once_files_are_copiers_skip_if_exists():
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    created_once = [in_project(name, "*") for name in paths(update="created once")]
    assert sorted(created_once) == sorted(config["_skip_if_exists"])


def test_every_file_the_table_gives_the_template_is_rendered(rendered):
    projects = [rendered("defaults"), rendered("wine-random-forest-gitlab")]
    listed = [
        *paths(update="created once"),
        *paths(owner="shared"),
        *paths(owner="template"),
        *paths(owner="Copier"),
    ]
    missing = [
        name
        for name in listed
        if not any((project / in_project(name, PACKAGE)).exists() for project in projects)
    ]
    assert missing == []


YOURS = "# Yours: change freely"
MAINTAINED = "# Maintained by the template: change it through a template release"


@pytest.mark.parametrize("combo", ["defaults", "penguins-assignment-slice-gap-all-platforms"])
def test_each_module_says_whose_it_is_as_the_table_does(rendered, combo):
    project = rendered(combo)
    headers = {
        path.relative_to(project).as_posix(): path.read_text().splitlines()[0]
        for path in (project / "src").rglob("*.py")
    }
    yours = sorted(name for name, first in headers.items() if first.startswith(YOURS))
    marked = (YOURS, MAINTAINED)
    unmarked = [name for name, first in headers.items() if not first.startswith(marked)]
    assert unmarked == []
    student_modules = [in_project(name, PACKAGE) for name in paths(owner="student")]
    assert yours == sorted(name for name in student_modules if name.startswith("src/"))
