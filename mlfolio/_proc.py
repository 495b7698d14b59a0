"""How the tools run a command: one helper for subprocesses, one for git.

A command that fails raises CommandError, whose message says what ran, where, and the
last lines it printed: the tools print that message, never a traceback.
"""

import os
import shlex
import subprocess
from collections.abc import Sequence
from pathlib import Path

# A generated project's own `uv` must not inherit the caller's environment (nox's venv).
NOT_INHERITED = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "UV_PYTHON")
# Lines of a failing command's output a CommandError quotes.
QUOTED = 5


class CommandError(Exception):
    """A command that could not start, took too long, or (with check) exited non-zero."""

    def __init__(self, message: str, returncode: int | None = None, output: str = "") -> None:
        super().__init__(message)
        self.returncode = returncode  # None: it never finished
        self.output = output  # stdout, then stderr


class CommandTimeout(CommandError):
    """A command stopped at its time limit."""


def project_env(*also_unset: str, **extra: str) -> dict[str, str]:
    """This process's environment for a command of a generated project: without the
    variables that would point its `uv` elsewhere (and `also_unset`), plus `extra`."""
    unset = {*NOT_INHERITED, *also_unset}
    return {name: value for name, value in os.environ.items() if name not in unset} | extra


def run(
    command: Sequence[str | Path],
    cwd: Path | None = None,
    *,
    check: bool = True,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `command` with its output captured as text and no input.

    Raises CommandError when it cannot start or reaches `timeout`, and, with `check`,
    when it exits non-zero.
    """
    words = [str(word) for word in command]
    shown = f"`{shlex.join(words)}`" + (f" in {cwd}" if cwd else "")
    try:
        result = subprocess.run(
            words,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        message = f"{shown} took longer than {timeout:g} s"
        raise CommandTimeout(message, None, _text(error)) from None
    except OSError as error:  # the command, or the folder to run it in, is missing
        missing = error.filename or words[0]
        raise CommandError(f"{shown} could not start: {error.strerror}: {missing}") from None
    if check and result.returncode != 0:
        output = result.stdout + result.stderr
        last = [line for line in output.splitlines() if line.strip()][-QUOTED:]
        said = ":\n" + "\n".join(f"  {line}" for line in last) if last else ""
        raise CommandError(f"{shown} exited {result.returncode}{said}", result.returncode, output)
    return result


def _text(error: subprocess.TimeoutExpired) -> str:
    parts = (error.stdout, error.stderr)
    return "".join(p.decode(errors="replace") if isinstance(p, bytes) else p or "" for p in parts)


def git(repo: Path, *args: str, check: bool = True) -> str:
    """Git's output in `repo`, stripped; without check, "" when git fails."""
    result = run(["git", *args], repo, check=check)
    return result.stdout.strip() if result.returncode == 0 else ""


def commit_all(repo: Path, message: str) -> None:
    """Commit everything in the work tree, with no commit hook (the caller judges)."""
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-verify", "-m", message)
