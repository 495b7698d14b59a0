# Maintained by the template: change it through a template release (docs/updating.md).
"""The quality gate: thresholds from params.yaml that the evaluation must meet, so that
CI fails on a regression instead of publishing it."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Checks a majority-class model fails, in words: when one fails (or balanced accuracy
# only just clears the baseline), the gate says which training settings to try.
TRIVIAL_RULE_CHECKS = {
    "beats_baseline": "does not clear the baseline",
    "balanced_accuracy_lift": "barely beats the baseline's balanced accuracy",
    "one_class_share": "predicts one class for nearly every row",
}


@dataclass(frozen=True)
class GateCheck:
    name: str
    passed: bool
    detail: str


def widest_gap(slices: list[dict]) -> dict:
    """The slice column whose groups differ most in the metric."""
    return max(slices, key=lambda result: result["largest_gap"])


def group_gaps(report: dict) -> dict[str, tuple[float, str]]:
    """Each per-group metric (slices and fairness) -> its largest gap and the column."""
    found = [(s["metric"], s["largest_gap"], s["column"]) for s in report["slices"]]
    found += [
        (metric, gap, result["column"])
        for result in report.get("fairness", [])
        for metric, gap in result["gaps"].items()
        if gap is not None
    ]
    gaps: dict[str, tuple[float, str]] = {}
    for metric, gap, column in found:
        if metric not in gaps or gap > gaps[metric][0]:
            gaps[metric] = (gap, column)
    return gaps


def slice_gap_checks(report: dict, limit: float | dict[str, float]) -> list[GateCheck]:
    """`max_slice_gap`: a number limits the slice metric's gap; a mapping limits any
    per-group metric by name, e.g. {false_negative_rate: 0.1, accuracy: 0.15}."""
    gaps = group_gaps(report)
    if not isinstance(limit, dict):
        if not report["slices"]:
            return []
        worst = widest_gap(report["slices"])
        limit = {worst["metric"]: limit}
    checks = []
    for metric, bound in limit.items():
        if metric not in gaps:
            detail = f"{metric}: not measured (measured: {', '.join(sorted(gaps)) or 'none'})"
            checks.append(GateCheck("slice_gap", False, detail))
            continue
        gap, column = gaps[metric]
        detail = f"{metric} gap {gap:.3f} across {column}, limit {bound}"
        checks.append(GateCheck("slice_gap", gap <= bound, detail))
    return checks


def trivial_rule_checks(report: dict, gate: dict) -> list[GateCheck]:
    """A classifier must do better than the baseline at telling the classes apart, and
    not answer one class for (nearly) every row: a threshold-free metric such as ROC AUC
    can clear the baseline while the predictions are the majority class."""
    checks = []
    balanced = report["metrics"].get("balanced_accuracy")
    if balanced and (min_lift := gate.get("min_balanced_accuracy_lift")) is not None:
        lift = balanced["value"] - balanced["baseline"]
        checks.append(
            GateCheck(
                "balanced_accuracy_lift",
                lift >= min_lift,
                f"balanced accuracy {balanced['value']:.3f} vs baseline "
                f"{balanced['baseline']:.3f}: lift {lift:.3f}, at least {min_lift}",
            )
        )
    matrix = report.get("confusion_matrix")
    if matrix and (max_share := gate.get("max_one_class_share")) is not None:
        rows = np.asarray(matrix["matrix"])
        predicted, actual = rows.sum(axis=0) / rows.sum(), rows.sum(axis=1) / rows.sum()
        top = int(predicted.argmax())
        # The limit is for classes rarer than it: one that truly fills more rows may be
        # predicted that often, and balanced accuracy judges the model then.
        passed = bool(predicted[top] <= max_share or actual[top] > max_share)
        # The classes by name ("benign (1)") where the data gives names, in the same order.
        names = report.get("classes", matrix["labels"])
        checks.append(
            GateCheck(
                "one_class_share",
                passed,
                f"predicts `{names[top]}` for {predicted[top]:.1%} of test rows "
                f"({actual[top]:.1%} are), limit {max_share:.0%}",
            )
        )
    return checks


def advice(
    report: dict, checks: list[GateCheck], gate: dict, families: Sequence[str] = ()
) -> str | None:
    """What to try when the model fails to beat the baseline or is (close to) a trivial
    rule, or None: the knobs of params.yaml's `train` section not already in use, and the
    other model `families` this task can choose."""
    if report["task"] == "classification":
        notes = (trivial_rule_advice(report, checks, gate), calibration_advice(report, checks))
        return " ".join(note for note in notes if note) or None
    if all(check.passed for check in checks if check.name == "beats_baseline"):
        return None
    others = [f"`train.model: {name}`" for name in families if name != report["model"]["family"]]
    family = f"another model family in params.yaml ({' or '.join(others)}), " if others else ""
    return (
        f"The model does not beat predicting the mean on these {report['data']['test_rows']} "
        f"test rows, with 95% confidence. Try {family}features of your own "
        "(modeling/features.py) or more rows; then `uv run dvc repro`."
    )


def calibration_advice(report: dict, checks: list[GateCheck]) -> str | None:
    """The next recalibration to try when the calibration check fails, or None."""
    if all(check.passed for check in checks if check.name == "calibration"):
        return None
    tries = {"none": "sigmoid", "sigmoid": "isotonic"}.get(report["model"]["calibration"])
    knob = (
        f"`train.calibration: {tries}` (recalibrates them by cross-validation on the "
        "training split; ONNX cannot convert it: serve with `serving.runtime: sklearn`)"
        if tries
        else "another `train.model`"
    )
    return (
        f"The model's probabilities are off (calibration). Try in params.yaml: {knob}; then "
        "`uv run dvc repro`."
    )


def trivial_rule_advice(report: dict, checks: list[GateCheck], gate: dict) -> str | None:
    failed = [c.name for c in checks if c.name in TRIVIAL_RULE_CHECKS and not c.passed]
    balanced = report["metrics"].get("balanced_accuracy")
    min_lift = gate.get("min_balanced_accuracy_lift")
    borderline = (
        balanced is not None
        and min_lift is not None
        and balanced["value"] - balanced["baseline"] < 2 * min_lift
    )
    if not (failed or borderline):
        return None
    model = report["model"]
    knobs = []
    if model.get("class_weight") != "balanced":
        knobs.append("`train.class_weight: balanced` (weights the rare class up)")
    if (
        model.get("threshold") is None
        and len(report.get("class_distribution", {}).get("test", {})) == 2
    ):
        knobs.append("`train.threshold.tune: true` (picks the cut-off by cross-validation)")
    if model.get("resampling") in (None, "none"):
        knobs.append("`train.resampling: over` (repeats rare-class rows in training)")
    state = " and ".join(TRIVIAL_RULE_CHECKS[name] for name in failed) or (
        "only just clears the baseline's balanced accuracy"
    )
    tries = "; ".join(knobs) if knobs else "other features or another `train.model`"
    return (
        f"The model {state}: it does little better than always answering the majority "
        f"class. Try in params.yaml: {tries}; then `uv run dvc repro`."
    )


def gate_checks(report: dict, gate: dict) -> list[GateCheck]:
    main = report["main_metric"]
    result = report["metrics"][main]
    higher = result["higher_is_better"]
    checks = []
    if gate.get("beat_baseline", True):
        # The lift's paired interval (evaluate.headline) must leave out zero on the
        # better side: the model beats the baseline on these rows, not only on average.
        low, high = result["lift_ci_low"], result["lift_ci_high"]
        passed = low > 0 if higher else high < 0
        checks.append(
            GateCheck(
                "beats_baseline",
                passed,
                f"{main} {result['value']:.3f} vs baseline {result['baseline']:.3f}: "
                f"lift 95% CI {low:.3f} to {high:.3f}, must stay "
                f"{'above' if higher else 'below'} 0",
            )
        )
    checks += trivial_rule_checks(report, gate)
    if (floor := gate.get("min_main_metric")) is not None:
        value = result["value"]
        passed = value >= floor if higher else value <= floor
        checks.append(GateCheck("main_metric", passed, f"{main} = {value:.3f}, limit {floor}"))
    calibration = report.get("calibration")
    if calibration and (limit := gate.get("max_ece")) is not None:
        ece = calibration["ece"]
        checks.append(GateCheck("calibration", ece <= limit, f"ECE = {ece:.3f}, limit {limit}"))
    if (gap_limit := gate.get("max_slice_gap")) is not None:
        checks += slice_gap_checks(report, gap_limit)
    if personal := report.get("security", {}).get("personal_data"):
        checks.append(
            GateCheck(
                "no_personal_data",
                personal["passed"],
                "; ".join(personal["flagged"]) or "no feature looks like personal data",
            )
        )
    leakage = report["leakage"]
    checks.append(
        GateCheck(
            "no_leakage",
            leakage["passed"],
            "; ".join(f["detail"] for f in leakage["findings"]) or "no leakage found",
        )
    )
    return checks
