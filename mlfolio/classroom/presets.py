"""Cohort presets: answers files under presets/ that fix everything but the student.

Copier itself checks each value (the same validators as a person answering the
questions, in pretend mode, so nothing is written); this module adds what Copier lets
pass silently: keys that are not questions, and keys a preset must leave to students.
"""

import argparse
import json
import sys
from pathlib import Path

import yaml
from copier import run_copy

from mlfolio import ROOT

PRESETS = ROOT / "presets"
STUDENT_KEYS = ("author_name", "author_email", "repository_url")
# Answers the roster derives for each student (roster.student_answers).
DERIVED_KEYS = ("project_slug", "package_name")


class PresetError(ValueError):
    """A preset or a student's answers cannot make a project."""


def questions() -> list[str]:
    """The questions of copier.yml, in its order."""
    config = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
    return [
        name
        for name, spec in config.items()
        if not name.startswith("_") and spec.get("when") is not False
    ]


def preset_path(name: str) -> Path:
    path = Path(name) if name.endswith((".yml", ".yaml")) else PRESETS / f"{name}.yml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in PRESETS.glob("*.yml")))
        raise PresetError(f"no preset {name!r}: choose one of {known}, or give a .yml path")
    return path


def load_preset(name: str) -> dict:
    """The preset's answers, after checking that every key is a question of copier.yml."""
    path = preset_path(name)
    answers = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(answers, dict):
        raise PresetError(f"{path}: a preset is a mapping of question: answer")
    if unknown := sorted(set(answers) - set(questions())):
        raise PresetError(f"{path}: {', '.join(unknown)} is not a question of copier.yml")
    if personal := [key for key in STUDENT_KEYS if key in answers]:
        raise PresetError(f"{path}: {', '.join(personal)} is each student's own answer")
    return answers


def check_answers(answers: dict, template: str, vcs_ref: str | None = None) -> dict:
    """Every answer a project gets from `answers` (the rest are defaults); raise
    PresetError with Copier's message if any answer would be refused."""
    try:
        worker = run_copy(
            template,
            Path("/nonexistent/pretend"),
            data=answers,
            defaults=True,
            pretend=True,
            quiet=True,
            skip_tasks=True,
            unsafe=True,
            vcs_ref=vcs_ref,
        )
    except ValueError as error:
        raise PresetError(str(error)) from error
    given = worker.answers.combined
    return {name: given[name] for name in questions() if name in given}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description="Check cohort presets against copier.yml."
    )
    parser.add_argument("presets", nargs="*", help="names or paths (default: every preset)")
    parser.add_argument("--template", default=str(ROOT), help="template to check against")
    args = parser.parse_args(argv)
    names = args.presets or sorted(str(path) for path in PRESETS.glob("*.yml"))
    failed = 0
    for name in names:
        try:
            preset = load_preset(name)
            effective = check_answers(preset, args.template)
            print(f"ok    {name}")
            # What every student gets: the preset's answers, and the defaults it leaves.
            for question, answer in effective.items():
                if question not in (*STUDENT_KEYS, *DERIVED_KEYS):
                    origin = "" if question in preset else "  (default)"
                    print(f"        {question}: {json.dumps(answer)}{origin}")
        except PresetError as error:
            print(f"FAIL  {name}: {error}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
