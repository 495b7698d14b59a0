"""Update every project made from this template to a release, each on its own branch,
run its tests, and report: `nox -s fleet -- DIR-OR-LIST... [--to REF] [--dry-run]`.

A source is a project, a directory of projects (each subdirectory is a candidate), or a
text file listing project paths one per line (`#` starts a comment). A project is one of
ours when its `.copier-answers.yml` names this template as `_src_path` (its path, or one
of its git remotes). Projects from other templates, with uncommitted changes, or already
at the release are skipped with the reason; nothing is ever done to them.

Each project to update gets a new branch `template-update-<release>`, the update
(mlfolio.update), a commit when no conflict is left, then its own tests. A
project that breaks is reported and the next one runs. The report is written as
Markdown and JSON (project, from, to, result, conflicts, tests) into --report.

Exit status: 0 when every project was updated, up to date or skipped; 1 when any has
conflicts, failing tests or an error; 2 for bad arguments.
"""

import argparse
import json
import re
import shlex
import sys
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from mlfolio import ROOT
from mlfolio._proc import CommandError, commit_all, git, project_env, run
from mlfolio.update import conflicts, update

ANSWERS = ".copier-answers.yml"
BRANCH_PREFIX = "template-update-"
# How a template URL starts (Copier's gh: and gl: shorthands included); else it is a path.
URL = re.compile(r"^[\w+.-]+://|^gh:|^gl:|^git@")
# The trailer of every commit the fleet makes: the grader counts none of them as the
# student's work.
TRAILER = "Template-Update"


class FleetError(Exception):
    """Arguments the fleet cannot work from (exit status 2)."""


@dataclass
class Row:
    """One project's line in the report."""

    project: str
    from_: str = ""
    to: str = ""
    result: str = ""
    reason: str = ""
    branch: str = ""
    conflicts: list[str] = field(default_factory=list)
    tests: str = "not run"
    test_log: str = ""

    def as_json(self) -> dict[str, object]:
        return {("from" if key == "from_" else key): value for key, value in asdict(self).items()}


def candidates(sources: list[Path]) -> list[Path]:
    """Every project named by the sources, in order, once."""
    found: list[Path] = []
    for source in sources:
        if source.is_file():
            lines = (line.split("#", 1)[0].strip() for line in source.read_text().splitlines())
            found += [(source.parent / line).resolve() for line in lines if line]
        elif (source / ANSWERS).is_file():
            found.append(source.resolve())
        elif source.is_dir():
            found += sorted(
                path.resolve()
                for path in source.iterdir()
                if path.is_dir() and not path.name.startswith(".")
            )
        else:
            raise FleetError(f"{source} is neither a directory nor a list of projects")
    return list(dict.fromkeys(found))


def normalise(source: str) -> str:
    """One spelling per template location: a resolved path, or an https URL sans .git."""
    if URL.match(source):
        url = re.sub(r"^gh:", "https://github.com/", source)
        url = re.sub(r"^gl:", "https://gitlab.com/", url)
        url = re.sub(r"^git@([^:]+):", r"https://\1/", url)
        url = re.sub(r"^git\+", "", url)
        return re.sub(r"(\.git)?/*$", "", url).lower()
    return str(Path(source).expanduser().resolve())


def template_names(template: Path) -> set[str]:
    """The template's path and the URLs of its git remotes, normalised."""
    remotes = git(template, "remote", "-v", check=False).split()
    urls = {word for word in remotes if "/" in word or ":" in word}
    return {normalise(str(template))} | {normalise(url) for url in urls}


def latest_release(template: Path) -> str:
    tags = git(template, "tag", "--list", "--sort=-v:refname", "v[0-9]*", check=False).split()
    if not tags:
        raise FleetError(f"{template} has no release tag (vX.Y.Z): pass --to REF")
    return tags[0]


