"""The ownership table of docs/updating.md matches the template (renders only)."""

import yaml
from conftest import ROOT
from ownership import paths
from template_versions import PACKAGE


def test_created_once_files_are_copiers_skip_if_exists():
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    assert sorted(paths(update="created once")) == sorted(config["_skip_if_exists"])


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
        if not any((project / name.replace("<package>", PACKAGE)).exists() for project in projects)
    ]
    assert missing == []
