"""Write docs/questions.md, the question reference, from copier.yml (the one source).

Run by `nox -s docs`; tests/test_docs.py fails when the committed page is stale.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "questions.md"

HEADER = """# Questions

Every question `copier copy` asks, in order. Generated from
[`copier.yml`](../copier.yml) by `docs/generate_questions.py`: do not edit by hand.
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


def render_page(config: dict) -> str:
    rows = [
        "| name | what it asks | type | default | choices | notes |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, spec in config.items():
        if name.startswith("_") or spec.get("when") is False:
            continue
        notes = []
        if "validator" in spec:
            notes.append("validated")
        if "when" in spec:
            notes.append(f"asked when {spec['when'].strip('{} ')}")
        default = str(spec.get("default", "")).strip()
        rows.append(
            f"| `{name}` | {spec['help']} | {spec.get('type', 'str')} | "
            f"{code(default.replace('|', '&#124;'))} | {choices(spec)} | {'; '.join(notes)} |"
        )
    return HEADER + "\n" + "\n".join(rows) + "\n"


def main() -> None:
    config = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
    PAGE.write_text(render_page(config), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
