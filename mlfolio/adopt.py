"""Bring an existing repository under the template: add what it lacks, keep what it has.

The template is rendered into a scratch folder first and compared with the repository,
file by file: a file the repository lacks is created, an identical one is left as is,
and a file the repository already has with other content (its README, its
pyproject.toml...) is kept byte for byte unless named with `--overwrite`. Then Copier
renders into the repository with exactly that plan and records `.copier-answers.yml`
(template, release, answers), so `nox -s update -- REPO` works from then on.

Usage, from the template's checkout (or `nox -s adopt -- REPO ...`):
    python -m mlfolio.adopt REPO [--template SRC] [--vcs-ref REF] [--data NAME=VALUE]...
                                 [--overwrite FILE]... [--dry-run] [--trust]
Exit status: 0 adopted (or, with --dry-run, the plan shown), 2 nothing was written.
"""

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mlfolio import ROOT
from mlfolio._proc import CommandError, git

ANSWERS_FILE = ".copier-answers.yml"
# The characters gitignore-style patterns (Copier's skip_if_exists) give a meaning to.
PATTERN_SPECIALS = str.maketrans({c: f"\\{c}" for c in "\\*?[]!#"})


class AdoptError(Exception):
    """Why nothing was written, and what to do about it."""


@dataclass
class Plan:
    """What rendering the template into the repository would do to each file."""

    create: list[str] = field(default_factory=list)
    identical: list[str] = field(default_factory=list)
    clash: list[str] = field(default_factory=list)  # the repository's differs: kept
    overwrite: list[str] = field(default_factory=list)  # clashes the user gave up

    def lines(self) -> list[str]:
        return [
            *(f"  create     {name}" for name in self.create),
            *(f"  identical  {name}" for name in self.identical),
            *(f"  keep       {name}  (yours differs from the template's)" for name in self.clash),
            *(f"  overwrite  {name}  (--overwrite)" for name in self.overwrite),
        ]


def parse_data(pairs: list[str]) -> dict[str, str]:
    """`NAME=VALUE` answers, as Copier's `--data` takes them."""
    data = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name:
            raise AdoptError(f"--data {pair!r} is not NAME=VALUE (e.g. project_name=Penguins)")
        data[name] = value
    return data


def uncommitted(repo: Path) -> list[str]:
    """The repository's uncommitted changes (none when it is not a git repository)."""
    if not (repo / ".git").exists():
        return []
    return git(repo, "status", "--porcelain").splitlines()


def check_repository(repo: Path, *, dry_run: bool) -> None:
    if not repo.is_dir():
        raise AdoptError(f"{repo} is not a directory: give the repository to adopt the template in")
    if (repo / ANSWERS_FILE).exists():
        raise AdoptError(
            f"{repo / ANSWERS_FILE} exists: the repository already comes from a Copier template; "
            f"update it from the template's checkout with `nox -s update -- {repo}` instead"
        )
    changes = uncommitted(repo)
    if changes and not dry_run:
        raise AdoptError(
            f"{repo} has uncommitted changes ({len(changes)} path(s), e.g. {changes[0].strip()}): "
            "commit or stash them first, so the adoption is one change you can review"
        )


def render(template: str, destination: Path, options: dict, **extra) -> None:
    """Copier's copy, non-interactive: recorded answers from `--data`, defaults for the rest."""
    from copier import run_copy  # the CLI's --help stays fast without it

    run_copy(template, destination, defaults=True, quiet=True, **options, **extra)


