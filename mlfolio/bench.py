"""Benchmarks of mlfolio against its peers, measured side by side in one run.

`nox -s bench` (`python -m mlfolio.bench`) writes docs/benchmarks.md and
docs/benchmarks.json; `-- --quick` checks this script in a few minutes (fewer repeats,
smaller fleets). Every figure is the median of several runs with min and max. Nothing
here is a test: no number is asserted.
"""

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from mlfolio import ROOT
from mlfolio._proc import CommandError, CommandTimeout, commit_all, git, project_env, run

BIN = Path(sys.executable).parent
JUNIT = ROOT / "build" / "test-suite.xml"
MARKDOWN = ROOT / "docs" / "benchmarks.md"
JSON = ROOT / "docs" / "benchmarks.json"
# The peers and the generated projects run offline and send nothing.
QUIET_ENV = {"KEDRO_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "1", "DVC_NO_ANALYTICS": "1"}
QUIET = os.environ | QUIET_ENV
CCDS_TIMEOUT = 30
PYTEST = ("pytest", "-q", "-p", "no:cacheprovider")
# The experiments timed on the default project (logistic regression): one hyper-parameter
# of the family in use, and one of a family not in use, which should re-run nothing.
HYPERPARAMETER = "train.hyperparameters.logistic_regression.C"
OTHER_FAMILY = "train.hyperparameters.random_forest.n_estimators"
LARGE_ROWS = 300_000


def seconds(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def summary(samples: list[float]) -> dict:
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "runs": len(samples),
    }


def measure(label: str, repeats: int, setup: Callable[[int], Callable[[], None]]) -> dict:
    """Time `setup(i)()` `repeats` times; setup prepares a fresh run outside the clock."""
    samples = []
    for i in range(repeats):
        action = setup(i)
        samples.append(seconds(action))
        print(f"  {label} {i + 1}/{repeats}: {samples[-1]:.2f} s", flush=True)
    return summary(samples)


def template_repo(work: Path) -> Path:
    """A clone of the committed template, tagged v1 (what users render)."""
    repo = work / "template"
    run(["git", "clone", "-q", str(ROOT), str(repo)], work)
    git(repo, "tag", "bench-v1")
    return repo


def copier_copy(template: Path, destination: Path, ref: str = "HEAD") -> None:
    run(
        [str(BIN / "copier"), "copy", "-q", "--defaults", "--trust", "--skip-tasks"]
        + ["--vcs-ref", ref, str(template), str(destination)],
        template.parent,
        env=QUIET,
    )


def bench_render(work: Path, template: Path, repeats: int) -> dict:
    print("render time, defaults, no setup tasks", flush=True)
    out = work / "render"

    def fresh(name: str) -> Path:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        return out / name

    def mlfolio(i: int) -> Callable[[], None]:
        destination = fresh(f"p{i}")
        return lambda: copier_copy(template, destination)

    def kedro(i: int) -> Callable[[], None]:
        fresh("kedro")
        command = [str(BIN / "kedro"), "new", "--name", f"bench-{i}", "--tools", "none"]
        return lambda: run([*command, "--example", "n"], out, env=QUIET)

    results = {
        "mlfolio (copier copy)": measure("mlfolio", repeats, mlfolio),
        "Kedro starter (kedro new)": measure("kedro", repeats, kedro),
    }
    try:
        ccds = [str(BIN / "ccds"), "--no-input"]
        run(ccds, fresh("ccds").parent, env=QUIET, timeout=CCDS_TIMEOUT)
        reason = "ccds rendered: measure it here"
    except CommandTimeout:
        reason = f"ccds did not finish within {CCDS_TIMEOUT} s"
    except CommandError as error:
        lines = [line for line in error.output.splitlines() if "fatal" in line]
        reason = lines[-1].strip() if lines else f"ccds exited with {error.returncode}"
    results["cookiecutter-data-science (ccds)"] = {
        "not_measurable_offline": (
            "ccds clones its template from GitHub at run time, which fails here: " + reason
        )
    }
    return results


def in_project(project: Path, *command: str) -> None:
    """A command of the generated project, in its own uv environment (never this venv)."""
    run(command, project, env=project_env("PYTHONDONTWRITEBYTECODE", **QUIET_ENV))


# Runs a command and prints the peak resident memory (KB) of its largest process: the
# getrusage of waited-for children, which this wrapper's only child's tree is.
PEAK_RSS = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdin=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def timed(project: Path, *command: str) -> dict:
    """Seconds, peak memory (MB) and the output of a command of the generated project."""
    start = time.perf_counter()
    result = run(
        [sys.executable, "-c", PEAK_RSS, *command],
        project,
        env=project_env("PYTHONDONTWRITEBYTECODE", **QUIET_ENV),
    )
    *output, peak = result.stdout.splitlines()
    return {
        "seconds": time.perf_counter() - start,
        "peak_mb": int(peak) / 1024,
        "output": "\n".join(output + [result.stderr]),
    }


def stages_run(output: str) -> list[str]:
    return re.findall(r"Running stage '([^']+)'", output)


def sampled(label: str, runs: list[dict]) -> dict:
    for i, one in enumerate(runs):
        print(f"  {label} {i + 1}/{len(runs)}: {one['seconds']:.2f} s", flush=True)
    return summary([one["seconds"] for one in runs]) | {
        "peak_mb": max(one["peak_mb"] for one in runs)
    }


# Imports every dependency the project declares, as the floor of "the project works".
IMPORT_DEPENDENCIES = """
import importlib, importlib.metadata as md, re, tomllib
modules = {
    d: m for m, ds in md.packages_distributions().items() for d in ds if not m.startswith("_")
}
for spec in tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]:
    name = re.split(r"[<>=!~\\[; ]", spec)[0]
    dist = md.distribution(name).metadata["Name"]
    importlib.import_module(modules[dist])
"""


def bench_project(work: Path, template: Path, repeats: int) -> dict:
    print("time-to-green of a default project, its floor, and a no-op dvc repro", flush=True)
    base = work / "project-base"
    copier_copy(template, base)
    git(base, "init", "-q", "-b", "main")
    # Lock once and warm uv's cache: every run below syncs this same lock.
    in_project(base, "uv", "sync", "-q")
    shutil.rmtree(base / ".venv")
    runs = work / "projects"
    repro, pytest = [], []
    repro_command = ["uv", "run", "--locked", "dvc", "repro", "-q"]

    def fresh(name: str) -> Path:
        project = runs / name
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(base, project, symlinks=True)
        return project

    def to_green(i: int) -> Callable[[], None]:
        project = fresh(f"green{i}")

        def green() -> None:
            in_project(project, "uv", "sync", "-q", "--locked")
            repro.append(timed(project, *repro_command))
            pytest.append(timed(project, "uv", "run", "--locked", *PYTEST))

        return green

    def floor(i: int) -> Callable[[], None]:
        project = fresh(f"floor{i}")

        def sync_and_import() -> None:
            in_project(project, "uv", "sync", "-q", "--locked")
            in_project(project, "uv", "run", "--locked", "python", "-c", IMPORT_DEPENDENCIES)

        return sync_and_import

    green = measure("time-to-green", repeats, to_green)
    floor_time = measure("floor", repeats, floor)
    # The last time-to-green project has run its pipeline: nothing is left to do.
    last = runs / f"green{repeats - 1}"
    noop = measure("no-op dvc repro", repeats, lambda i: lambda: in_project(last, *repro_command))
    commit_all(last, "the first run")  # experiments start from a commit
    # Each run sets another value, so that each re-runs what the value affects.
    experiment = [
        timed(last, "uv", "run", "--locked", "dvc", "exp", "run", "-S", f"{HYPERPARAMETER}={c}")
        for c in (0.5, 0.25, 2.0, 4.0, 8.0)[:repeats]
    ]
    other = timed(last, "uv", "run", "--locked", "dvc", "exp", "run", "-S", f"{OTHER_FAMILY}=50")
    return {
        "time_to_green": green,
        "floor": floor_time,
        "repro": sampled("dvc repro", repro),
        "pytest": sampled("pytest", pytest),
        "noop_repro": noop,
        "experiment": sampled(HYPERPARAMETER, experiment)
        | {"stages": stages_run(experiment[-1]["output"])},
        "other_family": {"seconds": other["seconds"], "stages": stages_run(other["output"])},
    }


def churn_csv(path: Path, rows: int) -> None:
    """A synthetic customer-churn table as a student downloads one: 18 columns (an
    identifier, numbers, categories, yes/no flags, the target), a few blanks, seeded."""
    rng = random.Random(0)
    header = (
        "customer_id,age,gender,senior,partner,dependents,region,tenure_months,contract,"
        "payment_method,internet_service,phone_service,paperless_billing,monthly_charges,"
        "total_charges,support_calls,late_payments,churned"
    )
    lines = [header]
    for i in range(rows):
        tenure = rng.randint(0, 72)
        contract = rng.choice(["month-to-month", "one year", "two year"])
        monthly = round(rng.uniform(18, 120), 2)
        calls, late = rng.randint(0, 9), rng.randint(0, 5)
        risk = 1.2 * (contract == "month-to-month") - tenure / 30 + calls / 4 + late / 3 - 0.6
        churned = "yes" if rng.random() < 1 / (1 + 2.718**-risk) else "no"
        total = "" if rng.random() < 0.01 else f"{monthly * tenure:.2f}"
        lines.append(
            f"C{i:07d},{rng.randint(18, 90)},{rng.choice(['female', 'male'])},"
            f"{int(rng.random() < 0.16)},{rng.choice(['yes', 'no'])},{rng.choice(['yes', 'no'])},"
            f"{rng.choice(['north', 'south', 'east', 'west', 'central'])},{tenure},{contract},"
            f"{rng.choice(['card', 'bank transfer', 'check', 'e-wallet'])},"
            f"{rng.choice(['dsl', 'fiber', 'none'])},{rng.choice(['yes', 'no'])},"
            f"{rng.choice(['yes', 'no'])},{monthly},{total},{calls},{late},{churned}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def bench_large(work: Path, template: Path, rows: int) -> dict:
    """The whole pipeline and the project's tests on a synthetic churn CSV of `rows` rows,
    logistic regression; one run each (minutes), with the peak memory of each."""
    print(f"a {rows}-row churn CSV, logistic regression: dvc repro and pytest", flush=True)
    csv = work / "churn.csv"
    churn_csv(csv, rows)
    project = work / "large"
    run(
        [str(BIN / "copier"), "copy", "-q", "--defaults", "--trust", "--vcs-ref", "HEAD"]
        + ["-d", "dataset=custom_csv", "-d", f"csv_path={csv}", "-d", "target_column=churned"]
        + ["-d", "task=classification", str(template), str(project)],
        template.parent,
        env=project_env("PYTHONDONTWRITEBYTECODE", **QUIET_ENV),
    )
    repro = timed(project, "uv", "run", "--locked", "dvc", "repro", "-q")
    pytest = timed(project, "uv", "run", "--locked", *PYTEST)
    return {
        "rows": rows,
        "megabytes": csv.stat().st_size / 1e6,
        "repro": {key: repro[key] for key in ("seconds", "peak_mb")},
        "pytest": {key: pytest[key] for key in ("seconds", "peak_mb")},
    }


def bench_fleet(work: Path, template: Path, sizes: list[int]) -> dict:
    """`copier update` v1 -> v2 of every project of a fleet rendered at v1."""
    print(f"copier update across fleets of {sizes} projects", flush=True)
    (template / "template" / "{{cookiecutter.project_slug}}" / "CONTRIBUTING.md").write_text(
        "Open an issue before a large change.\n", encoding="utf-8"
    )
    commit_all(template, "v2: add CONTRIBUTING.md")
    git(template, "tag", "bench-v2")
    fleet = []
    results = {}
    for size in sizes:
        while len(fleet) < size:
            project = work / "fleet" / f"p{len(fleet)}"
            copier_copy(template, project, ref="bench-v1")
            git(project, "init", "-q", "-b", "main")
            commit_all(project, "rendered at v1")
            fleet.append(project)
        print(f"  fleet of {size}", flush=True)
        for project in fleet[:size]:  # back to v1 (outside the clock)
            git(project, "reset", "-q", "--hard")
            git(project, "clean", "-q", "-fd")
        # Each project's update is one sample: the N updates are the repeated runs.
        per_project = measure(
            f"N={size}",
            size,
            lambda i: (
                lambda: run(
                    [str(BIN / "copier"), "update", "-q", "--defaults", "--trust"]
                    + ["--skip-tasks", "--vcs-ref", "bench-v2"],
                    fleet[i],
                    env=QUIET,
                )
            ),
        )
        results[str(size)] = {"total_seconds": per_project["median"] * size, **per_project}
    # One update as a student runs it: tasks on, in a project already synced.
    project = fleet[0]
    git(project, "reset", "-q", "--hard")
    git(project, "clean", "-q", "-fd")
    in_project(project, "uv", "sync", "-q")
    commit_all(project, "synced")
    update = [sys.executable, "-m", "mlfolio.update", str(project), "--vcs-ref", "bench-v2"]
    results["update_with_tasks"] = {
        "seconds": seconds(
            lambda: run([*update, "--trust"], ROOT, env=QUIET | {"PYTHONPATH": str(ROOT)})
        )
    }
    return results


def bench_suite(run_suite: bool, junit: Path) -> dict:
    if run_suite:
        print("the template's test suite (about 10 minutes)", flush=True)
        junit.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(BIN / "pytest"), "-q", "-n", "auto", "--dist", "loadscope"]
            + [f"--junitxml={junit}"],
            cwd=ROOT,
            check=False,
        )
    if not junit.exists():
        return {
            "not_measured": f"no {junit.relative_to(ROOT)}: run `nox -s bench -- --run-suite`, "
            "or `nox -s tests -- --junitxml=build/test-suite.xml` first"
        }
    suite = ET.parse(junit).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    cases = sorted(
        (
            (float(case.get("time", 0)), f"{case.get('classname')}::{case.get('name')}")
            for case in suite.iter("testcase")
        ),
        reverse=True,
    )
    return {
        "wall_seconds": float(suite.get("time", 0)),
        "tests": len(cases),
        "source": str(junit.relative_to(ROOT)),
        "slowest": [{"test": name, "seconds": t} for t, name in cases[:10]],
    }


