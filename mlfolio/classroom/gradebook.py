"""`nox -s grade-cohort -- DIR [--out DIR]`: grade every project in a folder.

Writes a per-student report folder and gradebook.csv (one row per project, a column per
criterion). Projects are graded in parallel; one that cannot be graded gets a row with
the reason and never stops the others.
"""

import argparse
import csv
import os
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from .grade import Grade, Result, add_hidden_option, grade, write


def projects(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and (p / ".git").exists())


def safe_grade(project: Path, hidden: list[Path]) -> Grade:
    try:
        return grade(project, hidden)
    except Exception as error:  # noqa: BLE001 - one project's failure is its row, not the batch's
        return Grade(project.name, results=[Result("grader", 0, 0, f"grading failed: {error!r}")])


def write_gradebook(grades: list[Grade], path: Path) -> None:
    criteria = list(dict.fromkeys(r.id for g in grades for r in g.results))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["project", "score", "max_score", *criteria, "lost points"])
        for g in sorted(grades, key=lambda g: g.project):
            earned = {r.id: r.earned for r in g.results}
            lost = "; ".join(
                f"{r.id}: {r.reason}" + (f" ({r.details[0]})" if r.details else "")
                for r in g.results
                if r.earned < r.points
            )
            writer.writerow(
                [g.project, g.score, g.max_score, *(earned.get(c, "") for c in criteria), lost]
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0]
    )
    parser.add_argument("folder", type=Path, help="folder holding one project per student")
    parser.add_argument(
        "--out", type=Path, help="reports folder (default: FOLDER-grades, beside FOLDER)"
    )
    add_hidden_option(parser)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a directory: give the folder of the projects")
    # Beside the folder, not in it: fleet and a second grade-cohort scan it for projects.
    out = args.out or args.folder.resolve().with_name(f"{args.folder.resolve().name}-grades")
    found = projects(args.folder)
    if not found:
        sys.exit(f"no project (a folder with a git repository) in {args.folder}")
    grades = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(safe_grade, p, args.hidden): p for p in found}
        for done, future in enumerate(as_completed(futures), start=1):
            result = future.result()
            write(result, out / result.project)
            grades.append(result)
            print(
                f"[{done}/{len(found)}] {result.project}: {result.score}/{result.max_score}",
                flush=True,
            )
    write_gradebook(grades, out / "gradebook.csv")
    print(f"gradebook: {out / 'gradebook.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
