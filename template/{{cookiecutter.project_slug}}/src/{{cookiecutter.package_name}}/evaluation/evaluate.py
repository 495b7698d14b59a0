# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `evaluate`: an honest account of the trained model on the held-out test split.

Answers the questions a reviewer asks: better than a trivial baseline? how sure
(bootstrap confidence intervals, cross-validation)? calibrated? does it fail for some
group (slices)? did test data leak? how does it hold up on damaged inputs? did the data
drift? All of it goes to reports/evaluation.json, the single source of truth (checked
against schemas/evaluation.schema.json), plus metrics.json for `dvc metrics`, plot data,
PNG figures and one MLflow run holding the fit and its evaluation. Exits non-zero when
the quality gate fails.
"""

import json
import logging
import sys
from collections.abc import Callable
from typing import Any

import joblib
import pandas as pd

from ..config import (
    ABLATION_FILE,
    DRIFT_FILE,
    EVALUATION_FILE,
    EVALUATION_SCHEMA,
    EVALUATION_SCHEMA_VERSION,
    FIGURES_DIR,
    METRICS_FILE,
    MODEL_FILE,
    PLOTS_DIR,
    PREPARATION_FILE,
    RUN_FILE,
    SECURITY_FILE,
    TEST_DATA,
    TRAIN_DATA,
    Params,
    load_params,
)
from ..data.sensitive import find_sensitive
from ..data.splitting import UNRECORDED, recorded_folds
from ..data.tables import read_split, split_features_target
from ..modeling.models import ESTIMATORS
from ..modeling.pipeline import build_baseline, build_model
from ..modeling.tracking import Challenge, import_mlflow, register
from ..modeling.train import log_training
from ..reporting.markdown import interval, number
from . import figures
from .bootstrap import confidence_intervals, described, paired_difference
from .calibration import expected_calibration_error, reliability_bins
from .gate import advice, gate_checks
from .leakage import check_leakage
from .metrics import (
    METRICS,
    Sample,
    confusion,
    per_class_metrics,
    predict_sample,
    rate_counts,
    residual_summary,
    scores,
    statistics,
)
from .robustness import robustness_report
from .slices import default_slice_columns, fairness_report, slice_groups, slice_report

log = logging.getLogger(__name__)


def headline(predicted: Sample, baseline, features, task: str, ev) -> dict[str, dict]:
    """Each headline metric with its 95% CI, the baseline's value and the lift over it;
    the main metric's lift gets its own interval, paired: model and baseline are scored on
    the same resampled rows. The gate reads that one, for on a small test split the
    model's interval is wide although it beats the baseline on nearly every row."""
    values, rows = scores(predicted, task), len(predicted.y_true)
    predicted_base = predict_sample(baseline, features, predicted.y_true, task)
    base = scores(predicted_base, task)
    main, lift = ev.main_metric, f"lift of {ev.main_metric}"
    statistic = statistics(predicted, list(values))
    if main in statistic:
        base_main = statistics(predicted_base, [main])[main]
        statistic[lift] = paired_difference(statistic[main], base_main)
    intervals = confidence_intervals(statistic, rows, resamples=ev.ci_resamples, seed=ev.seed)
    return {
        name: {
            "value": values[name],
            **described(intervals[name], rows, rate_counts(METRICS[name], predicted)),
            "baseline": base[name],
            "lift": values[name] - base[name],
            **(
                {"lift_ci_low": intervals[lift][0], "lift_ci_high": intervals[lift][1]}
                if name == main
                else {}
            ),
            "higher_is_better": METRICS[name].higher_is_better,
        }
        for name in values
    }


