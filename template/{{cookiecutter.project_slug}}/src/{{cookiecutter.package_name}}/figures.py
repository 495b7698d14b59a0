"""PNG figures for reports/figures/ (readable on GitHub and offline, unlike the
HTML of `dvc plots show`, which loads its charting library from the web)."""

from collections.abc import Sequence
from pathlib import Path


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    from matplotlib import pyplot

    return pyplot


def confusion_matrix_png(y_true: Sequence, y_pred: Sequence, labels: Sequence, path: Path) -> None:
    from sklearn.metrics import ConfusionMatrixDisplay

    pyplot = _pyplot()
    display = ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=list(labels), colorbar=False
    )
    display.ax_.set_title("Confusion matrix (test split)")
    display.figure_.tight_layout()
    display.figure_.savefig(path, dpi=120)
    pyplot.close(display.figure_)


def predicted_vs_actual_png(y_true: Sequence, y_pred: Sequence, path: Path) -> None:
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(5, 5))
    axes.scatter(y_true, y_pred, alpha=0.6)
    low, high = min(min(y_true), min(y_pred)), max(max(y_true), max(y_pred))
    axes.plot([low, high], [low, high], linestyle="--", color="grey", label="perfect")
    axes.set(xlabel="actual", ylabel="predicted", title="Predicted vs actual (test split)")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    pyplot.close(figure)
