"""Write docs/questions.md, the question reference, from copier.yml (the one source).

Run at every site build (the `hooks:` entry of mkdocs.yml calls `main`), so the site
cannot drift; tests/test_docs.py fails when the committed page is stale.
"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "questions.md"

HEADER = """# Questions

Every question `copier copy` asks, in order. Generated from
`copier.yml` by `docs/generate_questions.py` at every docs build: do not edit by hand.
Answer any of them on the command line with `--data name=value`.
"""


def code(value: object) -> str:
    return f"`{value}`" if value not in ("", None) else "(empty)"


def choices(spec: dict) -> str:
    options = spec.get("choices")
    if not options:
        return ""
    if isinstance(options, dict):
        return "<br>".join(f"{code(value)}: {label}" for label, value in options.items())
    return ", ".join(code(value) for value in options)


def validation(spec: dict) -> str:
    """The validator's error message, with its Jinja logic dropped and `{{ x }}` as `<x>`;
    a call of template/hooks/rules.jinja's `line` becomes the rule it checks."""
    text = re.sub(
        r'\{\{\s*line\("([^"]+)", \w+, (\d+)(, required=false)?\)[^}]*\}\}',
        lambda match: (
            f"{match[1]} must be one line of {0 if match[3] else 1} to {match[2]} "
            "characters, without control characters or Jinja delimiters."
        ),
        spec.get("validator", ""),
    )
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{\s*(\w+)(\[:\d+\])?\s*\}\}", r"&lt;\1&gt;", text)
    return " ".join(text.split()).replace("|", "&#124;")


def render_page(config: dict) -> str:
    rows = [
        "| name | what it asks | type | default | choices | rejected with | asked when |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, spec in config.items():
        if name.startswith("_") or spec.get("when") is False:
            continue
        when = str(spec.get("when", "")).strip("{} ").replace("|", "&#124;")
        default = str(spec.get("default", "")).strip()
        rows.append(
            f"| `{name}` | {spec['help']} | {spec.get('type', 'str')} | "
            f"{code(default.replace('|', '&#124;'))} | {choices(spec)} | {validation(spec)} | "
            f"{code(when) if when else 'always'} |"
        )
    return HEADER + "\n" + "\n".join(rows) + "\n"


def main() -> None:
    config = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
    page = render_page(config)
    # Unchanged pages are left alone: builds (tests included) may run side by side.
    if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != page:
        PAGE.write_text(page, encoding="utf-8")
        print(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
