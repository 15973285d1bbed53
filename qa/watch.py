"""A watched corpus: new, changed and removed article files picked up without a rebuild by hand
(`qa serve --watch`, `qa index --watch`).

watchfiles (Rust notify underneath) reports changes in batches: a batch is yielded once 50 ms pass
without a new change, or after DEBOUNCE_MS at most, so a file being copied in is indexed once it is
whole, and a burst of files in one build (`benchmarks/results/watch.json`: picked up and answered
0.23 s after the drop, p50 of 5, with 321 questions answered meanwhile). One build
runs at a time (the index folder's writer lock), and questions never wait: the assistant swaps in the
new index when it is built. Dot-files and folders (the trash, an upload's temporary file) and
unsupported types are ignored.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from .documents import SUPPORTED

log = logging.getLogger("qa")
DEBOUNCE_MS = 800  # the longest a batch of changes is held before it is indexed


def _article_file(change, path: str) -> bool:
    p = Path(path)
    return p.suffix.lower() in SUPPORTED and not any(part.startswith(".") for part in p.parts)


def changes(folders, stop: threading.Event):
    """Batches of changed article files under folders, until stop is set (each a set of paths)."""
    import watchfiles

    folders = [str(f) for f in folders if Path(f).is_dir()]
    if not folders:
        return
    for batch in watchfiles.watch(*folders, watch_filter=_article_file, debounce=DEBOUNCE_MS, step=50,
                                  stop_event=stop, raise_interrupt=False, yield_on_timeout=False):
        yield {path for _, path in batch}


def follow(folders, rebuild, stop: threading.Event, say=log.info) -> None:
    """Call rebuild() after each batch of changes (it returns a BuildReport), saying what changed; a
    failing build is a warning and the watch goes on."""
    for batch in changes(folders, stop):
        try:
            report = rebuild()
        except Exception as e:  # noqa: BLE001 - one bad build never stops the watch
            log.warning("after changes to %d file(s) the index could not be updated: %s", len(batch), e)
            continue
        if report.changed:
            say(describe(report))
        for w in report.warnings:
            log.warning("%s", w)


def describe(report) -> str:
    """What a build changed, for a person: "added a.md; removed b.md (2 warnings)"."""
    parts = []
    for name in ("added", "updated", "removed"):
        files = getattr(report, name)
        if files:
            parts.append(f"{name} {', '.join(files[:5])}{' …' if len(files) > 5 else ''}")
    if report.warnings:
        parts.append(f"{len(report.warnings)} file(s) skipped: {'; '.join(report.warnings[:3])}")
    return "; ".join(parts) or "no change"
