"""`nox -s grade -- PROJECT [--out DIR] [--hidden DIR]`: score one project against its rubric.

The grader owns what it grades. It reads rubric.yaml and the evaluation settings from
the project's first commit (the template's), works on a fresh clone of what was
committed, puts the template's tests back over the student's before running them,
re-runs the whole pipeline itself, and computes every graded number from the student's
trained model and the test split with its own reference code (probe.py): no report the
student committed is read. Hidden checks (hidden/<criterion>/, and the instructor's
own with --hidden) run too, out of the student's repository. The student's code runs
only as subprocesses with time limits and offline settings; every crash is a criterion
lost with its reason, never a grader crash.
Writes grade.json, grade.md (a note to the student) and classroom.json (one GitHub
Classroom autograding runner per criterion).
"""

import argparse
import base64
import json
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from mlfolio import ROOT
from mlfolio._proc import CommandError, git, project_env
from mlfolio._proc import run as run_command
from mlfolio.fleet import TRAILER

# The template's own rule for data files in git (its pre-commit hook), not the student's.
HOOKS = ROOT / "template" / "{{cookiecutter.project_slug}}" / ".pre-commit-config.yaml"
PROBE = Path(__file__).with_name("probe.py")
HIDDEN = Path(__file__).with_name("hidden")
OFFLINE = {
    "UV_OFFLINE": "1",
    "UV_PYTHON_DOWNLOADS": "never",
    "HF_HUB_OFFLINE": "1",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DO_NOT_TRACK": "1",
    "DVC_NO_ANALYTICS": "1",
}
LIMIT = 1800  # seconds any one command of the student's project may take
SHOWN = 8  # failing tests listed per criterion
# The hint a stub raises: "assignment: write build_preprocessor() in ...".
STUB = re.compile(r"NotImplementedError: (assignment: [^;\"'\n]*)")
# What pre-commit says of a hook that failed ("ruff check....Failed"), and of a stage
# that failed in `dvc repro` ("ERROR: failed to reproduce 'train'").
HOOK_FAILED = r"\.{3}Failed$|^- files were modified"
STAGE_FAILED = r"^ERROR: |Error: "
# What probe.py reads: only what the grader's own `dvc repro` made.
FILES = {
    "model": "models/model.joblib",
    "train": "data/processed/train.csv",
    "test": "data/processed/test.csv",
}
# Criteria graded on the grader's own run of the pipeline (probe.py's numbers).
FROM_MODEL = ("main-metric", "calibration", "no-leakage", "slice-gap")
# Every pytest run of the grader: the student's pytest settings (addopts, the cache) left
# out, results as JUnit XML whose `file` attribute names each test's file.
PYTEST = (
    *("pytest", "-q", "--import-mode=importlib", "-p", "no:cacheprovider"),
    *("-o", "addopts=", "-o", "junit_family=xunit1"),
)


@dataclass
class Result:
    id: str
    points: int
    earned: int
    reason: str
    details: list[str] = field(default_factory=list)


@dataclass
class Grade:
    project: str
    score: int = 0
    max_score: int = 0
    results: list[Result] = field(default_factory=list)


@dataclass
class Tests:
    """One pytest run: how many ran, and each failure as `name: first lines`."""

    ran: int = 0
    failures: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    error: str = ""  # pytest itself could not run

    @property
    def passed(self) -> bool:
        return not self.error and not self.failures and not self.hints


def run(cwd: Path, *command: str, pick: str = "") -> tuple[bool, str]:
    """Run a command of the student's project; (succeeded, its last output line, or on
    failure the lines matching `pick` when any do)."""
    env = project_env("MLFLOW_TRACKING_URI", **OFFLINE)
    try:
        done = run_command(command, cwd, check=False, env=env, timeout=LIMIT)
    except CommandError as error:  # it could not start, or took too long
        return False, str(error)
    lines = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    picked = [re.sub(r"\.{3,}", " ", line) for line in lines if pick and re.search(pick, line)]
    if done.returncode and picked:
        return False, "; ".join(dict.fromkeys(picked))
    return done.returncode == 0, lines[-1] if lines else "(no output)"