def why_not(project: Path, answers: dict | None, ours: set[str], to: str) -> str:
    """The reason to leave `project` alone, or "" to update it."""
    if answers is None:
        return f"not a Copier project (no {ANSWERS})"
    source = str(answers.get("_src_path", ""))
    if normalise(source) not in ours:
        if source and not URL.match(source) and not Path(source).expanduser().is_absolute():
            # Copier reads a relative template path from where it runs, as this does.
            source += f", relative to {Path.cwd()}"
        return f"made from another template ({source or 'no _src_path'})"
    if git(project, "rev-parse", "--is-inside-work-tree", check=False) != "true":
        return "not a git repository: Copier updates only committed projects"
    return ""


def committed_answers(project: Path, ref: str = "HEAD") -> dict | None:
    """The answers as committed at `ref` (an update's uncommitted ones do not count);
    outside git, the answers file."""
    if text := git(project, "show", f"{ref}:{ANSWERS}", check=False):
        return yaml.safe_load(text)
    answers_file = project / ANSWERS
    return yaml.safe_load(answers_file.read_text()) if answers_file.is_file() else None


def earlier_run(project: Path, row: Row) -> bool:
    """Whether an earlier run's branch settles this one: its conflicts are still there, or
    it holds the update, committed (up to date, to merge)."""
    branch = f"{BRANCH_PREFIX}{row.to}"
    if not git(project, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False):
        return False
    row.branch = branch
    if git(project, "rev-parse", "--abbrev-ref", "HEAD") == branch and (left := conflicts(project)):
        row.result, row.conflicts = "conflicts", left
        row.reason = f"still unresolved on branch {branch}: resolve them, then commit"
    elif str((committed_answers(project, branch) or {}).get("_commit")) == row.to:
        row.result, row.reason = "up to date", f"on branch {branch}: merge it"
    else:
        row.result, row.reason = "skipped", f"branch {branch} already exists: merge or delete it"
    return True


def run_tests(project: Path, command: list[str], log: Path) -> str:
    """The tests as "passed" or "failed (exit N)"; their whole output goes to `log`."""
    try:
        result = run(command, project, check=False, env=project_env("CONDA_PREFIX"))
    except CommandError as error:  # the command itself is missing
        return f"failed ({error})"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"$ {shlex.join(command)}\n{result.stdout}{result.stderr}")
    return "passed" if result.returncode == 0 else f"failed (exit {result.returncode})"


def compared(before: str, after: str) -> str:
    """The tests after the update, said against the same tests before it."""
    if after == "passed" or not before:
        return after
    return f"{after}, newly failing" if before == "passed" else f"{after}, failing before too"


def undo(project: Path, branch: str, start: str) -> None:
    """Put a project whose update broke back as it was: its branch, no stray files."""
    git(project, "reset", "--hard", "--quiet", check=False)
    git(project, "clean", "-fd", "--quiet", check=False)  # the tree was clean before
    git(project, "switch", "--quiet", start, check=False)
    git(project, "branch", "-D", branch, check=False)


def update_one(project: Path, row: Row, options: argparse.Namespace, log: Path) -> None:
    row.branch = f"{BRANCH_PREFIX}{row.to}"
    command = shlex.split(options.test_command or "")
    # Before the update too: a failure the update did not cause is reported as such.
    before = run_tests(project, command, log.with_suffix(".before.log")) if command else ""
    start = git(project, "rev-parse", "--abbrev-ref", "HEAD")
    git(project, "switch", "--quiet", "-c", row.branch)
    try:
        left, kept = update(
            project, row.to, conflict=options.conflict, trust=True, skip_tasks=options.skip_tasks
        )
        # A file kept from deletion is the student's to settle, like a conflict.
        row.conflicts = left + [f"{name} (you changed it; the release deletes it)" for name in kept]
    except Exception as error:
        undo(project, row.branch, start)
        row.branch = ""
        row.result, row.reason = "failed", f"the update did not run: {error}"
        return
    if row.conflicts:
        row.result = "conflicts"
        row.reason = f"resolve them on branch {row.branch}, then commit"
        return
    # No hooks: the project's tests below judge the update, not a commit hook.
    commit_all(project, f"Update to template {row.to}\n\n{TRAILER}: {row.to}")
    row.result = "updated"
    if command:
        row.test_log = str(log)
        row.tests = compared(before, run_tests(project, command, log))


