"""Migration to 1.0.0: `evaluate.bootstrap_resamples` is now `evaluate.ci_resamples`.

The new name says what the number is for (the 95% confidence intervals, `ci_low` and
`ci_high` in the report) and no longer reads like `train.resampling`, which resamples
training rows.

Copier merges a release into a project line by line: a student's own value on the
renamed line would meet the release's new key name in a conflict. So Copier runs this
script twice when `copier update` crosses 1.0.0 (`_migrations` in copier.yml):

- before: put the old releases' value back on the old line and stage it, keeping the
  student's value in the git directory, so the release's rename merges cleanly;
- after: write the kept value on the new line, and rename the key if it is still there.

Each stage does nothing when there is nothing to do, so running it again is harmless.

Usage: python hooks/migrations/v1_0_0_ci_resamples.py before|after [PROJECT]
"""

import re
import sys
from pathlib import Path

from _migration import git, main

PARAMS = "params.yaml"
SECTION, OLD, NEW = "evaluate", "bootstrap_resamples", "ci_resamples"
OLD_DEFAULT = "1000"  # what every release before 1.0.0 rendered on the old line
STATE = "mlfolio-migration-1.0.0-ci-resamples"  # in the git directory: never committed
CONFLICT = "<<<<<<<"


def find(text: str, key: str) -> re.Match[str] | None:
    """`key: value` inside the top-level `evaluate:` section (group 2 is the value)."""
    section = re.search(rf"^{SECTION}:.*\n(?:(?:[ \t].*)?\n)*", text, re.MULTILINE)
    if section is None:
        return None
    line = re.compile(rf"^([ \t]+{key}:[ \t]*)([^\s#]+)", re.MULTILINE)
    return line.search(text, section.start(), section.end())


def replace_value(text: str, match: re.Match[str], value: str) -> str:
    return text[: match.start(2)] + value + text[match.end(2) :]


def before(project: Path, state: Path) -> str:
    params = project / PARAMS
    text = params.read_text(encoding="utf-8")
    old = find(text, OLD)
    if old is None or old[2] == OLD_DEFAULT:
        return "nothing to keep aside"
    state.write_text(old[2], encoding="utf-8")
    params.write_text(replace_value(text, old, OLD_DEFAULT), encoding="utf-8")
    git(project, "add", "--", PARAMS)
    return f"kept evaluate.{OLD} = {old[2]} aside during the update"


def after(project: Path, state: Path) -> str:
    params = project / PARAMS
    text = params.read_text(encoding="utf-8")
    kept = state.read_text(encoding="utf-8") if state.exists() else None
    if CONFLICT in text:
        # The merge left conflicts in params.yaml, for the student to resolve: their side
        # of the conflict gets their value back, and the message says what to keep.
        state.unlink(missing_ok=True)
        if kept is not None:
            for key in (OLD, NEW):
                line = re.compile(rf"^([ \t]+{key}:[ \t]*){OLD_DEFAULT}(?=\s)", re.MULTILINE)
                text, found = line.subn(rf"\g<1>{kept}", text, count=1)
                if found:
                    params.write_text(text, encoding="utf-8")
                    break
        value = f" = {kept}, your value" if kept else ""
        return f"{PARAMS} has conflicts: resolve them, keeping evaluate.{NEW}{value}"
    done = []
    if (old := find(text, OLD)) and not find(text, NEW):
        text = text[: old.start(1)] + old[1].replace(OLD, NEW, 1) + text[old.end(1) :]
        done.append(f"renamed evaluate.{OLD} to {NEW}")
    if kept is not None and (new := find(text, NEW)):
        text = replace_value(text, new, kept)
        done.append(f"evaluate.{NEW} = {kept} (your value)")
    if done:
        params.write_text(text, encoding="utf-8")
    if kept is not None:
        state.unlink()
        git(project, "reset", "--quiet", "--", PARAMS)  # undo the before stage's staging
    return "; ".join(done) or "nothing to do"


if __name__ == "__main__":
    sys.exit(
        main(
            sys.argv[1:],
            version="1.0.0",
            usage=__doc__.strip().splitlines()[-1],
            needs=PARAMS,
            state=STATE,
            stages={"before": before, "after": after},
        )
    )