def fmt(stats: dict) -> str:
    return f"{stats['median']:.2f} s ({stats['min']:.2f}–{stats['max']:.2f}, n={stats['runs']})"


def ratio(a: dict, b: dict) -> str:
    return f"{a['median'] / b['median']:.1f}×"


def write_markdown(results: dict) -> str:
    render, project, large, fleet, suite = (
        results[key] for key in ("render", "project", "large", "fleet", "suite")
    )
    experiment, other = project["experiment"], project["other_family"]
    mlfolio = render["mlfolio (copier copy)"]
    kedro = render["Kedro starter (kedro new)"]
    quick = " — **quick mode: fewer repeats, smaller fleets**" if results["meta"]["quick"] else ""
    ccds = render["cookiecutter-data-science (ccds)"]["not_measurable_offline"]
    lines = [
        "# Benchmarks",
        "",
        "Measured side by side in one run by `nox -s bench` (`mlfolio/bench.py`); each figure is",
        "the median of several runs with min–max and the number of runs. Regenerate with",
        "`nox -s bench`; `nox -s bench -- --quick` only checks the script. Benchmarks are never",
        "timed assertions in tests.",
        "",
        f"Run: {results['meta']['date']}, {results['meta']['machine']}{quick}",
        "",
        '!!! warning "Caveat"',
        "    The machine is shared with other jobs: absolute times are noisy; the ratios",
        "    of figures measured side by side are the more telling numbers.",
        "",
        "## Render time (defaults, offline, no setup tasks)",
        "",
        "| template | time | vs mlfolio |",
        "| --- | --- | --- |",
        f"| mlfolio (`copier copy --defaults --skip-tasks`) | {fmt(mlfolio)} | 1.0× |",
        f"| Kedro starter (`kedro new --tools none --example n`) | {fmt(kedro)} | "
        f"{ratio(kedro, mlfolio)} |",
        "| cookiecutter-data-science (`ccds`) | not measurable offline | — |",
        "",
        f"cookiecutter-data-science: {ccds}.",
        "mlfolio's render also evaluates its validators and computed answers; Kedro's starter",
        "is a smaller project (no pipeline, evaluation, card or CI files).",
        "",
        "## A fresh default project",
        "",
        "| what | time | vs floor |",
        "| --- | --- | --- |",
        f"| time-to-green: `uv sync` + `dvc repro` + `pytest` (warm uv cache) | "
        f"{fmt(project['time_to_green'])} | {ratio(project['time_to_green'], project['floor'])} |",
        f"| floor: `uv sync` of the same lock + importing every dependency | "
        f"{fmt(project['floor'])} | 1.0× |",
        f"| no-op `dvc repro` (nothing changed) | {fmt(project['noop_repro'])} | — |",
        "",
        "## Iterating",
        "",
        "The parts of time-to-green, an experiment on the project it made green, and the whole",
        f"pipeline on a synthetic {large['rows']:,}-row churn CSV ({large['megabytes']:.0f} MB,",
        "18 columns, logistic regression; one run each). Peak memory: the largest process.",
        "",
        "| what | time | peak memory | target (issue #23) |",
        "| --- | --- | --- | --- |",
        f"| default project `dvc repro` from scratch | {fmt(project['repro'])} | "
        f"{project['repro']['peak_mb']:.0f} MB | ≤ 12 s |",
        f"| generated `pytest` | {fmt(project['pytest'])} | {project['pytest']['peak_mb']:.0f} MB "
        "| ≤ 10 s |",
        f"| `dvc exp run -S {HYPERPARAMETER}=…` | {fmt(experiment)} | "
        f"{experiment['peak_mb']:.0f} MB | ≤ 8 s |",
        f"| `dvc exp run -S {OTHER_FAMILY}=50` (a family not in use) | "
        f"{other['seconds']:.2f} s | — | nothing re-runs |",
        f"| {large['rows']:,} rows: `dvc repro` | {large['repro']['seconds']:.0f} s | "
        f"{large['repro']['peak_mb']:.0f} MB | ≤ 60 s, ≤ 600 MB |",
        f"| {large['rows']:,} rows: `pytest` | {large['pytest']['seconds']:.0f} s | "
        f"{large['pytest']['peak_mb']:.0f} MB | ≤ 20 s |",
        "",
        f"Time to green / floor: {ratio(project['time_to_green'], project['floor'])} (target "
        "≤ 2.5×).",
        "The experiment re-ran: "
        + (", ".join(f"`{stage}`" for stage in experiment["stages"]) or "nothing")
        + ".",
        "The other family's hyper-parameter re-ran: "
        + (", ".join(f"`{stage}`" for stage in other["stages"]) or "nothing")
        + ".",
        "",
        "## `copier update` across a fleet",
        "",
        "Every project rendered at tag v1 of a throwaway copy of the template, updated to v2",
        "(one added file) with `copier update --skip-tasks`.",
        "",
        "| projects | whole fleet (N × median) | per project (median of the N updates) |",
        "| --- | --- | --- |",
    ]
    for size, stats in fleet.items():
        if size.isdigit():
            lines.append(f"| {size} | {stats['total_seconds']:.1f} s | {fmt(stats)} |")
    lines += [
        "",
        "`python -m mlfolio.update` of one synced project, tasks on (the scratch renders an",
        f"update diffs skip `uv sync`): {fleet['update_with_tasks']['seconds']:.1f} s.",
    ]
    lines += ["", "## Template test suite", ""]
    if "not_measured" in suite:
        lines.append(f"Not measured: {suite['not_measured']}.")
    else:
        lines += [
            f"{suite['tests']} tests in {suite['wall_seconds']:.0f} s wall time, read from "
            f"`{suite['source']}`. The slowest:",
            "",
            "| test | seconds |",
            "| --- | --- |",
        ]
        lines += [f"| `{case['test']}` | {case['seconds']:.1f} |" for case in suite["slowest"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats, fleets of 1 and 2")
    parser.add_argument("--repeats", type=int, help="runs per figure (default 5, quick 2)")
    parser.add_argument(
        "--heavy-repeats", type=int, help="runs of time-to-green and its floor (default 3)"
    )
    parser.add_argument(
        "--run-suite", action="store_true", help="run the template's test suite (~10 min)"
    )
    parser.add_argument("--junit", type=Path, default=JUNIT, help="pytest junit XML to read")
    parser.add_argument(
        "--rows", type=int, help=f"rows of the large project (default {LARGE_ROWS:,}, quick 20,000)"
    )
    args = parser.parse_args()
    repeats = args.repeats or (2 if args.quick else 5)
    # Time-to-green takes minutes per run.
    heavy_repeats = args.heavy_repeats or (1 if args.quick else 3)
    sizes = [1, 2] if args.quick else [1, 5, 20]
    with tempfile.TemporaryDirectory(prefix="mlfolio-bench-") as tmp:
        work = Path(tmp)
        template = template_repo(work)
        results = {
            "meta": {
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
                f"Python {platform.python_version()}",
                "quick": args.quick,
            },
            "render": bench_render(work, template, repeats),
            "project": bench_project(work, template, heavy_repeats),
            "large": bench_large(
                work, template, args.rows or (20_000 if args.quick else LARGE_ROWS)
            ),
            "fleet": bench_fleet(work, template, sizes),
            "suite": bench_suite(args.run_suite, args.junit.resolve()),
        }
    JSON.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    MARKDOWN.write_text(write_markdown(results), encoding="utf-8")
    print(f"wrote {MARKDOWN.relative_to(ROOT)} and {JSON.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
