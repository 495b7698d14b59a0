# Maintained by the template: change it through a template release (docs/updating.md).
"""Small writers shared by the README results, the model card, the datasheet, the
comparison of runs and the figures: every number they show goes through `number`."""

import math
from collections.abc import Iterable, Sequence

# Beyond this many decimals a value that still rounds to a whole number is shown as a bound.
MAX_DECIMALS = 6


def number(value: float | None, decimals: int = 3) -> str:
    """`value` to `decimals` places, never rounded onto a whole number it is not: 0.9995
    reads 0.9995, not 1.000, which would claim a perfect score (and 0.0004 is not 0)."""
    if value is None or not math.isfinite(value):
        return "n/a"
    for places in range(decimals, MAX_DECIMALS + 1):
        text = f"{value:.{places}f}"
        if float(text) != round(float(text)) or float(text) == value:
            return text
    whole = round(value)
    return f"{'<' if value < whole else '>'} {whole}"


def signed(value: float) -> str:
    """A change, with its sign: +0.012, -0.004."""
    return ("+" if value > 0 else "") + number(value)


def interval(result: dict) -> str:
    """A result's 95% interval (`ci_low`, `ci_high`), or what its `ci_note` says instead
    when the bootstrap's collapsed (evaluation/bootstrap.py, `described`)."""
    bounds = f"{number(result['ci_low'])} – {number(result['ci_high'])}"
    method = result.get("ci_method", "bootstrap")
    if method == "bootstrap":
        return bounds
    if method == "exact_binomial":
        return f"{bounds} ({result['ci_note']})"
    return result["ci_note"]


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A pipe table; `|` inside a cell is escaped so it cannot split the row. Written as
    the Markdown formatter writes a compact table (.mdformat.toml), so that its pre-commit
    hook leaves the README's results as the card stage wrote them."""

    def line(cells: Sequence[object]) -> str:
        return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"

    return [line(header), line(["--"] * len(header)), *map(line, rows)]


def section(title: str, *paragraphs: str) -> list[str]:
    """A second-level heading and its paragraphs, separated by blank lines."""
    lines = [f"## {title}"]
    for paragraph in paragraphs:
        lines += ["", paragraph]
    return [*lines, ""]
