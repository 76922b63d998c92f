"""The plain ``.git/hooks/pre-commit`` written by ``textkeep install-hook``.

For people who do not use the pre-commit framework: the same two checks as the framework's
``textkeep-check`` and ``textkeep-archive`` hooks, through the ordinary commands. Unlike the
framework, a plain hook does not set unstaged changes aside, so ``fix --check`` reads the files
as they are in the work tree.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HOOK_MARK", "HookExistsError", "InstalledHook", "hook_script", "install_hook"]

# Recognises our own script, so a re-install can say what it replaces.
HOOK_MARK = "written by `textkeep install-hook`"


class HookExistsError(FileExistsError):
    """A pre-commit hook is already there and --force was not given."""


@dataclass(frozen=True)
class InstalledHook:
    path: Path
    replaced: bool  # an earlier hook was overwritten (--force)
    replaced_ours: bool  # ... and it was one this command had written

    def to_dict(self) -> dict:
        return {
            "path": str(self.path),
            "replaced": self.replaced,
            "replaced_ours": self.replaced_ours,
        }


def hook_script(textkeep: str, raw_folder: str, clean_folder: str) -> str:
    """The hook's text; folders are relative to the repository top, POSIX form."""
    quoted = shlex.quote(textkeep)
    skip_raw = shlex.quote(f":(top,exclude){raw_folder}")
    skip_clean = shlex.quote(f":(top,exclude){clean_folder}")
    return f"""#!/bin/sh
# pre-commit hook {HOOK_MARK}: the checks of the
# textkeep-check and textkeep-archive hooks of the pre-commit framework, without it.
# TEXTKEEP=<command> runs another textkeep.
default={quoted}
textkeep="${{TEXTKEEP:-$default}}"
command -v "$textkeep" >/dev/null 2>&1 || textkeep=textkeep

# Staged text outside the archive must be clean: no mojibake, UTF-8, LF, no stray blanks.
# (xargs may split a long list; sh -c runs nothing when no file is staged.)
git diff --cached --name-only -z --diff-filter=ACMR -- . {skip_raw} {skip_clean} \\
    | xargs -0 sh -c 'test "$#" -eq 0 || exec "$0" fix --check --skip-binary -- "$@"' "$textkeep" \\
    || exit 1

# clean/ follows raw/, and the originals in raw/ never change.
exec "$textkeep" archive --staged
"""


def _textkeep_command() -> str:
    """The console script beside this interpreter, so the hook works without an active venv."""
    beside = shutil.which("textkeep", path=os.path.dirname(sys.executable))
    return beside or shutil.which("textkeep") or "textkeep"


def _git(args: list[str], cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise OSError(done.stderr.strip() or "not inside a git work tree")
    return done.stdout.rstrip("\n")


def install_hook(
    raw_dir: Path, clean_dir: Path, *, force: bool = False, cwd: Path | None = None
) -> InstalledHook:
    """Write the repository's pre-commit hook (core.hooksPath respected).

    Raises :class:`HookExistsError` when one exists and ``force`` is false, ``OSError`` outside
    a git work tree.
    """
    cwd = cwd or Path.cwd()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd)).resolve()
    hook = Path(_git(["rev-parse", "--git-path", "hooks/pre-commit"], cwd))
    if not hook.is_absolute():
        hook = cwd / hook
    folders = [Path(os.path.relpath(d.resolve(), top)).as_posix() for d in (raw_dir, clean_dir)]
    replaced = hook.exists() or hook.is_symlink()
    replaced_ours = False
    if replaced:
        if not force:
            raise HookExistsError(f"{hook} exists; --force replaces it")
        try:
            replaced_ours = HOOK_MARK in hook.read_text("utf-8", "replace")
        except OSError:
            replaced_ours = False
        hook.unlink()
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(hook_script(_textkeep_command(), *folders), encoding="utf-8")
    mode = hook.stat().st_mode
    hook.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return InstalledHook(hook, replaced, replaced_ours)
