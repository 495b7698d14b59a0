"""The generated CI's `template` job: which template release the project is on, whether
a newer one exists, and a failure only when the project asks for one.

The job's script is taken from the rendered CI file and run with bash against a project
from the template's v1.0.0 (tests/template_versions.py), with the test environment's
Copier in place of the `uvx` download CI makes.
"""

import os
import subprocess
import sysconfig
from pathlib import Path

import pytest
import yaml
from template_versions import commit_all, render_at, update_to_v2

pytestmark = pytest.mark.e2e

UVX_COPIER = 'uvx --from "copier>=9.4,<10" copier'
COPIER = Path(sysconfig.get_path("scripts")) / "copier"
BEHIND = "A newer template release exists"


def github_script(project: Path) -> str:
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    [step] = [step for step in workflow["jobs"]["template"]["steps"] if "run" in step]
    return step["run"]


def gitlab_script(project: Path) -> str:
    return "\n".join(yaml.safe_load((project / ".gitlab-ci.yml").read_text())["template"]["script"])


def run_job(project: Path, script: str, **env: str) -> subprocess.CompletedProcess:
    assert UVX_COPIER in script
    local = script.replace(UVX_COPIER, str(COPIER))
    return subprocess.run(
        ["bash", "-e", "-c", local],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


@pytest.fixture(scope="module")
def behind(versioned_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GitHub project on v1.0.0 while v2.0.0 exists."""
    return render_at(versioned_template, tmp_path_factory.mktemp("drift") / "p")


def test_a_project_behind_is_reported_and_the_build_passes(behind):
    result = run_job(behind, github_script(behind))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "_commit: v1.0.0" in result.stdout
    assert "latest version is 2.0.0" in result.stdout + result.stderr
    assert f"::warning::{BEHIND}" in result.stdout


def test_a_project_behind_fails_the_build_when_asked_to(behind):
    result = run_job(behind, github_script(behind), TEMPLATE_DRIFT_FAILS="true")
    assert result.returncode == 1
    assert BEHIND in result.stdout


def test_an_unreachable_template_is_reported_and_the_build_passes(behind, tmp_path):
    project = tmp_path / "moved"
    subprocess.run(["git", "clone", "--quiet", str(behind), str(project)], check=True)
    answers = project / ".copier-answers.yml"
    answers.write_text(answers.read_text().replace("_src_path: ", "_src_path: /nowhere"))
    result = run_job(project, github_script(behind), TEMPLATE_DRIFT_FAILS="true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cannot read the template's repository" in result.stdout.lower()


def test_a_project_on_the_latest_release_passes_quietly(versioned_template, tmp_path):
    project = render_at(versioned_template, tmp_path / "p")
    update_to_v2(project, skip_tasks=True, quiet=True)
    commit_all(project, "Update to v2.0.0")
    result = run_job(project, github_script(project), TEMPLATE_DRIFT_FAILS="true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "_commit: v2.0.0" in result.stdout
    assert BEHIND not in result.stdout


def test_gitlab_job_reports_the_same(versioned_template, tmp_path):
    data = {"ci_provider": "gitlab"}
    project = render_at(versioned_template, tmp_path / "p", answers=data)
    script = gitlab_script(project)
    reported = run_job(project, script)
    assert reported.returncode == 0, reported.stdout + reported.stderr
    assert "Warning: a newer template release exists" in reported.stdout
    assert run_job(project, script, TEMPLATE_DRIFT_FAILS="true").returncode == 1


def test_a_project_without_copier_answers_has_nothing_to_compare(behind, tmp_path):
    result = run_job(tmp_path, github_script(behind), TEMPLATE_DRIFT_FAILS="true")
    assert result.returncode == 0
    assert "not managed by Copier" in result.stdout
