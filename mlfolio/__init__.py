"""The template repository's own tools, for maintainers and instructors.

Run each from this checkout as `python -m mlfolio.<tool> --help`, or through its nox
session (`nox -l`). None of them is part of a generated project, and Copier runs none of
them: what Copier runs (`_tasks`, `_migrations`) stays in `hooks/`.

| module | nox session | what it does |
| --- | --- | --- |
| `mlfolio.update` | `update` | update one project to a release; exit 1 while a conflict is left |
| `mlfolio.fleet` | `fleet` | update every project of a course or team, on branches |
| `mlfolio.adopt` | `adopt` | put an existing repository under the template |
| `mlfolio.migrate` | `migrate` | make a cruft or Cookiecutter project a Copier one |
| `mlfolio.cookiecutter` | `cookiecutter` | write Cookiecutter's side from copier.yml |
| `mlfolio.bench` | `bench` | benchmarks against peers, into docs/benchmarks.md |
| `mlfolio.classroom` | `presets`, `cohort`, `grade`, `grade-cohort` | course tooling |

`mlfolio._proc` is the one place they run a subprocess or git from.
"""

from pathlib import Path

# The template's checkout: copier.yml, template/, presets/ and docs/ are read from here.
ROOT = Path(__file__).resolve().parents[1]
