"""Make a project generated from this template by Cookiecutter or cruft a Copier project.

Cookiecutter and cruft record what Copier needs under other names: cruft's `.cruft.json`
holds the template, the commit and the answers (`context.cookiecutter`), a Cookiecutter
replay file (~/.cookiecutter_replay/template.json) the template and the answers only. The
questions have the same names in both engines (template/cookiecutter.json is generated
from copier.yml), so the answers carry over; Copier itself then renders the template at
that commit into a scratch folder with them, which validates each answer and writes
`.copier-answers.yml` with `_src_path` and `_commit` (the release's tag, as
`git describe --tags` names the commit). That file goes into the project, `.cruft.json`
goes, and `nox -s update -- PROJECT` works from then on.

Usage, from the template's checkout (or `nox -s migrate -- PROJECT ...`):
    python -m mlfolio.migrate PROJECT [--replay FILE] [--template SRC] [--vcs-ref REF]
Exit status: 0 migrated, 2 nothing was changed (with the reason).
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

import yaml

from mlfolio._proc import CommandError, run

ANSWERS_FILE = ".copier-answers.yml"
CRUFT_FILE = ".cruft.json"
# The folder of this template's repository that Cookiecutter renders.
COOKIECUTTER_DIRECTORY = "template"


class MigrationError(Exception):
    """Why nothing was changed, and what to do about it."""


def read_record(project: Path, replay: Path | None) -> tuple[dict, str | None, str | None]:
    """The answers, template and commit recorded by cruft (or in a replay file)."""
    source = replay or project / CRUFT_FILE
    if not source.is_file():
        raise MigrationError(
            f"{source} does not exist: {project} was not made with cruft; for a project made "
            "with Cookiecutter, pass its replay file (--replay "
            "~/.cookiecutter_replay/template.json) and the release it came from (--vcs-ref)"
        )
    try:
        record = json.loads(source.read_text(encoding="utf-8"))
        if replay:
            context = record["cookiecutter"]
            return context, context.get("_template"), context.get("_checkout")
        directory = record.get("directory") or ""
        if directory.strip("/") != COOKIECUTTER_DIRECTORY:
            raise MigrationError(
                f"{source} names the template folder {directory!r}, not "
                f"{COOKIECUTTER_DIRECTORY!r}: {project} was not made from this template"
            )
        return record["context"]["cookiecutter"], record.get("template"), record.get("commit")
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise MigrationError(f"{source} is not a cruft or Cookiecutter record: {error!r}") from None


def template_questions(template: str, ref: str) -> list[str]:
    """The questions of copier.yml at `ref`; an error if the template is not this one."""
    with tempfile.TemporaryDirectory(prefix="mlfolio-migrate-") as clone:
        cloned = run(["git", "clone", "--quiet", "--no-checkout", template, clone], check=False)
        if cloned.returncode != 0:
            raise MigrationError(f"cannot clone the template {template}: {cloned.stderr.strip()}")
        shown = run(["git", "show", f"{ref}:copier.yml"], Path(clone), check=False)
    config = yaml.safe_load(shown.stdout) if shown.returncode == 0 else None
    # This template's mark: the hidden computed question the files read their names from.
    if not isinstance(config, dict) or not isinstance(config.get("cookiecutter"), dict):
        raise MigrationError(
            f"{template} at {ref} is not the mlfolio template (no copier.yml with its computed "
            "`cookiecutter` question): only projects made from mlfolio can be migrated"
        )
    return [name for name in config if not name.startswith("_") and name != "cookiecutter"]


def copier_answers(context: dict, questions: list[str], template: str, ref: str) -> dict:
    """Cookiecutter's answers under Copier's names; its own `_` and derived `__` names go."""
    unknown = sorted(name for name in context if not name.startswith("_") and name not in questions)
    if unknown:
        raise MigrationError(
            f"{', '.join(unknown)}: not questions of {template} at {ref} (its questions: "
            f"{', '.join(questions)}); was the project made from another template?"
        )
    answers = {name: context[name] for name in questions if name in context}
    if answers.get("dataset") == "custom_csv":
        # The CSV was copied into the project; Copier records the copy, never the original.
        answers["csv_path"] = f"data/external/{Path(answers['csv_path']).name}"
    return answers


def migrate(
    project: Path,
    *,
    replay: Path | None = None,
    template: str | None = None,
    vcs_ref: str | None = None,
) -> dict:
    """Write `project`'s `.copier-answers.yml` from its cruft record; return the answers."""
    from copier import run_copy  # the CLI's --help stays fast without it

    if not project.is_dir():
        raise MigrationError(f"{project} is not a directory: give the project to migrate")
    if (project / ANSWERS_FILE).exists():
        raise MigrationError(f"{project / ANSWERS_FILE} exists: the project already uses Copier")
    context, recorded_template, recorded_ref = read_record(project, replay)
    template = template or recorded_template
    ref = vcs_ref or recorded_ref
    if not template or not ref:
        raise MigrationError(
            "the record does not say which "
            + ("template" if not template else "release")
            + " the project came from: pass "
            + ("--template URL" if not template else "--vcs-ref TAG")
        )
    answers = copier_answers(context, template_questions(template, ref), template, ref)
    with tempfile.TemporaryDirectory(prefix="mlfolio-migrate-") as scratch:
        rendered = Path(scratch) / project.name
        run_copy(
            template,
            rendered,
            data=answers,
            vcs_ref=ref,
            defaults=True,
            skip_tasks=True,
            quiet=True,
        )
        recorded = (rendered / ANSWERS_FILE).read_text(encoding="utf-8")
    (project / ANSWERS_FILE).write_text(recorded, encoding="utf-8")
    if not replay:
        (project / CRUFT_FILE).unlink()
    return yaml.safe_load(recorded)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("project", type=Path, help="the project made with cruft or Cookiecutter")
    parser.add_argument("--replay", type=Path, help="Cookiecutter's replay file, without cruft")
    parser.add_argument("--template", help="template path or git URL (default: the recorded one)")
    parser.add_argument("--vcs-ref", help="release the project came from (default: recorded)")
    args = parser.parse_args(argv)

    from copier.errors import CopierError

    print(f"Migrating {args.project} from cruft to Copier...", flush=True)
    try:
        answers = migrate(
            args.project, replay=args.replay, template=args.template, vcs_ref=args.vcs_ref
        )
    except (MigrationError, CopierError, CommandError) as error:
        print(f"migrate: {args.project} was not changed: {error}", file=sys.stderr)
        return 2
    removed = "" if args.replay else f" and removed {CRUFT_FILE}"
    print(
        f"Wrote {ANSWERS_FILE} (template {answers['_src_path']}, release {answers['_commit']})"
        f"{removed}.\nNext: commit, then update it from the template's checkout with "
        f"`nox -s update -- {args.project.resolve()} --trust`."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