def cross_validation(train: pd.DataFrame, params: Params) -> dict:
    """The main metric across folds of the training split: how stable the model is. The
    folds split as prepare did (by time, by group, identical rows together), or they
    would grade the model on what the test split hides from it."""
    from sklearn.model_selection import cross_val_score

    ev = params.evaluate
    features, target = split_features_target(train, params.data.target)
    task = params.data.task
    folds = recorded_folds(task, ev.seed, ev.cv_folds)
    model = build_model(task, params.train, features, recorded_folds(task, params.train.seed))
    scoring = METRICS[ev.main_metric].cv_scorer(target.nunique())
    scores = cross_val_score(model, features, target, cv=folds, scoring=scoring)
    scores = -scores if scoring.startswith("neg_") else scores
    return {
        "metric": ev.main_metric,
        "folds": ev.cv_folds,
        "mean": float(scores.mean()),
        "std": float(scores.std()),
    }


def slices(predicted: Sample, test, features, y_true, params: Params) -> list[dict]:
    ev, task = params.evaluate, params.data.task
    metric = METRICS["accuracy" if task == "classification" else "mae"]
    statistic = statistics(predicted, [metric.name])[metric.name]
    reports = []
    for column in ev.slices or default_slice_columns(features):
        if column not in test.columns:
            raise ValueError(f"evaluate.slices: no column {column!r} in the test split")
        report = slice_report(
            test,
            y_true,
            predicted.y_pred,
            column=column,
            metric=metric.name,
            score=lambda t, p: metric.score(Sample(t, p)),
            statistic=statistic,
            counts=lambda t, p: rate_counts(metric, Sample(t, p)),
            bins=ev.slice_bins,
            min_size=ev.min_slice_size,
            resamples=ev.ci_resamples,
            seed=ev.seed,
        )
        for group in report["groups"]:
            if group["too_small"]:
                log.warning(
                    "slice %s=%s has %d rows: too few to judge",
                    column,
                    group["group"],
                    group["size"],
                )
        reports.append(report)
    return reports


def fairness(model, features, y_true, params: Params) -> list[dict]:
    """Error rates per group of every feature that stands for a protected characteristic."""
    ev, task = params.evaluate, params.data.task
    binary = task == "classification" and len(model.classes_) == 2
    positive = model.classes_[1] if binary else None
    y_pred = model.predict(features)
    return [
        {
            "column": found.column,
            "characteristic": found.characteristic,
            "found_by": found.found_by,
            "positive_label": None if positive is None else str(positive),
            **fairness_report(
                slice_groups(features[found.column].reset_index(drop=True), ev.slice_bins),
                y_true,
                y_pred,
                task=task,
                positive=positive,
                min_size=ev.min_slice_size,
                resamples=ev.ci_resamples,
                seed=ev.seed,
            ),
        }
        for found in find_sensitive(features)
    ]