def first_commit(project: Path) -> str:
    first = git(project, "rev-list", "--max-parents=0", "HEAD", check=False).splitlines()
    if not first:
        raise ValueError(f"{project}: no commit to grade")
    return first[-1]


def from_template(project: Path, name: str) -> dict:
    text = git(project, "show", f"{first_commit(project)}:{name}", check=False)
    if not text:
        raise ValueError(f"{project}: no {name} in its first commit (not an assignment?)")
    return yaml.safe_load(text)


def rubric_of(project: Path) -> list[dict]:
    """The rubric as the template wrote it in the first commit."""
    return from_template(project, "rubric.yaml")["criteria"]


def data_patterns() -> tuple[re.Pattern, re.Pattern]:
    for repo in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))["repos"]:
        for hook in repo["hooks"]:
            if hook["id"] == "data-in-dvc":
                return re.compile(hook["files"]), re.compile(hook["exclude"])
    raise LookupError(f"{HOOKS} has no data-in-dvc hook")


def read_junit(path: Path, folder: str = "") -> Tests:
    """Failures by name with their message's first lines; stubs' hints once each. With a
    `folder`, only the tests whose file (relative to pytest's rootdir) is in it."""
    try:
        cases = ET.parse(path).getroot().iter("testcase")
    except (OSError, ET.ParseError) as error:
        return Tests(error=f"pytest wrote no results ({error.__class__.__name__})")
    if folder:
        cases = [case for case in cases if Path(case.get("file") or "").parts[:1] == (folder,)]
    result = Tests()
    for case in cases:
        result.ran += 1
        problem = case.find("failure")
        problem = case.find("error") if problem is None else problem
        if problem is None:
            continue
        text = problem.get("message") or problem.text or ""
        if hint := STUB.search(text):
            if hint[1] not in result.hints:
                result.hints.append(hint[1])
            continue
        lines = [line.strip() for line in text.splitlines() if line.strip()][:2]
        where = case.get("file") or case.get("classname", "")
        result.failures.append(f"`{where}::{case.get('name')}`: {' / '.join(lines)[:200]}")
    return result


def per_criterion(junit: Path, ok: bool, detail: str, criteria: list[str]) -> dict[str, Tests]:
    """One pytest run of hidden/<criterion>/ folders, scored per criterion: one whose
    checks did not run fails, with pytest's last line when pytest ran none at all."""
    results = {criterion: read_junit(junit, criterion) for criterion in criteria}
    nothing_ran = not any(result.ran for result in results.values())
    for result in results.values():
        if result.ran == 0 and not result.error:
            result.error = detail if nothing_ran and not ok else "none of its checks ran"
    return results


