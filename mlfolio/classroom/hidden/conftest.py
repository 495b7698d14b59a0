"""Fixtures of the hidden checks, run by the grader from the root of a clean clone of the
student's project (after its own `dvc repro`), never copied into the repository.

A folder per rubric criterion holds its checks: the criterion earns its points only if
they pass. An instructor adds their own with `nox -s grade -- PROJECT --hidden DIR`, DIR
holding the same kind of folders (`DIR/no-leakage/test_*.py`, ...), using these fixtures.
"""

from importlib import import_module
from pathlib import Path

import pytest


@pytest.fixture
def project() -> Path:
    return Path.cwd()


@pytest.fixture
def package(project):
    """A function importing a module of the student's package: `package("data.prepare")`."""
    (name,) = [p.parent.name for p in (project / "src").glob("*/__init__.py")]
    return lambda module: import_module(f"{name}.{module}")
