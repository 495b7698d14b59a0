"""Every answer the validators let through lands safely in every file it reaches.

Adversarial answers (quotes, backslashes, YAML's `on`, `null`, `: ` and `#`, a leading
`-`, HTML, non-ASCII and astral characters, answers at their length limit) are rendered
with Copier and Cookiecutter; every generated .py, .toml, .yaml/.yml and .json must parse
and give the answer back unchanged. The e2e test then sets the project up for real
(`uv sync` in Copier's task) and collects its tests. What cannot be made safe (a line
break, a control character, Jinja's delimiters, overlong text) is refused at the question:
conftest.BAD_ANSWERS, which tests/test_parity.py feeds to both engines.
"""

import ast
import csv
import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from conftest import DATA, bake, render, run
from test_parity import assert_same_tree

NAME = 'Zoë\'s "Ñ" \\ 🐧 {x}: on #1 <b>&'
ANSWERS = {
    "project_name": NAME,
    "project_slug": "zoe",
    "package_name": "zoe",
    "description": ("- null: on # \"q\" \\ <b>bold</b> & é 🐧 {x} \\b \\u0022 'single' ").ljust(
        300, "x"
    ),
    "author_name": 'O\'Brien, "Ann" \\ 名前 '.ljust(100, "z"),
    "author_email": "o'brien+ml@example-school.co.uk",
    "repository_url": "https://github.com/student/zoe-s_project.v2",
}
# A target column that is YAML (`on`, `: `, `#`) and needs quoting everywhere.
TARGET = 'on: "passed" #1 \\ é'


@pytest.fixture(scope="module")
def own_csv(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The test CSV with its target renamed to TARGET, as a student's file."""
    rows = list(csv.reader((DATA / "student_outcomes.csv").open(newline="")))
    rows[0][rows[0].index("passed")] = TARGET
    path = tmp_path_factory.mktemp("own") / "outcomes-v2.1_final.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return {"dataset": "custom_csv", "csv_path": str(path), "target_column": TARGET}


def parsed(project: Path) -> dict[str, object]:
    """Every structured file of the project, parsed (a SyntaxError or a YAML error fails)."""
    loaders = {
        ".py": lambda text: ast.parse(text),
        ".toml": tomllib.loads,
        ".yaml": lambda text: list(yaml.safe_load_all(text)),
        ".yml": lambda text: list(yaml.safe_load_all(text)),
        ".json": json.loads,
    }
    files = {}
    for path in sorted(project.rglob("*")):
        if path.suffix in loaders and not {".git", ".venv"} & set(path.parts):
            name = path.relative_to(project).as_posix()
            try:
                files[name] = loaders[path.suffix](path.read_text(encoding="utf-8"))
            except Exception as error:  # noqa: BLE001 - any parse error is the finding
                pytest.fail(f"{name} does not parse: {error}")
    return files


def api_title(module: ast.Module) -> str:
    calls = [node for node in ast.walk(module) if isinstance(node, ast.Call)]
    titles = [kw.value for call in calls for kw in call.keywords if kw.arg == "title"]
    return ast.literal_eval(titles[0])


def assert_answers_read_back(project: Path, target: str | None) -> None:
    files = parsed(project)
    metadata = files["pyproject.toml"]["project"]
    assert metadata["description"] == ANSWERS["description"]
    assert metadata["authors"] == [
        {"name": ANSWERS["author_name"], "email": ANSWERS["author_email"]}
    ]
    assert metadata["urls"]["Repository"] == ANSWERS["repository_url"]
    assert api_title(files["src/zoe/serving/api.py"]) == NAME
    card = files["model_card.yaml"][0]
    assert (card["authors"], card["contact"]) == (ANSWERS["author_name"], ANSWERS["author_email"])
    if target:
        data = files["params.yaml"][0]["data"]
        assert data["target"] == target
        assert data["csv_path"] == "data/external/outcomes-v2.1_final.csv"
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith('# Zoë\'s "Ñ" \\ 🐧 {x}: on #1 &lt;b&gt;&amp;\n')
    assert "\n\\- null: on" in readme  # the description is a paragraph, not a list item


@pytest.mark.parametrize("dataset", ["bundled", "own-csv"])
def test_adversarial_answers_render_valid_files_with_both_engines(
    template_repo, tmp_path, own_csv, dataset
):
    answers = {**ANSWERS, **(own_csv if dataset == "own-csv" else {"dataset": "penguins"})}
    copier = render(template_repo, tmp_path / "copier" / "project", answers, tasks=False)
    assert_answers_read_back(copier, TARGET if dataset == "own-csv" else None)
    assert yaml.safe_load((copier / ".copier-answers.yml").read_text())["project_name"] == NAME
    baked = bake(template_repo, tmp_path / "cookiecutter", answers)
    assert_same_tree(copier, baked, ignore="data/external")


@pytest.mark.e2e
def test_adversarial_project_installs_and_collects_its_tests(template_repo, tmp_path, own_csv):
    project = render(template_repo, tmp_path / "project", {**ANSWERS, **own_csv}, tasks=True)
    assert (project / ".venv").is_dir(), "the setup task's `uv sync` did not run"
    parsed(project)
    collected = run(project, "uv", "run", "--frozen", "pytest", "--collect-only", "-q")
    assert " tests collected" in collected.stdout, collected.stdout
    # Resolved as the release was tested: nothing published after its date.
    pinned = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["uv"]
    lock = tomllib.loads((project / "uv.lock").read_text())
    assert lock["options"]["exclude-newer"] == pinned["exclude-newer"]


def test_the_release_records_the_resolution_it_was_tested_with(rendered):
    """One date, in the generated pyproject.toml: every render of this release (the
    template's CI included) resolves with it, and a project made later the same way."""
    pinned = tomllib.loads((rendered("defaults") / "pyproject.toml").read_text())["tool"]["uv"]
    tested = datetime.fromisoformat(pinned["exclude-newer"])
    assert tested <= datetime.now(UTC)


@pytest.mark.parametrize(
    "answer", ["{{ 7 * 7 }}", "{% raw %}", "{# note #}"], ids=["variable", "block", "comment"]
)
def test_jinja_delimiters_are_refused_because_cookiecutter_would_render_them(
    template_repo, tmp_path, answer
):
    """Copier could write them, but Cookiecutter renders every answer as a template before
    any hook runs (`{{ 7 * 7 }}` becomes 49): one rule for both engines."""
    with pytest.raises(ValueError, match="Cookiecutter would read them as a template"):
        render(template_repo, tmp_path / "project", {"project_name": f"A {answer}"}, tasks=False)
    assert not (tmp_path / "project").exists()