class Workspace:
    """A fresh clone of the committed project, with the tool runs the criteria read."""

    def __init__(self, project: Path, scratch: Path):
        self.project, self.scratch, self.path = project, scratch, scratch / "clone"
        cloned, self.setup = run(scratch, "git", "clone", "-q", str(project), str(self.path))
        self.ready = cloned and self._install()

    def _install(self) -> bool:
        ok, self.setup = run(self.path, "uv", "sync", "--frozen")
        if ok:
            # DVC-tracked inputs come from the project's own cache, not a network remote.
            cache = self.project / ".dvc" / "cache"
            run(self.path, "uv", "run", "--frozen", "dvc", "cache", "dir", "--local", str(cache))
            run(self.path, "uv", "run", "--frozen", "dvc", "checkout", "--quiet")
            # Whatever is left of these after `dvc repro` was made by the grader's run.
            for name in FILES.values():
                (self.path / name).unlink(missing_ok=True)
        return ok

    def tool(self, *command: str, pick: str = "") -> tuple[bool, str]:
        if not self.ready:
            return False, f"the project does not install: {self.setup}"
        return run(self.path, "uv", "run", "--frozen", *command, pick=pick)

    def restore_tests(self) -> None:
        """The template's tests, exactly: the student's edits, deletions and additions to
        tests/ are undone, and a conftest.py outside tests/ is removed."""
        shutil.rmtree(self.path / "tests", ignore_errors=True)
        # From the first commit, the release the assignment was made from: a commit that
        # claims to be a template update (its trailer) is a student's to forge.
        run(self.path, "git", "checkout", first_commit(self.project), "--", "tests")
        for name in git(self.path, "ls-files", "*conftest.py", check=False).splitlines():
            if Path(name).name == "conftest.py" and not name.startswith("tests/"):
                (self.path / name).unlink()

    def pytest(self, name: str, *options: Path | str) -> tuple[Path, bool, str]:
        """Run pytest; (its JUnit report, whether it passed, its last line)."""
        junit = self.scratch / f"{name}.xml"
        ok, detail = self.tool(*PYTEST, f"--junitxml={junit}", *map(str, options))
        return junit, ok, detail

    def tests(self) -> Tests:
        junit, ok, detail = self.pytest("tests", "tests")
        result = read_junit(junit)
        if result.ran == 0 and not ok:  # pytest itself failed: say what it said
            result.error = detail
        return result

    def hidden(self, folders: dict[str, list[Path]]) -> dict[str, Tests]:
        """Every criterion's hidden checks in one pytest run (one start-up of the stack,
        not one per criterion), under hidden/<criterion>/<n>/ beside the clone."""
        root = self.scratch / "hidden"
        for criterion, sources in folders.items():
            for number, source in enumerate(sources):
                shutil.copytree(source, root / criterion / str(number))
        shutil.copy(HIDDEN / "conftest.py", root / "conftest.py")
        # The rootdir makes each test's file start with its criterion's folder.
        return per_criterion(*self.pytest("hidden", f"--rootdir={root}", root), list(folders))

    def probe(self, settings: dict) -> dict:
        """probe.py's numbers, or why there are none."""
        if missing := [name for name in FILES.values() if not (self.path / name).is_file()]:
            return {"missing": f"the pipeline did not make {', '.join(missing)} (see reproducible)"}
        given, out = self.scratch / "settings.json", self.scratch / "probe.json"
        given.write_text(json.dumps({**settings, "files": FILES}), encoding="utf-8")
        ok, detail = self.tool("python", str(PROBE), str(given), str(out))
        try:
            return json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"error": detail}


