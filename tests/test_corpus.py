"""Every corpus dataset (tests/corpus.py) goes green as a student's project, untouched.

For each real CSV: the student's path, exactly (Copier with tasks: the CSV copied in,
`uv sync`, the first commit), then `dvc repro` and the project's own tests, with no edit.
Each case is a class of its own so that `--dist loadscope` spreads them over the workers.
"""

import contextlib
import json
import os
import re
import time
from pathlib import Path

import pytest
import yaml
from conftest import render, run
from corpus import CASES, DATA_TESTS, Case, write_result
from plumbum import local

pytestmark = [pytest.mark.e2e, pytest.mark.corpus]


def project_tests(case: Case, project, every_test: bool) -> list[str]:
    if every_test or case.all_tests:
        return []
    return [f"tests/{name}" for name in DATA_TESTS if (project / "tests" / name).is_file()]


def apply_fix(case: Case, project) -> None:
    """Make the change the stop names; the pipeline then passes and the card says what
    the case needs it to."""
    params = project / "params.yaml"
    old, new = case.fix
    assert params.read_text().count(old) == 1, old
    params.write_text(params.read_text().replace(old, new))
    run(project, "uv", "run", "--frozen", "dvc", "repro")
    card = (project / "MODEL_CARD.md").read_text()
    for pattern in case.card:
        assert re.search(pattern, card), pattern


def run_case(case: Case, template_repo, tmp_path, every_test: bool) -> None:
    started = time.monotonic()
    frame = case.frame()
    csv_path = case.write_csv(tmp_path, frame)
    row = {"rows": len(frame), "task": case.task}
    project = tmp_path / "project"
    answers = {
        "dataset": "custom_csv",
        "csv_path": str(csv_path),
        "target_column": case.target,
        "task": case.task,
        "project_name": f"{case.item} study",
    }
    result = "render"
    try:
        render(template_repo, project, answers, tasks=True)
        result = "dvc repro"
        repro = run(project, "uv", "run", "--frozen", "dvc", "repro", check=not case.expect)
        output = repro.stdout + repro.stderr
        assert "Traceback" not in output
        row["stages"] = len(yaml.safe_load((project / "dvc.yaml").read_text())["stages"])
        row["split"] = json.loads((project / "reports/preparation.json").read_text())["split"]["by"]
        assert row["split"] == case.split
        if case.expect:
            assert repro.returncode != 0
            assert re.search(case.expect, output), output
            if case.fix:
                result = "the named fix"
                apply_fix(case, project)
                result = "green (stops, then passes with the fix it names)"
            else:
                result = "green (stops, as it must)"
            return
        result = "pytest"
        tests = project_tests(case, project, every_test)
        row["tests"] = "its data's" if tests else "all"
        run(project, "uv", "run", "--frozen", "pytest", "-q", "-p", "no:cacheprovider", *tests)
        result = "green"
    finally:
        write_result(case, {**row, "result": result, "seconds": round(time.monotonic() - started)})


@pytest.fixture(scope="session")
def worker_venv(tmp_path_factory) -> Path:
    """One environment for the corpus cases of a worker, which run one after another. Every
    case locks the same dependencies (only the project's own package differs, and `uv sync`
    swaps it), so each case does not link a fresh 1 GB environment and compile the
    bytecode of everything it imports again (iris: 49 s alone, 43 s after another case)."""
    return tmp_path_factory.getbasetemp() / "corpus-venv"


@contextlib.contextmanager
def environment_in(venv: Path):
    """UV_PROJECT_ENVIRONMENT set for the commands run here and for Copier's tasks (which
    run with plumbum's copy of the environment, taken when Copier was imported)."""
    with local.env(UV_PROJECT_ENVIRONMENT=str(venv)):
        os.environ["UV_PROJECT_ENVIRONMENT"] = str(venv)
        try:
            yield
        finally:
            del os.environ["UV_PROJECT_ENVIRONMENT"]


def case_class(case: Case) -> type:
    def test_green_untouched(self, template_repo, tmp_path, pytestconfig, worker_venv):
        with environment_in(worker_venv):
            run_case(case, template_repo, tmp_path, pytestconfig.getoption("corpus_all_tests"))

    name = "Test" + "".join(part.capitalize() for part in case.id.replace(".", "-").split("-"))
    return type(name, (), {"test_green_untouched": test_green_untouched, "case": case})


for _case in CASES:
    _class = case_class(_case)
    globals()[_class.__name__] = _class
