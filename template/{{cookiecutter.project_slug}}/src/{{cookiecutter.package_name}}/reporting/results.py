# Maintained by the template: change it through a template release (docs/updating.md).
"""The README's results section, written from reports/evaluation.json between two
markers, so the student's own text around it is never touched."""

import re
from pathlib import Path

from .markdown import interval, number, table

START = "<!-- results:start -->"
END = "<!-- results:end -->"
BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
FIGURES = {
    "classification": ("reliability_diagram.png", "confusion_matrix.png", "slices.png"),
    "regression": ("predicted_vs_actual.png", "residuals.png", "slices.png"),
}


class MarkerError(ValueError):
    """The README lacks the results markers, or has them out of order."""


def metrics_table(report: dict) -> list[str]:
    """One row per metric: value, 95% CI and baseline, the main metric first and bold."""
    main = report["main_metric"]
    names = [main, *(name for name in report["metrics"] if name != main)]
    rows = []
    for name in names:
        result = report["metrics"][name]
        rows.append(
            [
                f"**{name}** (main)" if name == main else name,
                number(result["value"]),
                interval(result),
                number(result["baseline"]),
            ]
        )
    return table(["metric", "value", "95% CI", "baseline"], rows)


def results_block(report: dict, figures: list[str]) -> str:
    """The Markdown between the markers; `figures` are the PNGs that exist."""
    data, model, gate = report["data"], report["model"], report["gate"]
    passed = sum(check["passed"] for check in gate["checks"])
    blocks = [
        START,
        "<!-- Written by `dvc repro` (stage `card`) from reports/evaluation.json: "
        "edit the text outside these markers. -->",
        f"`{model['family']}` on `{data['dataset']}`, scored on a held-out test split of "
        f"{data['test_rows']} rows against a `{model['baseline']}` baseline, with 95% "
        "bootstrap confidence intervals.",
        "\n".join(metrics_table(report)),
        f"Quality gate: **{'passed' if gate['passed'] else 'FAILED'}** "
        f"({passed} of {len(gate['checks'])} checks). Full details: "
        "[model card](MODEL_CARD.md), [datasheet](DATASHEET.md), "
        "`reports/evaluation.json`.",
    ]
    if figures:
        blocks.append(" ".join(f"![{name}](reports/figures/{name})" for name in figures))
    # A blank line between blocks, as the Markdown formatter (mdformat) writes them: the
    # pre-commit hook then leaves the README as the stage wrote it.
    return "\n\n".join([*blocks, END])


def key_figures(task: str, figures_dir: Path) -> list[str]:
    """The task's key figures that the evaluation drew."""
    return [name for name in FIGURES[task] if (figures_dir / name).is_file()]


def replace_results(text: str, block: str) -> str:
    """`text` with everything from the start marker to the end marker replaced."""
    if not BLOCK.search(text):
        raise MarkerError(
            f"README.md needs a results section: a line {START}, then a line {END}; "
            "the card stage writes the results between them"
        )
    return BLOCK.sub(lambda _: block, text, count=1)


def current_block(text: str) -> str | None:
    """What is between the markers now (markers included), or None without them."""
    match = BLOCK.search(text)
    return match.group(0) if match else None