def placeholders(clone: Path) -> list[str]:
    todo = []
    for name in ("model_card.yaml", "datasheet.yaml"):
        try:
            prose = yaml.safe_load((clone / name).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            todo.append(f"{name} unreadable ({error.__class__.__name__})")
            continue
        if fields := [key for key, text in prose.items() if "TODO" in str(text)]:
            todo.append(f"{name}: {', '.join(fields)}")
    return todo


def own_commits(clone: Path) -> int:
    """The student's commits after the first: not merges, not the fleet's (its trailer),
    and each changing at least one file (a pathspec leaves empty commits out)."""
    since = ["--no-merges", "--full-history", "--format=%H", "HEAD", f"^{first_commit(clone)}"]
    changed = git(clone, "log", *since, "--", ".", check=False).split()
    fleet = git(clone, "log", *since, f"--grep=^{TRAILER}: ", check=False).split()
    return len(set(changed) - set(fleet))


def tests_reason(tests: Tests, what: str) -> tuple[bool, str, list[str]]:
    if tests.error:
        return False, f"{what} could not run: {tests.error}", []
    details = [f"still a stub: {hint}" for hint in tests.hints]
    details += tests.failures[:SHOWN]
    if len(tests.failures) > SHOWN:
        details.append(f"and {len(tests.failures) - SHOWN} more failing")
    if tests.passed:
        return True, f"all {tests.ran} {what} pass", []
    causes = [f"{len(tests.hints)} stub(s) unwritten"] if tests.hints else []
    causes += [f"{len(tests.failures)} failing"] if tests.failures else []
    return False, f"{what}: {', '.join(causes)} (of {tests.ran} run)", details


def judge(criterion: dict, work: Workspace, runs: dict) -> tuple[bool, str, list[str]]:
    """Whether one criterion is met, why (or why not), and what to look at."""
    kind = criterion["id"]
    if kind == "tests":
        return tests_reason(runs["tests"], "template tests")
    if kind == "reproducible":
        ok, detail = runs["repro"]
        # A stub's hint is the tests criterion's to say.
        detail = STUB.sub("a stub is unwritten (see tests)", detail)
        causes = [] if ok else [f"`dvc repro` failed on a clean clone: {detail}"]
        if not git(work.path, "ls-files", "dvc.lock", check=False):
            causes.append("dvc.lock is not committed: `git add dvc.lock` after `dvc repro`")
        if causes:
            return False, "; ".join(causes), []
        return True, "`dvc repro` succeeds on a clean clone and dvc.lock is committed", []
    if kind == "pre-commit":
        ok, detail = runs["pre-commit"]
        return ok, "every hook passes" if ok else f"`pre-commit run --all-files`: {detail}", []
    if kind == "history":
        commits, needed = own_commits(work.path), criterion.get("min_commits", 1)
        return (
            commits >= needed,
            f"{commits} commit(s) of your own with changes, {needed} needed "
            "(empty commits and template updates do not count)",
            [],
        )
    if kind == "card-written":
        todo = placeholders(work.path)
        return not todo, "TODO left in " + "; ".join(todo) if todo else "no TODO left", []
    if kind == "no-data-in-git":
        files, exclude = data_patterns()
        tracked = git(work.path, "ls-files", check=False).splitlines()
        data = [p for p in tracked if files.search(p) and not exclude.search(p)]
        return not data, "git tracks " + ", ".join(data) if data else "no data or model in git", []
    if kind not in FROM_MODEL:
        return False, f"unknown criterion {kind!r} in rubric.yaml", []
    numbers = runs["probe"]
    if "missing" in numbers:
        return False, f"not graded: {numbers['missing']}", []
    if "error" in numbers:
        return False, f"the grader could not evaluate models/model.joblib: {numbers['error']}", []
    if kind == "main-metric":
        main, floor = numbers["main_metric"], criterion["min_ci_low"]
        return (
            main["ci_low"] >= floor,
            f"{main['name']} {main['value']:.3f}, 95% CI lower bound {main['ci_low']:.3f}, "
            f"{floor} needed",
            [],
        )
    if kind == "calibration":
        ece, limit = numbers["ece"], criterion["max_ece"]
        return ece <= limit, f"ECE of your model {ece:.3f} (the grader's), at most {limit}", []
    if kind == "no-leakage":
        findings = numbers["leakage"]
        return not findings, "; ".join(findings) or "no leakage found", []
    gaps, limit = numbers["slice_gaps"], float(criterion["max_gap"])
    worst = max(gaps.items(), key=lambda item: item[1], default=("-", 0.0))
    return worst[1] <= limit, f"largest gap {worst[1]:.3f} ({worst[0]}), at most {limit}", []


def with_hidden(verdict: tuple[bool, str, list[str]], hidden: Tests | None, said: list[str]):
    """A criterion also needs its hidden checks to pass; a stub's hint `said` already (by
    the tests criterion) is not said again."""
    passed, reason, details = verdict
    if hidden is None:
        return verdict
    if hidden.hints and set(hidden.hints) <= set(said) and not hidden.failures:
        return False, reason if not passed else "hidden checks need the stubs (see tests)", details
    ok, why, more = tests_reason(hidden, "hidden checks")
    if ok:
        return passed, reason, details
    return False, reason if not passed else why, details + ([why] if not passed else []) + more


def hidden_checks(extra: list[Path]) -> dict[str, list[Path]]:
    """Folders of hidden checks per criterion: hidden/<criterion>/ here and in `extra`."""
    found: dict[str, list[Path]] = {}
    for root in [HIDDEN, *extra]:
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name[0] != "_"):
            found.setdefault(folder.name, []).append(folder)
    return found


