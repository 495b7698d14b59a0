"""Regenerate the docs' figures from a real project: `nox -s figures`.

Renders a default project from the working tree, runs its pipeline and copies its
figures and the README's results section into docs/assets/, so the pictures in the docs
are those a student gets today.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "docs" / "assets"
RESULTS = re.compile(r"<!-- results:start -->\n(.*?)<!-- results:end -->", re.S)
# The results section links the project's own files; on the site, figures live in
# assets/ and the card and datasheet are not pages, so they become plain text.
FIGURE_LINK = re.compile(r"\]\(reports/figures/")
FILE_LINK = re.compile(r"\[([^\]]+)\]\((\w+\.md)\)")


def run(*command: str, cwd: Path) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="mlfolio-figures-") as tmp:
        project = Path(tmp) / "demo"
        copier = Path(sys.executable).with_name("copier")
        run(str(copier), "copy", "-q", "--trust", "--defaults", str(ROOT), str(project), cwd=ROOT)
        run("uv", "run", "dvc", "repro", cwd=project)
        ASSETS.mkdir(parents=True, exist_ok=True)
        for png in sorted((project / "reports" / "figures").glob("*.png")):
            shutil.copy2(png, ASSETS / png.name)
            print(f"copied {png.name}")
        readme = (project / "README.md").read_text(encoding="utf-8")
        results = FIGURE_LINK.sub("](assets/", RESULTS.search(readme).group(1))
        results = FILE_LINK.sub(r"\1 (`\2`)", results)
        (ASSETS / "readme-results.md").write_text(results, encoding="utf-8")
        print("wrote docs/assets/readme-results.md")


if __name__ == "__main__":
    main()
