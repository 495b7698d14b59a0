# Maintained by the template: change it through a template release (docs/updating.md).
"""Small Markdown writers shared by the README results, the model card and the
datasheet."""

from collections.abc import Iterable, Sequence


def number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def interval(low: float | None, high: float | None) -> str:
    return f"{number(low)} – {number(high)}"


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
