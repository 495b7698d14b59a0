"""MkDocs hook: regenerate the question reference from copier.yml before every build."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate_questions  # noqa: E402


def on_pre_build(config, **kwargs) -> None:
    generate_questions.main()
