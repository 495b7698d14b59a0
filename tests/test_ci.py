"""Fast checks on the CI and hook files each rendered project gets (no environment).

actionlint is not used: its PyPI package downloads the binary from GitHub when it is
installed. GitHub's workflow schema (check-jsonschema) and zizmor cover what it would.
"""

import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from conftest import COMBOS, DATA

WORKFLOW = ".github/workflows/ci.yml"
UPDATE_WORKFLOW = ".github/workflows/template-update.yml"
DEPENDABOT = ".github/dependabot.yml"
GITLAB_CI = ".gitlab-ci.yml"
SCRIPTS = Path(sysconfig.get_path("scripts"))
PINNED_ACTION = re.compile(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def check(project: Path, *command: str) -> str:
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def load(project: Path, name: str) -> dict:
    return yaml.safe_load((project / name).read_text())


@pytest.mark.parametrize(
    ("combo", "name", "schema"),
    [
        ("defaults", WORKFLOW, "vendor.github-workflows"),
        ("penguins-assignment-slice-gap-all-platforms", WORKFLOW, "vendor.github-workflows"),
        (
            "penguins-assignment-slice-gap-all-platforms",
            UPDATE_WORKFLOW,
            "vendor.github-workflows",
        ),
        ("defaults", DEPENDABOT, "vendor.dependabot"),
        ("wine-random-forest-gitlab", GITLAB_CI, "vendor.gitlab-ci"),
    ],
)
def test_ci_files_match_their_service_schema(rendered, combo, name, schema):
    check(
        rendered(combo), sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, name
    )


@pytest.mark.parametrize("combo", ["defaults", "penguins-assignment-slice-gap-all-platforms"])
def test_zizmor_finds_nothing_in_the_github_files(rendered, combo):
    output = check(rendered(combo), str(SCRIPTS / "zizmor"), "--offline", ".github")
    assert "No findings" in output


def test_the_test_job_can_run_on_every_platform(rendered):
    test = load(rendered("penguins-assignment-slice-gap-all-platforms"), WORKFLOW)["jobs"]["test"]
    assert test["strategy"]["matrix"]["os"] == ["ubuntu-latest", "macos-latest", "windows-latest"]
    assert test["defaults"]["run"]["shell"] == "bash"
    assert load(rendered("defaults"), WORKFLOW)["jobs"]["test"]["runs-on"] == "ubuntu-latest"


@pytest.mark.parametrize(
    ("combo", "name"),
    [("defaults", WORKFLOW), ("penguins-assignment-slice-gap-all-platforms", UPDATE_WORKFLOW)],
)
def test_actions_are_pinned_by_commit_sha(rendered, combo, name):
    lines = (rendered(combo) / name).read_text().splitlines()
    uses = [line.strip().removeprefix("- ") for line in lines if "uses:" in line]
    assert uses
    assert [line for line in uses if not PINNED_ACTION.fullmatch(line)] == []


def test_the_template_update_workflow_is_opt_in(rendered):
    assert not (rendered("defaults") / UPDATE_WORKFLOW).exists()
    assert (rendered("penguins-assignment-slice-gap-all-platforms") / UPDATE_WORKFLOW).is_file()


def test_the_template_update_workflow_runs_weekly_and_opens_a_pull_request(rendered):
    workflow = load(rendered("penguins-assignment-slice-gap-all-platforms"), UPDATE_WORKFLOW)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert job["timeout-minutes"] <= 30
    assert job["steps"][0]["with"]["persist-credentials"] is False
    script = "\n".join(step.get("run", "") for step in job["steps"])
    for command in (
        'python -m mlfolio.update "$GITHUB_WORKSPACE" --trust --skip-tasks',
        "uv lock",
        "git diff --name-only --diff-filter=U",
        'git switch --create "$branch"',
        "gh pr create",
    ):
        assert command in script
    opening = job["steps"][-1]
    assert opening["env"]["GH_TOKEN"] == "${{ secrets.TEMPLATE_UPDATE_TOKEN || github.token }}"


def test_github_workflow_is_read_only_cancellable_and_runs_every_check(rendered):
    workflow = load(rendered("defaults"), WORKFLOW)
    assert set(workflow[True]) == {"push", "pull_request", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    commands = "\n".join(step.get("run", "") for step in steps)
    for command in (
        "uv sync --locked",
        "pre-commit run --all-files",
        "uv run --frozen pytest",
        "uv run --frozen dvc repro",
        'dvc metrics show --md\n} >> "$GITHUB_STEP_SUMMARY"',
    ):
        assert command in commands
    assert all(job["timeout-minutes"] <= 30 for job in workflow["jobs"].values())
    setups = [step for step in steps if step.get("uses", "").startswith("astral-sh/setup-uv@")]
    assert setups
    assert all(step["with"]["enable-cache"] for step in setups)
    uploads = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact")]
    assert [step["with"]["path"] for step in uploads] == ["reports/"]


def test_dependabot_updates_python_packages_and_actions(rendered):
    updates = load(rendered("defaults"), DEPENDABOT)["updates"]
    assert {update["package-ecosystem"] for update in updates} == {"uv", "github-actions"}


def test_gitlab_pipeline_runs_the_same_checks(rendered):
    pipeline = load(rendered("wine-random-forest-gitlab"), GITLAB_CI)
    scripts = pipeline["default"]["before_script"] + pipeline["lint"]["script"]
    scripts += pipeline["test"]["script"]
    for command in ("uv sync --locked", "pre-commit run --all-files", "pytest", "dvc repro"):
        assert any(command in line for line in scripts), command
    assert pipeline["default"]["interruptible"] is True
    assert pipeline["test"]["artifacts"]["paths"] == ["reports/"]


@pytest.mark.parametrize("combo", COMBOS)
def test_pre_commit_hooks_need_nothing_but_the_lock_file(rendered, combo):
    """Local hooks only: tools come from the locked dev group, never from GitHub."""
    config = load(rendered(combo), ".pre-commit-config.yaml")
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert {hook["language"] for hook in hooks} == {"system", "fail"}
    system = [hook for hook in hooks if hook["language"] == "system"]
    assert [hook["id"] for hook in system if not hook["entry"].startswith("uv run --frozen ")] == []


def test_pre_commit_checks_types_spelling_and_markdown_but_not_what_the_pipeline_writes(
    rendered,
):
    hooks = {
        hook["id"]: hook
        for hook in load(rendered("defaults"), ".pre-commit-config.yaml")["repos"][0]["hooks"]
    }
    assert {"ruff-check", "ruff-format", "mdformat", "mypy", "codespell"} <= set(hooks)
    # mypy reads the package whole, whichever files a commit touches.
    assert hooks["mypy"]["pass_filenames"] is False
    for name in ("mdformat", "codespell", "end-of-file-fixer", "trailing-whitespace"):
        exclude = re.compile(hooks[name]["exclude"])
        for output in ("MODEL_CARD.md", "DATASHEET.md", "reports/drift.md", "dvc.lock"):
            assert exclude.search(output), (name, output)
        for source in ("README.md", "docs/team.md", "src/my_ml_project/cli.py"):
            assert not exclude.search(source), (name, source)


@pytest.mark.parametrize("combo", COMBOS)
def test_no_rendered_file_holds_a_local_path(rendered, template_repo, combo):
    """Copier's answers file is the exception: it records where the template came from,
    for `copier update`. (Rendered without tasks, it also still holds the CSV path as
    given; the import task replaces that with the copy's path, see test_hooks.py.)"""
    project = rendered(combo)
    local_paths = [str(template_repo), str(project), str(DATA), str(Path.home())]
    files = [
        path for path in project.rglob("*") if path.is_file() and path.name != ".copier-answers.yml"
    ]
    leaks = [
        f"{path.relative_to(project)}: {local}"
        for path in files
        for local in local_paths
        if local in path.read_text()
    ]
    assert leaks == []
