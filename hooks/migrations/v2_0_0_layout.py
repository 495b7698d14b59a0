"""Migration to 2.0.0: the package's modules moved into one folder per concern.

`src/<package>/features.py` is now `src/<package>/modeling/features.py`, `evaluate.py`
is `evaluation/evaluate.py`, and so on (MOVES below). Copier knows nothing of moves: it
would delete a module at its old path, edits and all, and write the release's copy at
the new one. So Copier runs this script twice when `copier update` crosses 2.0.0:

- before: render the project's old release with its answers (the student's starting
  point), and for each module the student changed, keep their version in the git
  directory and put the old release's copy back, so that Copier removes it cleanly;
- after: merge each kept edit into the module at its new place, three ways (the old
  release's copy as the base), exactly as Copier merges a file that did not move. An
  edit that clashes with the release is left between conflict markers, which
  `copier update --conflict inline` and the update wrapper report.

Modules the student never touched are left to Copier. Each stage does nothing when
there is nothing to do, so running it again, or on a project already on the new
layout, is harmless.

Usage: python hooks/migrations/v2_0_0_layout.py before|after [PROJECT]
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from _migration import git, main

# Old module (under src/<package>/) -> new place. Serving modules exist only with serving.
MOVES = {
    "ingest.py": "data/ingest.py",
    "validate.py": "data/validate.py",
    "prepare.py": "data/prepare.py",
    "columns.py": "data/columns.py",
    # The loaders of every dataset and their contracts are now one module, the chosen
    # dataset's: an edit of either meets that module, and any clash is marked.
    "schema.py": "data/dataset.py",
    "provenance.py": "data/provenance.py",
    "pii.py": "data/pii.py",
    "datasets.py": "data/dataset.py",
    "features.py": "modeling/features.py",
    "models.py": "modeling/models.py",
    "train.py": "modeling/train.py",
    "tracking.py": "modeling/tracking.py",
    "evaluate.py": "evaluation/evaluate.py",
    "metrics.py": "evaluation/metrics.py",
    "bootstrap.py": "evaluation/bootstrap.py",
    "calibration.py": "evaluation/calibration.py",
    "gate.py": "evaluation/gate.py",
    "leakage.py": "evaluation/leakage.py",
    "robustness.py": "evaluation/robustness.py",
    "slices.py": "evaluation/slices.py",
    "figures.py": "evaluation/figures.py",
    "ablation.py": "evaluation/ablation.py",
    "drift.py": "evaluation/drift.py",
    "security.py": "evaluation/security.py",
    "card.py": "reporting/card.py",
    "model_card.py": "reporting/model_card.py",
    "datasheet.py": "reporting/datasheet.py",
    "results.py": "reporting/results.py",
    "prose.py": "reporting/prose.py",
    "markdown.py": "reporting/markdown.py",
    "readiness.py": "reporting/readiness.py",
    "predict.py": "scoring/predict.py",
    "predictions.py": "scoring/predictions.py",
    "records.py": "scoring/records.py",
    "api.py": "serving/api.py",
    "api_models.py": "serving/api_models.py",
    "bench_serving.py": "serving/bench.py",
    "export.py": "serving/export.py",
    "onnx_model.py": "serving/onnx_model.py",
    "serving.py": "serving/loader.py",
}
ANSWERS = ".copier-answers.yml"
STATE = "mlfolio-migration-2.0.0-layout"  # a folder in the git directory: never committed
LABELS = ("your edit", "release 1", "release 2")


def render_old_release(project: Path, destination: Path) -> Path:
    """The project as its recorded release and answers made it, before any edit."""
    from copier import run_copy  # this script runs on Copier's own Python

    answers = yaml.safe_load((project / ANSWERS).read_text(encoding="utf-8"))
    run_copy(
        answers["_src_path"],
        destination,
        data={key: value for key, value in answers.items() if not key.startswith("_")},
        vcs_ref=answers["_commit"],
        defaults=True,
        skip_tasks=True,
        quiet=True,
    )
    return destination


def moved_modules(project: Path) -> list[tuple[str, str]]:
    """(old, new) paths, relative to the project, of the old modules still there."""
    found = []
    for package in sorted(path.parent for path in project.glob("src/*/__init__.py")):
        for old, new in MOVES.items():
            if (package / old).is_file():
                base = package.relative_to(project).as_posix()
                found.append((f"{base}/{old}", f"{base}/{new}"))
    return found


def before(project: Path, state: Path) -> str:
    moved = moved_modules(project)
    if not moved:
        return "nothing to move"
    if (state / "moves.json").is_file():
        return "your edits are already kept aside"
    kept = []
    with tempfile.TemporaryDirectory() as scratch:
        release = render_old_release(project, Path(scratch) / "release")
        for old, new in moved:
            original = release / old
            mine = (project / old).read_bytes()
            if original.is_file() and original.read_bytes() == mine:
                continue  # untouched: Copier replaces it with the release's module
            base = original.read_bytes() if original.is_file() else b""
            keep = state / str(len(kept))
            keep.mkdir(parents=True)
            (keep / "mine").write_bytes(mine)
            (keep / "base").write_bytes(base)
            kept.append({"old": old, "new": new, "folder": keep.name})
            # The old release's copy back at the old path: Copier deletes it without a fight.
            (project / old).write_bytes(base)
            git(project, "add", "--", old)
    state.mkdir(parents=True, exist_ok=True)
    (state / "moves.json").write_text(json.dumps(kept, indent=2), encoding="utf-8")
    names = ", ".join(entry["old"] for entry in kept) or "none edited"
    return f"kept your edits aside to move them: {names}"


def merge(project: Path, keep: Path, new: str) -> bool:
    """Your edit of the old module, applied to the release's module at its new place."""
    target = project / new
    if not target.is_file():
        # The release dropped the module: your version stands alone at the new place.
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((keep / "mine").read_bytes())
        return True
    result = subprocess.run(
        ["git", "merge-file", "-p", *(part for label in LABELS for part in ("-L", label))]
        + [str(keep / "mine"), str(keep / "base"), str(target)],
        capture_output=True,
        check=False,
    )
    if result.returncode < 0 or result.returncode > 127:
        raise RuntimeError(f"git merge-file failed on {new}: {result.stderr.decode()}")
    target.write_bytes(result.stdout)
    return result.returncode == 0


def after(project: Path, state: Path) -> str:
    moves = state / "moves.json"
    if not moves.is_file():
        return "nothing to do"
    clean, conflicts = [], []
    for entry in json.loads(moves.read_text(encoding="utf-8")):
        keep = state / entry["folder"]
        (clean if merge(project, keep, entry["new"]) else conflicts).append(entry["new"])
        if (project / entry["old"]).exists():
            (project / entry["old"]).unlink()
        git(project, "reset", "--quiet", "--", entry["old"])  # undo the before stage's staging
    shutil.rmtree(state)
    said = [f"moved your edits to {', '.join(clean)}"] if clean else []
    if conflicts:
        said.append(f"resolve the conflicts your edits met in {', '.join(conflicts)}")
    return "; ".join(said) or "nothing to do"


if __name__ == "__main__":
    sys.exit(
        main(
            sys.argv[1:],
            version="2.0.0",
            usage=__doc__.strip().splitlines()[-1],
            needs=ANSWERS,
            state=STATE,
            stages={"before": before, "after": after},
        )
    )
