"""Who owns which file of a generated project: the table of docs/updating.md, read as
the one list that the docs show and the tests check.
"""

import re
from pathlib import Path

import yaml
from conftest import ROOT

PAGE = ROOT / "docs" / "updating.md"
SECTION = "## Who owns which file"


def rows() -> list[tuple[list[str], str, str]]:
    """Each row of the table as (paths in backquotes, owner, what an update does)."""
    section = PAGE.read_text().split(SECTION, 1)[1].split("\n## ", 1)[0]
    table = [line for line in section.splitlines() if line.startswith("| `")]
    assert table, f"no ownership table under {SECTION!r} in {PAGE}"
    result = []
    for line in table:
        files, owner, update = (cell.strip() for cell in line.strip(" |").split(" | "))
        result.append((re.findall(r"`([^`]+)`", files), owner, update))
    return result


def paths(*, owner: str | None = None, update: str | None = None) -> list[str]:
    """The paths of the rows with this owner, or whose update starts with `update`."""
    return [
        path
        for names, row_owner, row_update in rows()
        if (owner is None or row_owner == owner)
        and (update is None or row_update.startswith(update))
        for path in names
    ]


def in_project(name: str, package: str) -> str:
    """A path of the table in a project whose package is `package`."""
    return name.replace("<package>", package)


def snapshot(project: Path, names: list[str]) -> dict[str, bytes]:
    """The bytes of every file the names cover (a folder: every file under it)."""
    package = yaml.safe_load((project / ".copier-answers.yml").read_text())["package_name"]
    files = {}
    for name in names:
        path = project / in_project(name, package)
        assert path.exists(), f"{name} is in the ownership table but not in {project}"
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        files |= {p.relative_to(project).as_posix(): p.read_bytes() for p in found}
    return files
