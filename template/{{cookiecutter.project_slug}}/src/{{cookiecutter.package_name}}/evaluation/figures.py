# Maintained by the template: change it through a template release (docs/updating.md).
"""PNG figures for reports/figures/ (readable on GitHub and offline, unlike the HTML of
`dvc plots show`, which loads its charting library from the web). Each function returns
the paths it wrote."""

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..reporting.markdown import number
from .metrics import METRICS

# Both axes of a rate from 0 to 1, a little margin so a curve on the edge stays visible.
UNIT_SQUARE = {"xlim": (-0.01, 1.01), "ylim": (-0.01, 1.01)}


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
    y_true,
    y_pred,
    probabilities: np.ndarray,
    classes: Sequence,
    names: Sequence[str],
    bins: list[dict],
    folder: Path,
    target: str,
) -> list[Path]:
    """The confusion matrix, ROC and precision-recall curves and reliability diagram;
    `names` are the classes as a reader knows them (config.DataParams.class_name)."""
    from sklearn.metrics import ConfusionMatrixDisplay

    display = ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=list(classes), display_labels=list(names), colorbar=False
    )
    display.ax_.set(
        title="Confusion matrix (test split)",
        xlabel=f"{target} (predicted)",
        ylabel=f"{target} (actual)",
    )
    display.ax_.tick_params(axis="x", labelrotation=20 if max(map(len, names)) > 8 else 0)
    curves = one_vs_rest(y_true, probabilities, classes, names)
    return [
        *_save(display.figure_, folder / "confusion_matrix.png"),
        *roc_png(curves, folder / "roc_curve.png"),
        *pr_png(curves, folder / "pr_curve.png"),
        *reliability_png(bins, folder / "reliability_diagram.png"),
    ]


def one_vs_rest(
    y_true, probabilities: np.ndarray, classes: Sequence, names: Sequence[str]
) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(name, is-this-class, score) per curve: binary targets draw the positive class only."""
    truth = np.asarray(y_true)
    shown = [1] if len(classes) == 2 else range(len(classes))
    return [(names[i], truth == classes[i], probabilities[:, i]) for i in shown]


def roc_png(curves: list, path: Path) -> list[Path]:
    from sklearn.metrics import roc_auc_score, roc_curve

    figure, axes = _pyplot().subplots(figsize=(5, 5))
    for name, positive, score in curves:
        false_positive, true_positive, _ = roc_curve(positive, score)
        auc = number(roc_auc_score(positive, score))
        axes.plot(false_positive, true_positive, label=f"{name} (AUC = {auc})")
    axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="chance (AUC = 0.5)")
    axes.set(xlabel="false positive rate", ylabel="true positive rate", **UNIT_SQUARE)
    axes.set_title("ROC (test split)")
    axes.legend(loc="lower right")
    return _save(figure, path)


def pr_png(curves: list, path: Path) -> list[Path]:
    """Precision against recall; each class's prevalence is the precision of guessing."""
    from sklearn.metrics import average_precision_score, precision_recall_curve

    figure, axes = _pyplot().subplots(figsize=(5, 5))
    for name, positive, score in curves:
        precision, recall, _ = precision_recall_curve(positive, score)
        average = number(average_precision_score(positive, score))
        (line,) = axes.step(recall, precision, where="post", label=f"{name} (AP = {average})")
        axes.axhline(
            positive.mean(),
            linestyle="--",
            color=line.get_color(),
            alpha=0.6,
            label=f"chance: {name} prevalence {number(positive.mean())}",
        )
    axes.set(xlabel="recall", ylabel="precision", **UNIT_SQUARE)
    axes.set_title("Precision-recall (test split)")
    axes.legend(loc="lower left", fontsize="small")
    return _save(figure, path)


