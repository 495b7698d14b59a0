"""The template repository's tools (mlfolio/) as a maintainer meets them: every one answers
`--help`, and a folder that is not there gets one line saying so, never a traceback.
Fast: nothing is rendered. The e2e tests (test_update, test_fleet, test_adopt,
test_migrate, test_classroom) run the same command lines on real projects.
"""

import pkgutil
from pathlib import Path

import pytest
from conftest import ROOT, tool

import mlfolio
from mlfolio._proc import CommandError, git, run

TOOLS = sorted(
    name
    for _, name, is_package in pkgutil.walk_packages(mlfolio.__path__)
    # roster is a library of classroom.create, not a command.
    if not is_package and not name.startswith("_") and name != "classroom.roster"
)
# Each tool's command line with a folder that does not exist where it wants one.
MISSING = "no-such-folder"
MISSING_FOLDER = {
    "adopt": [MISSING],
    "fleet": [MISSING, "--to", "v1.0.0"],
    "migrate": [MISSING],
    "update": [MISSING],
    "classroom.grade": [MISSING],
    "classroom.gradebook": [MISSING],
    "classroom.create": [f"{MISSING}/roster.csv", "--out", f"{MISSING}/out", "--preset", "x"],
}


def test_the_package_docstring_lists_every_tool():
    for name in {name.split(".")[0] for name in TOOLS}:
        assert f"`mlfolio.{name}`" in mlfolio.__doc__


@pytest.mark.parametrize("name", TOOLS)
def test_every_tool_answers_help(name):
    result = tool(name, "--help")
    assert result.stdout.startswith("usage:"), result.stdout


@pytest.mark.parametrize("name", sorted(MISSING_FOLDER))
def test_a_missing_folder_is_one_message_not_a_traceback(name, tmp_path):
    args = [str(tmp_path / arg) if MISSING in arg else arg for arg in MISSING_FOLDER[name]]
    result = tool(name, *args, check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert MISSING in result.stderr, result.stderr


def test_a_failing_command_says_what_ran_where_and_what_it_printed(tmp_path):
    with pytest.raises(CommandError, match=r"`git rev-parse HEAD` in .* exited 128:\n  fatal"):
        git(tmp_path, "rev-parse", "HEAD")
    assert git(tmp_path, "rev-parse", "HEAD", check=False) == ""
    with pytest.raises(CommandError, match="could not start: .*no-such-folder"):
        run(["git", "status"], tmp_path / "no-such-folder", check=False)


def test_hooks_holds_only_what_copier_runs():
    copier_yml = (ROOT / "copier.yml").read_text()
    for path in (ROOT / "hooks").iterdir():
        if path.name != "__pycache__":
            assert f"hooks/{path.name}" in copier_yml, f"{path} is not run by copier.yml"


def test_no_tool_runs_a_subprocess_but_through_the_shared_helper():
    for path in Path(mlfolio.__file__).parent.rglob("*.py"):
        # bench streams the template's own test suite to the terminal, on purpose.
        allowed = {"_proc.py": 1, "bench.py": 1}.get(path.name, 0)
        assert path.read_text().count("subprocess.run(") == allowed, path
