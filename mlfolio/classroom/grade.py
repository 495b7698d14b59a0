"""`nox -s grade -- PROJECT [--out DIR]`: score one project against its rubric.

The grader trusts nothing the student can change: it reads rubric.yaml from the
project's first commit (the template's), works on a fresh clone of what was committed,
runs the student's code only as subprocesses with time limits and offline settings, and
turns every crash into a criterion lost with its reason, never into a grader crash.
Writes grade.json, grade.md and classroom.json (GitHub Classroom's autograding result).
"""

import argparse
import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from mlfolio import ROOT
from mlfolio._proc import CommandError, git, project_env
from mlfolio._proc import run as run_command

# The template's own rule for data files in git (its pre-commit hook), not the student's.
HOOKS = ROOT / "template" / "{{cookiecutter.project_slug}}" / ".pre-commit-config.yaml"
OFFLINE = {
    "UV_OFFLINE": "1",
    "UV_PYTHON_DOWNLOADS": "never",
    "HF_HUB_OFFLINE": "1",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DO_NOT_TRACK": "1",
    "DVC_NO_ANALYTICS": "1",
}
LIMIT = 1800  # seconds any one command of the student's project may take


@dataclass
class Result:
    id: str
    points: int
    earned: int
    reason: str


@dataclass
class Grade:
    project: str
    score: int = 0
    max_score: int = 0
    results: list[Result] = field(default_factory=list)


def run(cwd: Path, *command: str) -> tuple[bool, str]:
    """Run a command of the student's project; (succeeded, its last output line)."""
    env = project_env("MLFLOW_TRACKING_URI", **OFFLINE)
    try:
        done = run_command(command, cwd, check=False, env=env, timeout=LIMIT)
    except CommandError as error:  # it could not start, or took too long
        return False, str(error)
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return done.returncode == 0, lines[-1].strip() if lines else "(no output)"


def rubric_of(project: Path) -> list[dict]:
    """The rubric as the template wrote it in the first commit."""
    first = git(project, "rev-list", "--max-parents=0", "HEAD", check=False).splitlines()
    text = git(project, "show", f"{first[-1]}:rubric.yaml", check=False) if first else ""
    if not text:
        raise ValueError(f"{project}: no rubric.yaml in its first commit (not an assignment?)")
    return yaml.safe_load(text)["criteria"]


def data_patterns() -> tuple[re.Pattern, re.Pattern]:
    for repo in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))["repos"]:
        for hook in repo["hooks"]:
            if hook["id"] == "data-in-dvc":
                return re.compile(hook["files"]), re.compile(hook["exclude"])
    raise LookupError(f"{HOOKS} has no data-in-dvc hook")


class Workspace:
    """A fresh clone of the committed project, with the tool runs the criteria read."""

    def __init__(self, project: Path, clone: Path):
        self.project, self.path = project, clone
        cloned, self.setup = run(project.parent, "git", "clone", "-q", str(project), str(clone))
        self.ready = cloned and self._install()

    def _install(self) -> bool:
        ok, self.setup = run(self.path, "uv", "sync", "--frozen")
        if ok:
            # DVC-tracked inputs come from the project's own cache, not a network remote.
            cache = self.project / ".dvc" / "cache"
            run(self.path, "uv", "run", "--frozen", "dvc", "cache", "dir", "--local", str(cache))
            run(self.path, "uv", "run", "--frozen", "dvc", "checkout", "--quiet")
        return ok

    def tool(self, *command: str) -> tuple[bool, str]:
        if not self.ready:
            return False, f"the project does not install: {self.setup}"
        return run(self.path, "uv", "run", "--frozen", *command)

    def evaluation(self) -> dict | None:
        path = self.path / "reports" / "evaluation.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


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


