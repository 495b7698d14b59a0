# Maintained by the template: change it through a template release (docs/updating.md).
"""`compare`: which experiment is best, and is the difference real?

One row per evaluated MLflow run (every `dvc repro` and `dvc exp run` logs one), best
first by the main metric, with its 95% confidence interval, its lift over the baseline
model, the quality gate and the registry's `champion`. Two runs whose intervals overlap
are not told apart by this test split, however their point estimates rank. `--base`
adds a row from another branch's reports/metrics.json (CI compares a pull request with
its base this way). The same is drawn to reports/comparison.png.
"""

import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from ..config import ParamsError, load_params
from ..evaluation.metrics import METRICS
from ..modeling.tracking import TRAIN_DATA_TAG, import_mlflow
from . import markdown

log = logging.getLogger(__name__)

FIGURE = Path("reports/comparison.png")
UNDISTINGUISHABLE = "not distinguishable at this test size"


@dataclass(frozen=True)
class Row:
    name: str
    changed: str
    value: float
    ci_low: float
    ci_high: float
    baseline: float
    gate_passed: bool | None
    champion: bool = False

    def overlaps(self, other: "Row") -> bool:
        return self.ci_low <= other.ci_high and other.ci_low <= self.ci_high


def what_changed(run, reference, tuning: set[str]) -> str:
    """The run's parameters that differ from the reference run's, and its training split
    if it is another (a `prepare` change: its test split differs too). Across model
    families the hyper-parameters (`tuning`: their names) are not comparable, even where
    two families share a name such as max_iter."""
    params, theirs = run.data.params, reference.data.params
    other_family = params.get("model") != theirs.get("model")
    changes = [
        f"{key}={value}"
        for key, value in sorted(params.items())
        if key in theirs and theirs[key] != value and not (other_family and key in tuning)
    ]
    if run.data.tags.get(TRAIN_DATA_TAG) != reference.data.tags.get(TRAIN_DATA_TAG):
        changes.append("another training split")
    return ", ".join(changes) or "same parameters"


def runs_to_rows(runs: list, main: str, champion_run: str | None, tuning: set[str]) -> list[Row]:
    """Rows for the runs that were evaluated; `runs` oldest first, the first the
    reference every other run's changes are named against."""
    evaluated = [run for run in runs if f"test_{main}" in run.data.metrics]
    rows = []
    for index, run in enumerate(evaluated):
        metrics = run.data.metrics
        rows.append(
            Row(
                name=f"{run.data.tags.get('dvc.experiment', run.info.run_name)} "
                f"({run.info.run_id[:7]})",
                changed="reference" if index == 0 else what_changed(run, evaluated[0], tuning),
                value=metrics[f"test_{main}"],
                ci_low=metrics[f"test_{main}_ci_low"],
                ci_high=metrics[f"test_{main}_ci_high"],
                baseline=metrics[f"test_{main}_baseline"],
                gate_passed=bool(metrics["test_gate_passed"])
                if "test_gate_passed" in metrics
                else None,
                champion=run.info.run_id == champion_run,
            )
        )
    return rows


def base_row(path: Path, main: str) -> Row:
    """A row from a metrics.json written by evaluate (another branch's, say)."""
    try:
        numbers = json.loads(path.read_text(encoding="utf-8"))
        return Row(
            name=f"base ({path.name})",
            changed="base",
            value=numbers[main],
            ci_low=numbers[f"{main}_ci_low"],
            ci_high=numbers[f"{main}_ci_high"],
            baseline=numbers[f"{main}_baseline"],
            gate_passed=numbers.get("gate_passed"),
        )
    except (OSError, ValueError, KeyError) as error:
        sys.exit(f"compare: {path} is not a metrics.json with {main} and its interval: {error}")


def ranked(rows: list[Row], main: str) -> list[Row]:
    higher = METRICS[main].higher_is_better
    return sorted(rows, key=lambda row: row.value, reverse=higher)


def lift(row: Row, main: str) -> float:
    """How far the run beats the baseline model, positive when it is better."""
    gap = row.value - row.baseline
    return gap if METRICS[main].higher_is_better else -gap