def build_report(
    model,
    train: pd.DataFrame,
    test: pd.DataFrame,
    params: Params,
    drift: dict,
    ablation: dict,
    security: dict,
    split: dict | None = None,
    predicted: Sample | None = None,
) -> dict:
    """The evaluation; `split` is prepare's record of how train and test were split;
    `predicted`: the model's predictions of the test split, when the caller has them
    (every part of the report reads these, none predicts them again)."""
    task, target, ev = params.data.task, params.data.target, params.evaluate
    split = split or UNRECORDED
    features, y_true = split_features_target(test, target)
    if predicted is None:
        predicted = predict_sample(model, features, y_true, task)
    train_features, train_target = split_features_target(train, target)
    baseline = build_baseline(task).fit(train_features, train_target)
    log.info("bootstrapping %d resamples of %d test rows", ev.ci_resamples, len(test))
    metrics = headline(predicted, baseline, features, task, ev)
    if ev.main_metric not in metrics:
        raise ValueError(f"evaluate.main_metric {ev.main_metric!r} is not one of {sorted(metrics)}")
    report = {
        "schema_version": EVALUATION_SCHEMA_VERSION,
        "task": task,
        "data": {
            "dataset": params.data.dataset,
            "target": target,
            "train_rows": len(train),
            "test_rows": len(test),
            "split": {"by": split["by"], "reason": split["reason"]},
        },
        "model": {
            "family": params.train.model,
            "baseline": type(baseline).__name__,
            "class_weight": params.train.class_weight,
            "resampling": params.train.resampling,
            "calibration": params.train.calibration,
            # Chosen by cross-validation on the training split, never on the test split.
            "threshold": float(model.best_threshold_)
            if hasattr(model, "best_threshold_")
            else None,
        },
        "main_metric": ev.main_metric,
        "metrics": metrics,
    }
    if task == "classification":
        classes = model.classes_
        bins = reliability_bins(y_true, predicted.probabilities, classes, ev.calibration_bins)
        report["classes"] = [params.data.class_name(label) for label in classes]
        report["class_distribution"] = {
            split: {str(k): int(v) for k, v in values.value_counts().sort_index().items()}
            for split, values in (("train", train_target), ("test", y_true))
        }
        report["per_class"] = per_class_metrics(y_true, predicted.y_pred, classes)
        report["confusion_matrix"] = confusion(y_true, predicted.y_pred, classes)
        report["calibration"] = {"ece": expected_calibration_error(bins), "bins": bins}
    else:
        report["residuals"] = residual_summary(y_true, predicted.y_pred)
    log.info("cross-validating on the training split")
    report["cross_validation"] = cross_validation(train, params)
    report["slices"] = slices(predicted, test, features, y_true, params)
    report["fairness"] = fairness(model, features, y_true, params)
    log.info("checking for leakage")
    report["leakage"] = check_leakage(
        train, test, target, task, ev.leakage_single_feature_score, params.train.seed, split
    )
    main = METRICS[ev.main_metric]
    report["robustness"] = {
        "metric": main.name,
        "baseline": metrics[main.name]["baseline"],
        **robustness_report(
            features,
            lambda damaged: main.score(predict_sample(model, damaged, y_true, task)),
            noise_levels=ev.noise_levels,
            missing_rates=ev.missing_rates,
            seed=ev.seed,
            draws=ev.robustness_draws,
        ),
    }
    report["drift"] = drift
    report["ablation"] = ablation
    report["security"] = security
    checks = gate_checks(report, ev.gate)
    report["gate"] = {
        "passed": all(check.passed for check in checks),
        "checks": [vars(check) for check in checks],
        "advice": advice(report, checks, ev.gate, list(ESTIMATORS[task])),
    }
    return report


def validate(report: dict) -> None:
    import jsonschema

    schema = json.loads(EVALUATION_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)


def write_plots(predicted: Sample, report: dict, params: Params) -> list:
    """Data for `dvc plots` (CSV) and PNG figures, which render without a network."""
    y_true, y_pred = predicted.y_true, predicted.y_pred
    PLOTS_DIR.mkdir(parents=True, exist_ok=True)
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"actual": y_true, "predicted": y_pred}).to_csv(
        PLOTS_DIR / ("confusion.csv" if report["task"] == "classification" else "predictions.csv"),
        index=False,
    )
    overall = {name: result["value"] for name, result in report["metrics"].items()}
    written = figures.robustness_png(report["robustness"], FIGURES_DIR / "robustness.png")
    written += figures.slices_png(report["slices"], overall, FIGURES_DIR / "slices.png")
    if report["task"] == "classification":
        names = [params.data.class_name(label) for label in predicted.classes]
        written += figures.classification_pngs(
            y_true,
            y_pred,
            predicted.probabilities,
            predicted.classes,
            names,
            report["calibration"]["bins"],
            FIGURES_DIR,
            params.data.target,
        )
        pd.DataFrame(report["calibration"]["bins"]).to_csv(
            PLOTS_DIR / "calibration.csv", index=False
        )
    else:
        written += figures.regression_pngs(y_true, y_pred, FIGURES_DIR)
    return written


def headline_numbers(report: dict) -> dict:
    """The flat numbers `dvc metrics show` and `dvc exp show` display: every metric's
    value, and the main metric's confidence interval and baseline."""
    main = report["main_metric"]
    numbers = {"gate_passed": report["gate"]["passed"]}
    numbers |= {name: result["value"] for name, result in report["metrics"].items()}
    numbers |= {
        f"{main}_{key}": report["metrics"][main][key] for key in ("ci_low", "ci_high", "baseline")
    }
    if calibration := report.get("calibration"):
        numbers["ece"] = calibration["ece"]
    numbers[f"cv_{main}"] = report["cross_validation"]["mean"]
    return numbers