def plan(template: str, repo: Path, options: dict, overwrite: list[str]) -> Plan:
    """Render into a scratch folder and compare each file with the repository's."""
    result = Plan()
    with tempfile.TemporaryDirectory(prefix="mlfolio-adopt-") as scratch:
        rendered = Path(scratch) / repo.name
        render(template, rendered, options, skip_tasks=True)
        for path in sorted(p for p in rendered.rglob("*") if p.is_file()):
            name = path.relative_to(rendered).as_posix()
            existing = repo / name
            in_the_way = [p for p in existing.parents if p.is_relative_to(repo) and p.is_file()]
            if existing.is_dir() or in_the_way:
                kind = f"file {in_the_way[0].relative_to(repo)}" if in_the_way else "folder"
                raise AdoptError(
                    f"the template has a file {name}, where the repository has a {kind}: "
                    "rename yours, then adopt"
                )
            if not existing.exists():
                result.create.append(name)
            elif existing.is_file() and existing.read_bytes() == path.read_bytes():
                result.identical.append(name)
            elif name in overwrite:
                result.overwrite.append(name)
            else:
                result.clash.append(name)
    unknown = sorted(set(overwrite) - set(result.overwrite))
    if unknown:
        raise AdoptError(
            f"--overwrite {', '.join(unknown)}: not a file of yours the template would change; "
            f"the files that differ are: {', '.join(result.clash + result.overwrite) or 'none'}"
        )
    return result


def literal(name: str) -> str:
    """A skip_if_exists pattern matching exactly the file `name` at the project's root."""
    # Copier renders each pattern with Jinja first, hence the raw block.
    return "{% raw %}/" + name.translate(PATTERN_SPECIALS) + "{% endraw %}"


def adopt(
    repo: Path,
    template: str,
    *,
    vcs_ref: str | None = None,
    data: dict[str, str] | None = None,
    overwrite: list[str] = (),
    dry_run: bool = False,
    trust: bool = False,
) -> Plan:
    """Render the template into `repo`, keeping every file it has unless in `overwrite`."""
    repo = repo.resolve()
    check_repository(repo, dry_run=dry_run)
    data = dict(data or {})
    # The repository's own CSV is named from its root; Copier needs it absolute.
    if data.get("csv_path"):
        data["csv_path"] = str(repo / Path(data["csv_path"]).expanduser())
    options = {"data": data, "vcs_ref": vcs_ref, "unsafe": trust}
    result = plan(template, repo, options, list(overwrite))
    if not dry_run:
        # overwrite=True answers Copier's "overwrite?" for the opted-in files; every other
        # clash is skipped, so the repository's own version stays byte for byte.
        skip = [literal(name) for name in result.clash]
        render(template, repo, options, overwrite=True, skip_if_exists=skip, skip_tasks=not trust)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("repo", type=Path, help="the existing repository")
    parser.add_argument(
        "--template", default=str(ROOT), help="template path or git URL (default: this one)"
    )
    parser.add_argument("--vcs-ref", help="template tag or commit (default: the latest tag)")
    parser.add_argument(
        "--data", action="append", default=[], metavar="NAME=VALUE", help="an answer (repeat)"
    )
    parser.add_argument(
        "--overwrite",
        action="append",
        default=[],
        metavar="FILE",
        help="take the template's version of this file of yours (repeat; path from the root)",
    )
    parser.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")
    parser.add_argument("--trust", action="store_true", help="run the template's tasks")
    args = parser.parse_args(argv)

    from copier.errors import CopierError

    what = "Planning" if args.dry_run else "Adopting"
    print(f"{what} the template {args.template} in {args.repo}...", flush=True)
    try:
        result = adopt(
            args.repo,
            args.template,
            vcs_ref=args.vcs_ref,
            data=parse_data(args.data),
            overwrite=[Path(name).as_posix() for name in args.overwrite],
            dry_run=args.dry_run,
            trust=args.trust,
        )
    except (AdoptError, CopierError, CommandError) as error:
        print(f"adopt: nothing was written to {args.repo}: {error}", file=sys.stderr)
        return 2
    print("\n".join(result.lines()))
    if args.dry_run:
        print("Dry run: nothing was written. Run again without --dry-run to adopt.")
        return 0
    print(
        f"Adopted: {len(result.create)} file(s) added, {len(result.clash)} of yours kept.\n"
        f"Next: review `git status` in {args.repo}, merge by hand what you want from the "
        f"template's version of the files kept, and commit (with {ANSWERS_FILE}: "
        "`copier update` reads it)."
    )
    if not args.trust:
        print("The template's tasks did not run: `git init` if needed, then `uv sync`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