def reliability_png(bins: list[dict], path: Path) -> list[Path]:
    """Accuracy against confidence per bin, each labelled with its rows, above a histogram
    of the rows per bin: a point resting on three rows should not look like one on three
    hundred."""
    figure, (axes, counts) = _pyplot().subplots(
        2, 1, figsize=(5, 6), sharex=True, gridspec_kw={"height_ratios": [3, 1]}
    )
    axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    confidence, accuracy = [b["confidence"] for b in bins], [b["accuracy"] for b in bins]
    axes.plot(confidence, accuracy, marker="o", label="model")
    for b in bins:
        axes.annotate(
            f"n={b['count']}",
            (b["confidence"], b["accuracy"]),
            textcoords="offset points",
            xytext=(4, -12),
            fontsize=8,
        )
    axes.set(ylabel="accuracy", title="Reliability diagram (test split)", ylim=(-0.02, 1.05))
    axes.legend(loc="upper left")
    counts.bar(
        [b["lower"] for b in bins],
        [b["count"] for b in bins],
        width=[b["upper"] - b["lower"] for b in bins],
        align="edge",
        edgecolor="white",
    )
    counts.set(xlabel="confidence in the predicted class", ylabel="rows", xlim=(0, 1.01))
    return _save(figure, path)


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


def slices_png(slices: list[dict], overall: dict[str, float], path: Path) -> list[Path]:
    """Each group's metric with its 95% interval and its rows, against the whole test
    split's value (`overall`, by metric); groups too small to judge are greyed."""
    if not slices:
        return []
    pyplot = _pyplot()
    figure, axes_list = pyplot.subplots(
        len(slices),
        1,
        figsize=(6.5, 1.2 + 0.5 * sum(len(r["groups"]) for r in slices)),
        squeeze=False,
    )
    for axes, report in zip(axes_list[:, 0], slices, strict=True):
        groups, metric = report["groups"], report["metric"]
        values = [g["value"] for g in groups]
        errors = [
            [g["value"] - g["ci_low"] for g in groups],
            [g["ci_high"] - g["value"] for g in groups],
        ]
        labels = [f"{g['group']} (n={g['size']})" for g in groups]
        colours = ["lightgrey" if g["too_small"] else "tab:blue" for g in groups]
        axes.barh(labels, values, xerr=np.clip(errors, 0, None), color=colours, capsize=3)
        for position, group in enumerate(groups):
            note = f"  {number(group['value'])}"
            if group.get("ci_method") == "none":
                note += " (too few errors for an interval)"
            axes.text(
                group["ci_high"],
                position,
                note,
                va="center",
                fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
        axes.set_xlim(0, 1.3 * max(g["ci_high"] for g in groups))
        axes.axvline(overall[metric], linestyle="--", color="black")
        axes.invert_yaxis()
        small = "; grey: too few rows to judge" if any(g["too_small"] for g in groups) else ""
        axes.set(
            xlabel=f"{metric} (dashed: the whole test split, {number(overall[metric])})",
            title=f"{metric} by {report['column']} (95% CI{small})",
        )
    return _save(figure, path)


def robustness_limits(robustness: dict) -> tuple[float, float]:
    """The y-axis of the robustness figure: from the baseline's score to a perfect one
    (every error bar inside), so a drop is drawn to its true scale."""
    perfect = 1.0 if METRICS[robustness["metric"]].higher_is_better else 0.0
    seen = [robustness["baseline"], perfect]
    for row in (*robustness["noise"], *robustness["missing"]):
        seen += [row["value"] - row["std"], row["value"] + row["std"]]
    margin = 0.05 * (max(seen) - min(seen) or 1.0)
    return min(seen) - margin, max(seen) + margin


def robustness_png(robustness: dict, path: Path) -> list[Path]:
    """The main metric under damage, mean and spread over the draws, against the baseline."""
    figure, (noise, missing) = _pyplot().subplots(1, 2, figsize=(8, 3.8), sharey=True)
    for axes, key, x in ((noise, "noise", "level"), (missing, "missing", "rate")):
        rows = robustness[key]
        axes.errorbar(
            [r[x] for r in rows],
            [r["value"] for r in rows],
            yerr=[r["std"] for r in rows],
            marker="o",
            capsize=3,
            label=f"model (mean ± sd, {robustness['draws']} draws)",
        )
        axes.axhline(
            robustness["baseline"],
            linestyle="--",
            color="grey",
            label=f"baseline {number(robustness['baseline'])}",
        )
    noise.set(
        xlabel="noise (x feature std)",
        ylabel=robustness["metric"],
        title="Gaussian noise",
        ylim=robustness_limits(robustness),
    )
    missing.set(xlabel="share of values missing", title="Missing values")
    noise.legend(loc="best", fontsize="small")
    return _save(figure, path)