def challenge(report: dict, score: Callable[[Any], float]) -> Challenge:
    """Judge a registry version against this model on the main metric: `score(model)`
    scores any model on this test split. Ties go to the new model."""
    main = report["main_metric"]
    value, higher = report["metrics"][main]["value"], METRICS[main].higher_is_better

    def against(champion) -> tuple[bool, str]:
        theirs = score(champion)
        better = value >= theirs if higher else value <= theirs
        return better, f"{main} {number(value)} vs {number(theirs)} (this test split)"

    return Challenge(against, metric=f"test_{main}", higher_is_better=higher)


def log_run(
    model,
    train: pd.DataFrame,
    params: Params,
    numbers: dict,
    artifacts: list,
    *,
    passed: bool,
    against: Challenge,
) -> dict[str, str]:
    """Log the fit and its evaluation as one MLflow run, then register the model; return
    what finds the run again (models/mlflow_run.json)."""
    mlflow = import_mlflow()
    mlflow.set_experiment(params.tracking.experiment)
    with mlflow.start_run(run_name=params.train.model) as run:
        model_uri = log_training(mlflow, model, train, params)
        mlflow.log_metrics({f"test_{k}": float(v) for k, v in numbers.items()})
        for path in [EVALUATION_FILE, METRICS_FILE]:
            mlflow.log_artifact(str(path), artifact_path="reports")
        for path in artifacts:
            mlflow.log_artifact(str(path), artifact_path="figures")
    name = params.tracking.registered_model
    version, decision = register(mlflow, model_uri, name, passed=passed, challenge=against)
    log.info("MLflow run %s: %s version %s; %s", run.info.run_id, name, version, decision)
    return {
        "run_id": run.info.run_id,
        "experiment": params.tracking.experiment,
        "model_uri": model_uri,
    }


def main() -> None:
    params = load_params()
    model = joblib.load(MODEL_FILE)
    train, test = read_split(TRAIN_DATA), read_split(TEST_DATA)
    drift, ablation, security = (
        json.loads(path.read_text(encoding="utf-8"))
        for path in (DRIFT_FILE, ABLATION_FILE, SECURITY_FILE)
    )
    split = json.loads(PREPARATION_FILE.read_text(encoding="utf-8"))["split"]
    features, y_true = split_features_target(test, params.data.target)
    predicted = predict_sample(model, features, y_true, params.data.task)
    report = build_report(model, train, test, params, drift, ablation, security, split, predicted)
    validate(report)
    EVALUATION_FILE.parent.mkdir(parents=True, exist_ok=True)
    EVALUATION_FILE.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    numbers = headline_numbers(report)
    METRICS_FILE.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    artifacts = write_plots(predicted, report, params)
    main_result = report["metrics"][params.evaluate.main_metric]
    log.info(
        "%s = %s (95%% CI %s; baseline %s)",
        params.evaluate.main_metric,
        number(main_result["value"]),
        interval(main_result),
        number(main_result["baseline"]),
    )
    main = METRICS[params.evaluate.main_metric]
    run = log_run(
        model,
        train,
        params,
        numbers,
        artifacts,
        passed=report["gate"]["passed"],
        against=challenge(
            report,
            lambda other: main.score(predict_sample(other, features, y_true, params.data.task)),
        ),
    )
    RUN_FILE.write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
    for check in report["gate"]["checks"]:
        log.info(
            "gate %-22s %s  %s",
            check["name"],
            "PASS" if check["passed"] else "FAIL",
            check["detail"],
        )
    if report["gate"]["advice"]:
        log.warning("%s", report["gate"]["advice"])
    if not report["gate"]["passed"]:
        failed = [c["name"] for c in report["gate"]["checks"] if not c["passed"]]
        sys.exit(f"quality gate failed: {', '.join(failed)} (see {EVALUATION_FILE})")