def process(project: Path, row: Row, ours: set[str], options: argparse.Namespace, log: Path):
    answers = committed_answers(project)
    row.from_ = str((answers or {}).get("_commit", ""))
    if reason := why_not(project, answers, ours, row.to):
        row.result, row.reason = "skipped", reason
    elif row.from_ == row.to:
        row.result = "up to date"
    elif earlier_run(project, row):
        pass  # the branch an earlier run left says where the project stands
    elif changed := git(project, "status", "--porcelain").splitlines():
        row.result = "skipped"
        row.reason = f"uncommitted changes in {len(changed)} file(s): commit or stash them first"
    elif options.dry_run:
        row.result = "would update"
    else:
        update_one(project, row, options, log)


def markdown(rows: list[Row]) -> str:
    lines = [
        "| Project | From | To | Result | Conflicts | Tests |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        result = f"{row.result}: {row.reason}" if row.reason else row.result
        places = "<br>".join(f"`{place}`" for place in row.conflicts) or "-"
        cells = (f"`{row.project}`", row.from_ or "-", row.to, result, places, row.tests)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


FAILED = ("conflicts", "failed")


def summary(rows: list[Row]) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.result] = counts.get(row.result, 0) + 1
    failing = sum(row.tests.startswith("failed") for row in rows)
    text = ", ".join(f"{count} {result}" for result, count in counts.items())
    return text + (f"; tests failed in {failing}" if failing else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "sources", nargs="+", type=Path, help="projects, folders of projects, or lists of paths"
    )
    parser.add_argument("--to", help="release tag to update to (default: the latest)")
    parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
    parser.add_argument(
        "--template", type=Path, default=ROOT, help="the template's clone (default: this one)"
    )
    parser.add_argument(
        "--test-command",
        default="uv run pytest -q",
        help="run in each updated project; empty to skip (default: %(default)s)",
    )
    parser.add_argument(
        "--conflict", choices=("inline", "rej"), default="inline", help="as in mlfolio.update"
    )
    parser.add_argument("--skip-tasks", action="store_true", help="skip the template's tasks")
    parser.add_argument(
        "--report",
        type=Path,
        default=Path("build/fleet"),
        help="report folder (default: %(default)s)",
    )
    options = parser.parse_args(argv)

    template = options.template.resolve()
    try:
        if not template.is_dir():
            raise FleetError(f"{template} is not a directory: --template names a clone")
        to = options.to or latest_release(template)
        projects = candidates(options.sources)
        ours = template_names(template)
    except (FleetError, CommandError) as error:
        parser.error(str(error))
    rows = [Row(str(project), to=to) for project in projects]
    action = "Checking" if options.dry_run else "Updating"
    print(f"{action} {len(projects)} project(s) against {template} {to}")
    for number, (project, row) in enumerate(zip(projects, rows, strict=True), start=1):
        log = options.report.resolve() / "logs" / f"{number:03d}-{project.name}.log"
        try:
            process(project, row, ours, options, log)
        except CommandError as error:  # one broken project never stops the others
            row.result, row.reason = "failed", str(error)
        except Exception as error:  # nor does a bug: its traceback is for the maintainer
            row.result, row.reason = "failed", f"{type(error).__name__}: {error}"
            traceback.print_exc()
        detail = f" ({row.reason})" if row.reason else ""
        tests = f", tests {row.tests}" if row.result == "updated" else ""
        # One line per project: the details (conflicts, test logs) are in the report.
        print(
            f"[{number}/{len(projects)}] {project.name}: {row.from_ or '?'} -> {to}: "
            f"{row.result}{detail}{tests}",
            flush=True,
        )

    options.report.mkdir(parents=True, exist_ok=True)
    (options.report / "report.md").write_text(markdown(rows))
    report = {"template": str(template), "to": to, "projects": [row.as_json() for row in rows]}
    (options.report / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"{summary(rows)}. Report: {options.report / 'report.md'}, report.json")
    broken = any(row.result in FAILED or row.tests.startswith("failed") for row in rows)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
