"""Cookiecutter and cruft render the same project as Copier, from the same files.

Fast: renders only (no setup tasks, no environment). Each engine writes its own answers
file (Copier `.copier-answers.yml`, cruft `.cruft.json`); everything else must be
byte-identical.
"""

import difflib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import (
    BAD_ANSWERS,
    COMBOS,
    CSV_ANSWERS,
    DATA,
    DESTINATIONS,
    ROOT,
    UNUSABLE_CSV,
    UNUSABLE_CSV_IDS,
    answer_ids,
    bake,
    git,
    made_an_hour_ago,
    render,
    snapshot,
)
from cookiecutter.exceptions import FailedHookException

from mlfolio import cookiecutter as generate_cookiecutter

ANSWERS_FILES = {".copier-answers.yml", ".cruft.json"}
# Copier's setup task, skipped in these renders, is what copies a CSV in; Cookiecutter's
# post-generation hook does it while rendering (test_hooks and the e2e tests cover Copier's).
IMPORTED = "data/external"


def tree(project: Path) -> dict[str, bytes | None]:
    """Every path below the project (None for a directory), answers files left out."""
    return {
        path.relative_to(project).as_posix(): (path.read_bytes() if path.is_file() else None)
        for path in sorted(project.rglob("*"))
        if path.name not in ANSWERS_FILES and ".git" not in path.relative_to(project).parts
    }


def differences(copier: dict[str, bytes | None], other: dict[str, bytes | None]) -> str:
    """A readable report: paths only one engine wrote, then a unified diff per file."""
    lines = [f"only from Copier: {path}" for path in sorted(copier.keys() - other.keys())]
    lines += [f"only from Cookiecutter: {path}" for path in sorted(other.keys() - copier.keys())]
    for path in sorted(copier.keys() & other.keys()):
        if copier[path] != other[path]:
            lines += difflib.unified_diff(
                (copier[path] or b"").decode(errors="replace").splitlines(),
                (other[path] or b"").decode(errors="replace").splitlines(),
                f"copier/{path}",
                f"cookiecutter/{path}",
                lineterm="",
            )
    return "\n".join(lines)


def assert_same_tree(copier: Path, other: Path, *, ignore: str = "") -> None:
    ours, theirs = tree(copier), tree(other)
    if ignore:
        ours, theirs = (
            {path: content for path, content in files.items() if not path.startswith(ignore)}
            for files in (ours, theirs)
        )
    assert ours == theirs, "the engines rendered different trees:\n" + differences(ours, theirs)


