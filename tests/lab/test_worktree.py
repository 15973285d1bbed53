"""qa_lab.worktree.checkout: another commit beside the checkout for before/after benchmarks, cleaned up after."""
import subprocess
from pathlib import Path

from qa_lab.worktree import checkout

ROOT = Path(__file__).resolve().parents[2]


def test_checkout_gives_that_commits_tree_and_removes_it_after():
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    with checkout(head, ROOT) as (work, tree):
        assert (tree / "pyproject.toml").read_text() == subprocess.run(
            ["git", "show", f"{head}:pyproject.toml"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        assert tree.parent == work
    assert not work.exists()
    listed = subprocess.run(["git", "worktree", "list"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert str(tree) not in listed
