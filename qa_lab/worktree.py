"""Another commit of this repository checked out beside it, for before/after benchmarks in one run."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def checkout(commit: str, repo: Path):
    """(scratch folder, work tree at commit): a detached git worktree, removed with the folder after."""
    work = Path(tempfile.mkdtemp(prefix="qa-before-"))
    tree = work / "tree"
    subprocess.run(["git", "worktree", "add", "-q", "--detach", str(tree), commit], cwd=repo, check=True)
    try:
        yield work, tree
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=repo)
        shutil.rmtree(work, ignore_errors=True)
