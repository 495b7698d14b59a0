# Maintained by the template: change it through a template release (docs/updating.md).
"""PNG figures for reports/figures/ (readable on GitHub and offline, unlike the HTML of
`dvc plots show`, which loads its charting library from the web). Each function returns
the paths it wrote."""

from collections.abc import Sequence
from pathlib import Path

import numpy as np


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    from matplotlib import pyplot

    return pyplot


def _save(figure, path: Path) -> list[Path]:
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    _pyplot().close(figure)
    return [path]


def classification_pngs(
    y_true, y_pred, probabilities: np.ndarray, classes: Sequence, bins: list[dict], folder: Path
) -> list[Path]:
    from sklearn.metrics import ConfusionMatrixDisplay, PrecisionRecallDisplay, RocCurveDisplay

    pyplot = _pyplot()
    written = []
    display = ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=list(classes), colorbar=False
    )
    display.ax_.set_title("Confusion matrix (test split)")
    written += _save(display.figure_, folder / "confusion_matrix.png")

    for name, curve in (("roc_curve", RocCurveDisplay), ("pr_curve", PrecisionRecallDisplay)):
        figure, axes = pyplot.subplots(figsize=(5, 5))
        for index, label in enumerate(classes):
            if len(classes) == 2 and index == 0:
                continue  # binary: one curve, for the positive class
            curve.from_predictions(
                np.asarray(y_true) == label, probabilities[:, index], ax=axes, name=str(label)
            )
        axes.set_title(f"{'ROC' if name == 'roc_curve' else 'Precision-recall'} (test split)")
        written += _save(figure, folder / f"{name}.png")

    figure, axes = pyplot.subplots(figsize=(5, 5))
    axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    axes.plot(
        [b["confidence"] for b in bins], [b["accuracy"] for b in bins], marker="o", label="model"
    )
    axes.set(xlabel="confidence", ylabel="accuracy", title="Reliability diagram (test split)")
    axes.legend()
    written += _save(figure, folder / "reliability_diagram.png")
    return written


def regression_pngs(y_true, y_pred, folder: Path) -> list[Path]:
    pyplot = _pyplot()
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    figure, axes = pyplot.subplots(figsize=(5, 5))
    axes.scatter(y_true, y_pred, alpha=0.6)
    low, high = min(y_true.min(), y_pred.min()), max(y_true.max(), y_pred.max())
    axes.plot([low, high], [low, high], linestyle="--", color="grey", label="perfect")
    axes.set(xlabel="actual", ylabel="predicted", title="Predicted vs actual (test split)")
    axes.legend()
    written = _save(figure, folder / "predicted_vs_actual.png")
    figure, axes = pyplot.subplots(figsize=(6, 4))
    axes.hist(y_true - y_pred, bins=20)
    axes.set(xlabel="residual (actual - predicted)", ylabel="rows", title="Residuals (test split)")
    return written + _save(figure, folder / "residuals.png")


def slices_png(slices: list[dict], path: Path) -> list[Path]:
    if not slices:
        return []
    pyplot = _pyplot()
    figure, axes_list = pyplot.subplots(
        len(slices), 1, figsize=(6, 2.5 * len(slices)), squeeze=False
    )
    for axes, report in zip(axes_list[:, 0], slices, strict=True):
        groups = report["groups"]
        values = [g["value"] for g in groups]
        errors = [
            [g["value"] - g["ci_low"] for g in groups],
            [g["ci_high"] - g["value"] for g in groups],
        ]
        axes.barh([g["group"] for g in groups], values, xerr=np.clip(errors, 0, None))
        axes.set(xlabel=report["metric"], title=f"By {report['column']} (95% CI)")
    return _save(figure, path)


def robustness_png(robustness: dict, path: Path) -> list[Path]:
    pyplot = _pyplot()
    figure, (noise, missing) = pyplot.subplots(1, 2, figsize=(8, 3.5), sharey=True)
    noise.plot(
        [r["level"] for r in robustness["noise"]],
        [r["value"] for r in robustness["noise"]],
        marker="o",
    )
    noise.set(xlabel="noise (x feature std)", ylabel=robustness["metric"], title="Gaussian noise")
    missing.plot(
        [r["rate"] for r in robustness["missing"]],
        [r["value"] for r in robustness["missing"]],
        marker="o",
    )
    missing.set(xlabel="share of values missing", title="Missing values")
    return _save(figure, path)