def tool(name: str, cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run a command-line tool installed beside this Python, as a user would."""
    command = [str(Path(sys.executable).parent / name), *args]
    return subprocess.run(
        command, cwd=cwd, input=stdin, capture_output=True, text=True, check=False
    )


def left_behind(tmp_path: Path) -> list[Path]:
    """What a rejected render left: Cookiecutter keeps only the --output-dir it was given."""
    return [path for path in tmp_path.rglob("*") if path != tmp_path / "out"]


def test_cookiecutter_side_is_generated_from_copier_yml():
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    stale = "run `nox -s cookiecutter` and commit the result"
    expected_json = generate_cookiecutter.render_cookiecutter_json(config)
    assert generate_cookiecutter.COOKIECUTTER_JSON.read_text() == expected_json, stale
    hook = generate_cookiecutter.PRE_GEN_HOOK.read_text()
    names = generate_cookiecutter.RESERVED_NAMES.read_text()
    assert generate_cookiecutter.render_pre_gen_hook(hook, names) == hook, stale


def test_both_engines_ask_the_same_questions_with_the_same_defaults():
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    context = json.loads(generate_cookiecutter.COOKIECUTTER_JSON.read_text())
    asked = generate_cookiecutter.questions(config)
    assert [name for name in context if not name.startswith("_")] == list(asked)
    for name, spec in asked.items():
        choices = spec.get("choices")
        if choices:
            values = list(choices.values()) if isinstance(choices, dict) else choices
            assert sorted(context[name]) == sorted(values), name
            assert context[name][0] == spec["default"], name  # Cookiecutter's default
        elif name not in generate_cookiecutter.DEFAULTS:  # computed: compared by rendering
            assert context[name] == spec["default"], name


@pytest.mark.parametrize("combo", COMBOS)
def test_cookiecutter_renders_what_copier_renders(rendered, baked, combo):
    assert_same_tree(rendered(combo), baked(combo), ignore=IMPORTED)


def test_cookiecutter_imports_the_csv(baked):
    imported = baked("custom-csv-messy-multiclass-hist-gradient-boosting") / IMPORTED
    assert (imported / "student_records.csv").read_bytes() == (
        DATA / "student_records.csv"
    ).read_bytes()


def test_cookiecutter_reads_a_relative_csv_path_from_where_it_runs(template_repo, tmp_path):
    shutil.copy(DATA / "student_outcomes.csv", tmp_path / "outcomes.csv")
    answers = {**CSV_ANSWERS, "csv_path": "outcomes.csv"}
    result = tool(
        "cookiecutter",
        tmp_path,
        *(str(template_repo), "--directory", "template", "--no-input"),
        *(f"{name}={value}" for name, value in answers.items()),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    imported = tmp_path / "my-ml-project" / IMPORTED / "outcomes.csv"
    assert imported.read_bytes() == (tmp_path / "outcomes.csv").read_bytes()


@pytest.mark.parametrize("name", ["Ada's Model", "Café Prices: 2024 edition", "  --ML—Project-- "])
def test_both_engines_derive_the_same_names(template_repo, tmp_path, name):
    answers = {"project_name": name}
    copier = render(template_repo, tmp_path / "copier" / "project", answers, tasks=False)
    assert_same_tree(copier, bake(template_repo, tmp_path / "cookiecutter", answers))


@pytest.mark.parametrize(("answers", "message"), BAD_ANSWERS, ids=answer_ids)
def test_cookiecutter_rejects_what_copier_rejects(template_repo, tmp_path, capfd, answers, message):
    with pytest.raises(ValueError, match=message) as copier_error:
        render(template_repo, tmp_path / "copier", answers, tasks=False)
    if message == "Invalid choice":
        # Cookiecutter checks choices itself, before any folder exists, in its own words.
        with pytest.raises(ValueError, match="provided for choice variable"):
            bake(template_repo, tmp_path / "out", answers)
    else:
        with pytest.raises(FailedHookException):
            bake(template_repo, tmp_path / "out", answers)
        assert str(copier_error.value) in capfd.readouterr().err
    assert left_behind(tmp_path) == []


@pytest.mark.parametrize(("answers", "message"), UNUSABLE_CSV, ids=UNUSABLE_CSV_IDS)
def test_cookiecutter_rejects_an_unusable_csv(template_repo, tmp_path, capfd, answers, message):
    with pytest.raises(FailedHookException):
        bake(template_repo, tmp_path / "out", {**CSV_ANSWERS, **answers})
    assert message in capfd.readouterr().err
    assert left_behind(tmp_path) == []


@pytest.mark.parametrize("destination", ["folder-with-notes", "git-repository"])
def test_cookiecutter_takes_back_what_it_wrote_into_an_existing_folder(
    template_repo, tmp_path, capfd, destination
):
    """`--overwrite-if-exists` renders into the folder: the post-generation hook removes
    what was added and restores from git what was replaced (the repository's README)."""
    folder = tmp_path / "out" / "my-ml-project"
    DESTINATIONS[destination](folder)
    made_an_hour_ago(folder)
    before = snapshot(folder)
    (answers, message), *_ = UNUSABLE_CSV
    with pytest.raises(FailedHookException):
        bake(template_repo, tmp_path / "out", {**CSV_ANSWERS, **answers}, overwrite=True)
    error = capfd.readouterr().err
    assert message in error
    assert "left the files that were there before as they were" in error
    assert snapshot(folder) == before


@pytest.mark.parametrize("command", [["cookiecutter"], ["cruft", "create"]], ids=" ".join)
def test_the_command_line_asks_interactively(template_repo, rendered, tmp_path, command):
    """The real CLI, answering on stdin: Enter keeps a default, a number picks a choice."""
    context = json.loads(generate_cookiecutter.COOKIECUTTER_JSON.read_text())
    questions = [name for name in context if not name.startswith("_")]
    typed = {"dataset": "4", "model": "2", "license": "4"}  # penguins, random_forest, proprietary
    typed["repository_url"] = COMBOS["penguins-random-forest-proprietary"]["repository_url"]
    stdin = "".join(f"{typed.get(name, '')}\n" for name in questions)
    result = tool(
        *command[:1],
        tmp_path,
        *command[1:],
        *(str(template_repo), "--directory", "template", "--output-dir", "out"),
        stdin=stdin,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Palmer penguins" in result.stdout  # the choices are shown with their labels
    project = tmp_path / "out" / "my-ml-project"
    assert_same_tree(rendered("penguins-random-forest-proprietary"), project)


def test_cruft_creates_checks_and_updates(template_repo, rendered, tmp_path):
    template = tmp_path / "template"  # a clone: the session's template must not change
    git(tmp_path, "clone", "--quiet", str(template_repo), str(template))
    answers = COMBOS["wine-random-forest-gitlab"]
    created = tool(
        "cruft",
        tmp_path,
        *("create", str(template), "--directory", "template", "--no-input"),
        *("--extra-context", json.dumps(answers), "--output-dir", "out"),
    )
    assert created.returncode == 0, created.stdout + created.stderr
    project = tmp_path / "out" / "my-ml-project"
    assert_same_tree(rendered("wine-random-forest-gitlab"), project)
    state = json.loads((project / ".cruft.json").read_text())
    assert state["directory"] == "template"
    assert state["context"]["cookiecutter"].items() >= answers.items()
    git(project, "init", "--quiet", "-b", "main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "-m", "from cruft")

    checked = tool("cruft", project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    readme = template / "template/{{cookiecutter.project_slug}}/README.md"
    readme.write_text(readme.read_text() + "\nUpdated by the template.\n")
    git(template, "commit", "--quiet", "--all", "-m", "template change")
    assert tool("cruft", project, "check").returncode != 0  # now out of date

    updated = tool("cruft", project, "update", "--skip-apply-ask")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert (project / "README.md").read_text().endswith("\nUpdated by the template.\n")
    assert git(project, "diff", "--name-only", "HEAD").split() == [".cruft.json", "README.md"]
    assert json.loads((project / ".cruft.json").read_text())["commit"] == git(
        template, "rev-parse", "HEAD"
    )
    assert tool("cruft", project, "check").returncode == 0
