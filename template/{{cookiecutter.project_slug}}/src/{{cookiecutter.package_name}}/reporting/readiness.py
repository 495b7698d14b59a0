# Maintained by the template: change it through a template release (docs/updating.md).
"""`readiness`: the portfolio checklist, item by item, with what to do about each
failure. Exits non-zero while anything fails, so CI can run it once the card is written.
"""

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..config import (
    CARD_PROSE,
    DATASHEET_PROSE,
    EVALUATION_FILE,
    EVALUATION_SCHEMA_VERSION,
    FIGURES_DIR,
    README,
)
from ..evaluation.gate import gate_checks
from .prose import CARD_SECTIONS, DATASHEET_SECTIONS, PLACEHOLDER, ProseError, load_prose
from .results import current_block, key_figures, results_block

LICENSE = Path("LICENSE")
PRE_COMMIT_CONFIG = Path(".pre-commit-config.yaml")
DATA_HOOK = "data-in-dvc"


@dataclass(frozen=True)
class Check:
    passed: bool
    detail: str
    fix: str = ""


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=False)


def last_line(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def evaluation() -> dict | None:
    """The report, or None while it is missing or written by an older release (whose
    fields the checks below may not find)."""
    if not EVALUATION_FILE.is_file():
        return None
    report = json.loads(EVALUATION_FILE.read_text(encoding="utf-8"))
    return report if report.get("schema_version") == EVALUATION_SCHEMA_VERSION else None


NO_EVALUATION = Check(
    False, f"{EVALUATION_FILE} is missing or from an older release", "run `uv run dvc repro`"
)


def tests_pass() -> Check:
    result = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    return Check(
        result.returncode == 0, last_line(result.stdout), "run `uv run pytest`, fix the failures"
    )


def pipeline_current() -> Check:
    result = run(sys.executable, "-m", "dvc", "status", "--json")
    if result.returncode != 0:
        return Check(False, last_line(result.stderr), "run `uv run dvc status` to see the error")
    changed = sorted(json.loads(result.stdout or "{}"))
    return Check(
        not changed,
        "every stage is up to date" if not changed else f"changed: {', '.join(changed)}",
        "run `uv run dvc repro`, then commit dvc.lock",
    )


def beats_baseline() -> Check:
    if (report := evaluation()) is None:
        return NO_EVALUATION
    checks = gate_checks(report, {"beat_baseline": True})
    check = next(check for check in checks if check.name == "beats_baseline")
    return Check(
        check.passed,
        check.detail,
        "improve the model or its features until the lift's whole interval clears 0",
    )


# The card's metadata fields are short by nature; every other field is prose to judge.
METADATA = {"model_name", "license", "tags", "authors", "contact"}
MIN_WORDS = 8
FILLER = re.compile(
    r"^\W*(tbd|tba|n/?a|none|todo|xxx+|lorem ipsum.*|fill (this )?in.*|\.+)\W*$", re.I
)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def weak_prose(documents: dict[Path, dict]) -> list[str]:
    """Each prose field that is a placeholder, too short to say anything, or a copy of
    another field, named with what is wrong."""
    weak: list[str] = []
    seen: dict[str, str] = {}
    for path, prose in documents.items():
        for name, text in prose.items():
            if name in METADATA:
                continue
            where, words = f"{path} `{name}`", _words(str(text or ""))
            if PLACEHOLDER in str(text) or FILLER.match(str(text or "")):
                weak.append(f"{where}: a placeholder")
            elif len(words.split()) < MIN_WORDS:
                weak.append(f"{where}: {len(words.split())} words, write at least {MIN_WORDS}")
            elif words in seen:
                weak.append(f"{where}: the same text as {seen[words]}")
            else:
                seen[words] = where
    return weak


def prose_written() -> Check:
    documents = {}
    for path, sections in ((CARD_PROSE, CARD_SECTIONS), (DATASHEET_PROSE, DATASHEET_SECTIONS)):
        try:
            documents[path] = load_prose(path, sections)
        except ProseError as error:
            return Check(False, str(error), f"restore {path} from the template")
    weak = weak_prose(documents)
    return Check(
        not weak,
        "every field says something of its own" if not weak else "; ".join(weak),
        f"write those fields in {CARD_PROSE} and {DATASHEET_PROSE} (each its own "
        "answer, a few sentences), then `uv run dvc repro`",
    )


def readme_current() -> Check:
    if (report := evaluation()) is None:
        return NO_EVALUATION
    expected = results_block(report, key_figures(report["task"], FIGURES_DIR))
    block = current_block(README.read_text(encoding="utf-8")) if README.is_file() else None
    if block is None:
        return Check(False, f"{README} has no results markers", "restore them from the template")
    current = block == expected
    return Check(
        current,
        "they match reports/evaluation.json" if current else "they are out of date",
        "run `uv run dvc repro` (stage `card` rewrites them)",
    )


def license_present() -> Check:
    present = LICENSE.is_file() and LICENSE.read_text(encoding="utf-8").strip()
    state = "present" if present else "missing or empty"
    return Check(bool(present), f"{LICENSE} {state}", "add a LICENSE file")


def data_hook() -> tuple[re.Pattern, re.Pattern] | None:
    """The file patterns of the pre-commit hook that keeps data out of git: one rule."""
    config = yaml.safe_load(PRE_COMMIT_CONFIG.read_text(encoding="utf-8"))
    for repo in config.get("repos", []):
        for hook in repo.get("hooks", []):
            if hook.get("id") == DATA_HOOK:
                return re.compile(hook["files"]), re.compile(hook.get("exclude", "(?!)"))
    return None


def no_data_in_git() -> Check:
    if (patterns := data_hook()) is None:
        hook = f"no `{DATA_HOOK}` hook in {PRE_COMMIT_CONFIG}"
        return Check(False, hook, "restore it from the template")
    files, exclude = patterns
    tracked = run("git", "ls-files").stdout.splitlines()
    data = [path for path in tracked if files.search(path) and not exclude.search(path)]
    return Check(
        not data,
        "git tracks no data or model file" if not data else "git tracks " + ", ".join(data),
        "`git rm --cached <file>`, then `uv run dvc add <file>` or make it a stage output",
    )


def pre_commit_clean() -> Check:
    result = run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    clean = result.returncode == 0
    failed = [line.split(".")[0] for line in result.stdout.splitlines() if line.endswith("Failed")]
    return Check(
        clean,
        "every hook passes" if clean else "failed: " + ", ".join(failed or ["see its output"]),
        "run `uv run pre-commit run --all-files`, fix what it reports, commit",
    )


# Cheap checks first; the two that run tools last.
CHECKS: dict[str, Callable[[], Check]] = {
    "license": license_present,
    "no-data-in-git": no_data_in_git,
    "card-written": prose_written,
    "beats-baseline": beats_baseline,
    "readme-results": readme_current,
    "pipeline-current": pipeline_current,
    "tests": tests_pass,
    "pre-commit": pre_commit_clean,
}


def main(skip: list[str] | None = None) -> None:
    skip = skip or []
    if unknown := sorted(set(skip) - set(CHECKS)):
        sys.exit(f"unknown check(s) {', '.join(unknown)}: choose from {', '.join(CHECKS)}")
    failed = []
    for name, check in CHECKS.items():
        if name in skip:
            print(f"SKIP  {name}")
            continue
        result = check()
        print(f"{'PASS' if result.passed else 'FAIL'}  {name}: {result.detail}", flush=True)
        if not result.passed:
            print(f"      -> {result.fix}")
            failed.append(name)
    if failed:
        sys.exit(f"not ready: {len(failed)} of {len(CHECKS)} checks failed ({', '.join(failed)})")
    print("ready: every check passes")
