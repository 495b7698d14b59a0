"""`nox -s cohort -- roster.csv --preset NAME --out DIR`: one project per student.

The whole roster is checked first; a bad row is reported and gets no folder, every good
row gets its project (rendered in parallel, setup tasks included), and the summary says
which is which. Exits non-zero when any row was refused or failed.
"""

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import yaml

from mlfolio import ROOT
from mlfolio._proc import run

from .presets import PresetError, load_preset
from .roster import Student, read_roster


def render(student: Student, template: str, out: Path, vcs_ref: str | None) -> tuple[bool, str]:
    """Render one project with the Copier CLI in its own process: tasks included."""
    with_ref = ["--vcs-ref", vcs_ref] if vcs_ref else []
    answers = out / f".{student.slug}.answers.yml"
    answers.write_text(yaml.safe_dump(student.answers), encoding="utf-8")
    try:
        result = run(
            [
                sys.executable,
                "-m",
                "copier",
                "copy",
                "--trust",
                "--defaults",
                "--quiet",
                "--data-file",
                str(answers),
                *with_ref,
                template,
                str(out / student.slug),
            ],
            check=False,
        )
    finally:
        answers.unlink()
    detail = (result.stderr.strip().splitlines() or ["ok"])[-1]
    return result.returncode == 0, detail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0]
    )
    parser.add_argument("roster", type=Path, help="CSV with columns name, email[, repository]")
    parser.add_argument("--preset", required=True, help="a name under presets/ or a .yml path")
    parser.add_argument("--out", type=Path, required=True, help="folder for the projects")
    parser.add_argument("--template", default=str(ROOT), help="template path or URL")
    parser.add_argument("--vcs-ref", help="template version (default: its latest tag)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)

    if not args.roster.is_file():
        parser.error(f"{args.roster} is not a file: give the roster, a CSV")
    try:
        preset = load_preset(args.preset)
    except PresetError as error:
        sys.exit(str(error))
    print(f"checking {args.roster} against preset {args.preset}", flush=True)
    students, problems = read_roster(args.roster, preset, args.template, args.vcs_ref)
    for problem in problems:
        print(f"  refused {problem}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    existing = [s for s in students if (args.out / s.slug).exists()]
    for student in existing:
        print(f"  skipped line {student.line}: {args.out / student.slug} exists", flush=True)
    todo = [s for s in students if s not in existing]

    failed = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(render, s, args.template, args.out, args.vcs_ref): s for s in todo}
        for done, future in enumerate(as_completed(futures), start=1):
            student = futures[future]
            ok, detail = future.result()
            print(
                f"[{done}/{len(todo)}] {student.slug}: {'created' if ok else 'FAILED ' + detail}",
                flush=True,
            )
            if not ok:
                failed.append(student.slug)
    created = len(todo) - len(failed)
    print(
        f"{created} project(s) created in {args.out}, {len(existing)} skipped, "
        f"{len(problems)} row(s) refused, {len(failed)} failed"
    )
    return 1 if problems or failed else 0


if __name__ == "__main__":
    sys.exit(main())
