# Maintained by the template: change it through a template release (docs/updating.md).
"""dvc.yaml lists, for each stage, every module of the package the stage imports, and
docs/pipeline.md describes the stages dvc.yaml has.

A module missing from a stage's `deps` would let `dvc repro` skip the stage after that
module changed, and report stale results as reproduced. The list is read off the code:
the stage's module and everything it imports from the package, however indirectly.
Add an import, and this test names the line dvc.yaml needs.
"""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from {{ cookiecutter.package_name }}.cli import COMMANDS

PROJECT = Path(__file__).resolve().parents[1]
SOURCE = PROJECT / "src"
PACKAGE = "{{ cookiecutter.package_name }}"


def module_path(module: str) -> Path:
    path = SOURCE.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def imported(module: str) -> set[str]:
    """The package's modules that `module` imports, at the top or inside a function."""
    tree = ast.parse(module_path(module).read_text(encoding="utf-8"))
    parent = module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = parent.rsplit(".", node.level - 1)[0] if node.level > 1 else parent
                base = f"{anchor}.{base}" if base else anchor
            if base.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if module_path(candidate).is_file() else base)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == PACKAGE}
    return found


def closure(module: str) -> set[str]:
    seen, todo = set(), [module]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(imported(current))
    return seen


def source_file(module: str) -> str:
    return module_path(module).relative_to(PROJECT).as_posix()


def dvc_stages() -> dict[str, dict]:
    return yaml.safe_load((PROJECT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]


def test_every_stage_depends_on_each_module_it_imports():
    stages = dvc_stages()
    wrong = {}
    for name, stage in stages.items():
        command = stage["cmd"].split()[-1]
        needed = {
            source_file(module)
            for module in closure(f"{PACKAGE}.{COMMANDS[command][0]}")
            # Package __init__ files hold a docstring only (checked below).
            if module_path(module).name != "__init__.py"
        }
        listed = {dep for dep in stage.get("deps", []) if dep.startswith("src/")}
        if needed != listed:
            wrong[name] = {"add": sorted(needed - listed), "remove": sorted(listed - needed)}
    assert wrong == {}, f"dvc.yaml deps do not match the imports: {wrong}"


def test_package_init_files_import_nothing():
    importing = [
        path.relative_to(PROJECT).as_posix()
        for path in (SOURCE / PACKAGE).rglob("__init__.py")
        if any(
            isinstance(node, ast.Import | ast.ImportFrom)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert importing == [], "an import in __init__.py runs with every stage: list it in dvc.yaml"


def outputs(stage: dict) -> list[str]:
    """Every path the stage writes: its outs, metrics and plots, each a path or {path: options}."""
    entries = [*stage.get("outs", []), *stage.get("metrics", []), *stage.get("plots", [])]
    return [entry if isinstance(entry, str) else next(iter(entry)) for entry in entries]


def test_the_stage_table_in_the_docs_is_dvc_yaml():
    text = (PROJECT / "docs" / "pipeline.md").read_text(encoding="utf-8")
    quoted = re.compile(r"`([^`]+)`").findall
    rows = [line.strip(" |").split(" | ") for line in text.splitlines() if line.startswith("| `")]
    documented = {quoted(stage)[0]: quoted(writes) for stage, _, writes in rows}
    expected = {name: outputs(stage) for name, stage in dvc_stages().items()}
    assert list(documented) == list(expected), "docs/pipeline.md lists other stages"
    assert documented == expected, "docs/pipeline.md: `writes` is not what dvc.yaml says"


@pytest.mark.parametrize(("setting", "threads"), [(None, 1), ("2", 2)])
def test_stages_run_blas_on_one_thread_unless_told_otherwise(setting, threads):
    """What a stage process gets: one BLAS thread, or what OPENBLAS_NUM_THREADS asks."""
    # scipy.linalg loads both OpenBLAS builds the stages use (numpy's and SciPy's), for a
    # quarter of what importing scikit-learn costs.
    probe = (
        f"from {PACKAGE}.cli import one_blas_thread; one_blas_thread(); "
        "import scipy.linalg; from threadpoolctl import threadpool_info; "
        "print(max(lib['num_threads'] for lib in threadpool_info() if lib['user_api'] == 'blas'))"
    )
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    if setting:
        env["OPENBLAS_NUM_THREADS"] = setting
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    # OpenBLAS never runs more threads than the machine has cores.
    assert int(result.stdout) == min(threads, os.cpu_count() or 1)