def judge(criterion: dict, work: Workspace, runs: dict) -> tuple[bool, str]:
    """Whether one criterion is met, and why (or why not)."""
    kind, report = criterion["id"], runs.get("evaluation")
    if kind == "tests":
        return runs["tests"]
    if kind == "reproducible":
        ok, detail = runs["repro"]
        if not (work.path / "dvc.lock").is_file():
            return False, "dvc.lock is not committed"
        return (
            ok,
            "`dvc repro` succeeds on a clean clone" if ok else f"`dvc repro` failed: {detail}",
        )
    if kind == "pre-commit":
        ok, detail = runs["pre-commit"]
        return ok, "every hook passes" if ok else f"a hook failed: {detail}"
    if kind == "history":
        commits = int(git(work.path, "rev-list", "--count", "HEAD", check=False) or 0) - 1
        needed = criterion.get("min_commits", 1)
        return commits >= needed, f"{commits} commit(s) after the template's, {needed} needed"
    if kind == "card-written":
        todo = placeholders(work.path)
        return not todo, "TODO left in " + "; ".join(todo) if todo else "no TODO left"
    if kind == "no-data-in-git":
        files, exclude = data_patterns()
        tracked = git(work.path, "ls-files", check=False).splitlines()
        data = [p for p in tracked if files.search(p) and not exclude.search(p)]
        return not data, "git tracks " + ", ".join(data) if data else "no data or model in git"
    if report is None:
        return False, f"no reports/evaluation.json: the pipeline failed ({runs['repro'][1]})"
    if kind == "main-metric":
        main = report["main_metric"]
        low, floor = report["metrics"][main]["ci_low"], criterion["min_ci_low"]
        return low >= floor, f"{main} 95% CI lower bound {low:.3f}, {floor} needed"
    if kind == "calibration":
        ece = report.get("calibration", {}).get("ece", float("inf"))
        return ece <= criterion["max_ece"], f"ECE {ece:.3f}, at most {criterion['max_ece']}"
    if kind == "no-leakage":
        findings = [f["detail"] for f in report["leakage"]["findings"]]
        return not findings, "; ".join(findings) or "no leakage found"
    if kind == "slice-gap":
        gaps = [s["largest_gap"] for s in report["slices"]] or [0.0]
        return max(gaps) <= criterion[
            "max_gap"
        ], f"largest gap {max(gaps):.3f}, at most {criterion['max_gap']}"
    return False, f"unknown criterion {kind!r} in rubric.yaml"


def grade(project: Path) -> Grade:
    project = project.resolve()
    result = Grade(project.name)
    try:
        criteria = rubric_of(project)
    except (ValueError, yaml.YAMLError, KeyError, TypeError) as error:
        result.results.append(Result("rubric", 0, 0, f"cannot grade: {error}"))
        return result
    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        work = Workspace(project, Path(scratch) / "clone")
        runs = {"pre-commit": work.tool("pre-commit", "run", "--all-files")}
        if work.ready:  # hooks may have fixed files: grade what was committed
            run(work.path, "git", "checkout", "--", ".")
        runs["tests"] = work.tool("pytest", "-q", "-p", "no:cacheprovider")
        runs["repro"] = work.tool("dvc", "repro")
        runs["evaluation"] = work.evaluation()
        for criterion in criteria:
            try:
                passed, reason = judge(criterion, work, runs)
            except (KeyError, TypeError, ValueError) as error:
                passed, reason = False, f"unreadable result: {error!r}"
            points = int(criterion.get("points", 0))
            result.results.append(Result(criterion["id"], points, points if passed else 0, reason))
    result.score = sum(r.earned for r in result.results)
    result.max_score = sum(r.points for r in result.results)
    return result


def markdown(result: Grade) -> str:
    lines = [
        f"# Grade: {result.project}",
        "",
        f"**{result.score} / {result.max_score}**",
        "",
        "| criterion | points | earned | why |",
        "| --- | ---: | ---: | --- |",
    ]
    for r in result.results:
        lines.append(f"| {r.id} | {r.points} | {r.earned} | {r.reason.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def classroom(result: Grade) -> dict:
    """The result format of GitHub Classroom's autograding reporter (version 1); base64
    of this JSON in `<RUNNER>_RESULTS` feeds `autograding-grading-reporter`."""
    return {
        "version": 1,
        "status": "pass" if result.score == result.max_score else "fail",
        "max_score": result.max_score,
        "tests": [
            {
                "name": r.id,
                "status": "pass" if r.earned == r.points else "fail",
                "score": r.earned,
                "max_score": r.points,
                "message": r.reason,
            }
            for r in result.results
        ],
    }


def write(result: Grade, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "grade.json").write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
    (out / "grade.md").write_text(markdown(result), encoding="utf-8")
    (out / "classroom.json").write_text(
        json.dumps(classroom(result), indent=2) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0]
    )
    parser.add_argument("project", type=Path)
    parser.add_argument("--out", type=Path, help="where the reports go (default: grade-<project>)")
    args = parser.parse_args(argv)
    if not args.project.is_dir():
        parser.error(f"{args.project} is not a directory: give the project to grade")
    result = grade(args.project)
    out = args.out or Path(f"grade-{result.project}")
    write(result, out)
    print(markdown(result))
    print(f"reports in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