def grade(project: Path, hidden: list[Path] = ()) -> Grade:
    project = project.resolve()
    result = Grade(project.name)
    try:
        criteria = rubric_of(project)
        params = from_template(project, "params.yaml")
        settings = {**params["data"], "evaluate": params["evaluate"]}
    except (ValueError, yaml.YAMLError, KeyError, TypeError) as error:
        result.results.append(Result("rubric", 0, 0, f"cannot grade: {error}"))
        return result
    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        work = Workspace(project, Path(scratch))
        runs = {"pre-commit": work.tool("pre-commit", "run", "--all-files", pick=HOOK_FAILED)}
        if work.ready:  # hooks may have fixed files: grade what was committed
            run(work.path, "git", "checkout", "--", ".")
            work.restore_tests()
        runs["tests"] = work.tests()
        # --force: every output made here, none restored from what the student ran.
        runs["repro"] = work.tool("dvc", "repro", "--force", pick=STAGE_FAILED)
        runs["probe"] = work.probe(settings)
        folders = hidden_checks(list(hidden))
        graded = {c["id"]: folders[c["id"]] for c in criteria if folders.get(c["id"])}
        checks = work.hidden(graded) if graded else {}
        for criterion in criteria:
            try:
                verdict = judge(criterion, work, runs)
                hidden_run = checks.get(criterion["id"])
                passed, reason, details = with_hidden(verdict, hidden_run, runs["tests"].hints)
            except (KeyError, TypeError, ValueError) as error:
                passed, reason, details = False, f"unreadable result: {error!r}", []
            points = int(criterion.get("points", 0))
            earned = points if passed else 0
            result.results.append(Result(criterion["id"], points, earned, reason, details))
    result.score = sum(r.earned for r in result.results)
    result.max_score = sum(r.points for r in result.results)
    return result


def markdown(result: Grade) -> str:
    lost = [r for r in result.results if r.earned < r.points]
    lines = [
        f"# Your grade: {result.score} / {result.max_score}",
        "",
        f"Project `{result.project}`, graded on a fresh clone of what you committed, with "
        "the template's tests and the grader's own checks.",
        "",
    ]
    if lost:
        lines += ["## To earn the missing points", ""]
        for r in lost:
            lines.append(f"- **{r.id}** (0 / {r.points}): {r.reason}")
            lines += [f"  - {detail}" for detail in r.details]
        lines.append("")
    if earned := [r for r in result.results if r.earned == r.points]:
        lines += ["## Earned", ""]
        lines += [f"- **{r.id}** ({r.earned} / {r.points}): {r.reason}" for r in earned]
    return "\n".join(lines).rstrip() + "\n"


def runner(result: Result) -> dict:
    """One criterion as a GitHub Classroom autograding runner's result (version 1)."""
    status = "pass" if result.earned == result.points else "fail"
    return {
        "version": 1,
        "status": status,
        "max_score": result.points,
        "tests": [
            {
                "name": result.id,
                "status": status,
                "score": result.earned,
                "message": "\n".join([result.reason, *result.details]),
            }
        ],
    }


def classroom(result: Grade) -> dict:
    """A runner per criterion: `<ID>_RESULTS` (its JSON, base64) is what
    `classroom-resources/autograding-grading-reporter` reads for runner `<id>`."""
    return {r.id.replace("-", "_"): runner(r) for r in result.results}


def write(result: Grade, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "grade.json").write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
    (out / "grade.md").write_text(markdown(result), encoding="utf-8")
    runners = classroom(result)
    (out / "classroom.json").write_text(json.dumps(runners, indent=2) + "\n", encoding="utf-8")
    # For a workflow step: `cat classroom.env >> "$GITHUB_ENV"`, then the reporter with
    # `runners: <the ids>`.
    (out / "classroom.env").write_text(
        "".join(
            f"{name.upper()}_RESULTS={base64.b64encode(json.dumps(data).encode()).decode()}\n"
            for name, data in runners.items()
        ),
        encoding="utf-8",
    )


def folder(text: str) -> Path:
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a directory")
    return Path(text)


def add_hidden_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--hidden",
        type=folder,
        action="append",
        default=[],
        help="a folder of your own hidden checks, one subfolder per criterion id",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0]
    )
    parser.add_argument("project", type=Path)
    parser.add_argument("--out", type=Path, help="where the reports go (default: grade-<project>)")
    add_hidden_option(parser)
    args = parser.parse_args(argv)
    if not args.project.is_dir():
        parser.error(f"{args.project} is not a directory: give the project to grade")
    result = grade(args.project, args.hidden)
    out = args.out or Path(f"grade-{result.project}")
    write(result, out)
    print(markdown(result))
    print(f"reports in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
