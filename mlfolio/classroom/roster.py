"""A cohort's roster: one CSV row per student (name, email, optional repository),
checked whole before anything is created."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .presets import PresetError, check_answers

REQUIRED = ("name", "email")
OPTIONAL = ("repository",)


@dataclass(frozen=True)
class Student:
    line: int
    slug: str
    answers: dict


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


def slugify(text: str) -> str:
    """Copier's default slug: `lower | regex_replace('[^a-z0-9]+', '-') | trim('-')`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def student_answers(preset: dict, row: dict) -> tuple[str, dict]:
    """One student's folder name and answers: the preset, plus who they are. Every
    student gets the same package, so one grader and one set of tests fit all."""
    student = slugify(row["name"])
    project = slugify(preset.get("project_name", "My ML Project"))
    return student, {
        **preset,
        "project_slug": f"{project}-{student}",
        "package_name": project.replace("-", "_"),
        "author_name": row["name"].strip(),
        "author_email": row["email"].strip(),
        "repository_url": (row.get("repository") or "").strip(),
    }


def read_roster(
    path: Path, preset: dict, template: str, vcs_ref: str | None = None
) -> tuple[list[Student], list[Problem]]:
    """The students whose answers Copier accepts, and a problem for every other row."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = [name.strip() for name in reader.fieldnames or []]
        if missing := [name for name in REQUIRED if name not in columns]:
            return [], [Problem(0, f"{path}: missing column(s) {', '.join(missing)}")]
        rows = list(reader)
    students, problems, seen = [], [], {}
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        row = {key.strip(): value or "" for key, value in row.items() if key}
        if not row["name"].strip():
            problems.append(Problem(line, "the name is empty"))
            continue
        slug, answers = student_answers(preset, row)
        if slug in seen:
            problems.append(Problem(line, f"{slug!r} is already the folder of line {seen[slug]}"))
            continue
        seen[slug] = line
        try:
            check_answers(answers, template, vcs_ref)
        except PresetError as error:
            problems.append(Problem(line, f"{row['name'].strip()}: {error}"))
            continue
        students.append(Student(line, slug, answers))
    return students, problems