def table(rows: list[Row], main: str) -> tuple[list[str], list[list[str]]]:
    best = rows[0]
    header = ["#", "run", "what changed", f"{main} (95% CI)", "lift", "gate", "vs best"]
    body = [
        [
            f"{rank}{' ★' if row.champion else ''}",
            row.name,
            row.changed,
            f"{markdown.number(row.value)} "
            f"[{markdown.number(row.ci_low)}, {markdown.number(row.ci_high)}]",
            markdown.signed(lift(row, main)),
            {True: "pass", False: "FAIL", None: "n/a"}[row.gate_passed],
            "best" if row is best else ("overlaps" if row.overlaps(best) else "worse"),
        ]
        for rank, row in enumerate(rows, start=1)
    ]
    return header, body


def verdict(rows: list[Row]) -> str:
    best, others = rows[0], rows[1:]
    tied = [row.name for row in others if row.overlaps(best)]
    if not others:
        return "One evaluated run: run an experiment (uv run dvc exp run -S ...) to compare."
    if tied:
        named = ", ".join(tied) if len(tied) <= 2 else f"those of {len(tied)} other runs"
        return (
            f"{best.name} ranks first, but its 95% interval overlaps {named}: "
            f"{UNDISTINGUISHABLE} (more test rows would narrow the intervals)."
        )
    return f"{best.name} is best: its 95% interval clears every other run's."


def plain_table(header: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [header, *body]
    ]


def draw(rows: list[Row], main: str, path: Path) -> None:
    """The main metric and its interval per run, best on top; the band is the best run's
    interval: a run whose bar reaches into it is not distinguishable from the best."""
    from ..evaluation.figures import _pyplot, _save

    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7, 1.2 + 0.45 * len(rows)))
    positions = range(len(rows))[::-1]
    axes.axvspan(rows[0].ci_low, rows[0].ci_high, color="tab:blue", alpha=0.12)
    axes.errorbar(
        [row.value for row in rows],
        positions,
        xerr=[
            [row.value - row.ci_low for row in rows],
            [row.ci_high - row.value for row in rows],
        ],
        fmt="o",
        capsize=4,
    )
    axes.set_yticks(list(positions), [f"{row.name}{' ★' if row.champion else ''}" for row in rows])
    axes.set_xlabel(
        f"{main} on the test split, with 95% CI "
        f"(baseline model: {markdown.number(rows[0].baseline)})"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    _save(figure, path)


def champion_run_id(mlflow, name: str) -> str | None:
    try:
        return mlflow.MlflowClient().get_model_version_by_alias(name, "champion").run_id
    except mlflow.exceptions.MlflowException:  # no model registered yet, or none passed
        return None


def main(md: bool = False, base: Path | None = None, limit: int = 20) -> None:
    try:
        params = load_params()
    except ParamsError as error:
        sys.exit(f"compare: {error}")
    main_metric = params.evaluate.main_metric
    mlflow = import_mlflow()
    client = mlflow.MlflowClient()
    experiment = client.get_experiment_by_name(params.tracking.experiment)
    runs = (
        client.search_runs(
            [experiment.experiment_id], order_by=["attributes.start_time DESC"], max_results=limit
        )[::-1]
        if experiment
        else []
    )
    champion = champion_run_id(mlflow, params.tracking.registered_model)
    tuning = {name for family in params.train.hyperparameters.values() for name in family or {}}
    rows = runs_to_rows(runs, main_metric, champion, tuning)
    if base is not None:
        rows.append(base_row(base, main_metric))
    if not rows:
        sys.exit(
            f"compare: no evaluated run in MLflow experiment {params.tracking.experiment!r} "
            f"({mlflow.get_tracking_uri()}): run `uv run dvc repro` first."
        )
    rows = ranked(rows, main_metric)
    header, body = table(rows, main_metric)
    lines = markdown.table(header, body) if md else plain_table(header, body)
    draw(rows, main_metric, FIGURE)
    print("\n".join([*lines, "", verdict(rows), "★ the registry's champion.", f"Figure: {FIGURE}"]))
