# Maintained by the template: change it through a template release (docs/updating.md).
"""The human text of the model card and the datasheet: `model_card.yaml` and
`datasheet.yaml`, which the student writes and the `card` stage copies verbatim."""

from pathlib import Path

import yaml

PLACEHOLDER = "TODO"
CARD_SECTIONS = (
    "model_name",
    "license",
    "tags",
    "authors",
    "contact",
    "summary",
    "intended_use",
    "out_of_scope_uses",
    "factors",
    "ethical_considerations",
    "caveats_and_recommendations",
)
DATASHEET_SECTIONS = (
    "motivation",
    "collection_process",
    "preprocessing_notes",
    "uses",
    "distribution",
    "maintenance",
)


class ProseError(ValueError):
    """A prose file is missing, is not a mapping, or lacks a section."""


def load_prose(path: Path, sections: tuple[str, ...]) -> dict:
    """The file's fields, checked to have every section the document needs."""
    if not path.is_file():
        raise ProseError(f"{path} is missing: it holds the text of {path.stem.upper()}.md")
    prose = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(prose, dict):
        raise ProseError(f"{path} must be a mapping of section: text")
    if missing := [name for name in sections if name not in prose]:
        raise ProseError(f"{path}: missing section(s) {', '.join(missing)}")
    return prose


def placeholders(prose: dict) -> list[str]:
    """The fields still holding a TODO placeholder."""
    return [name for name, text in prose.items() if PLACEHOLDER in str(text)]
