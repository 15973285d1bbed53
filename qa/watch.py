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
import os
import threading
from dataclasses import dataclass, field
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


@dataclass
class WatchState:
    """What the watch is doing, for the status line and /api/status: "watching", "restarting" (after
    an error, with back-off) or "stopped"; the last error; how many times it was restarted."""
    state: str = "starting"
    error: str = ""
    restarts: int = 0
    skipped_names: list = field(default_factory=list)

    def line(self) -> str:
        if self.state == "watching":
            return "watching the corpus folder" + (f" (restarted {self.restarts}×)" if self.restarts else "")
        if self.state == "restarting":
            return f"the folder watch failed ({self.error}); restarting"
        return f"the folder watch is {self.state}" + (f" ({self.error})" if self.error else "")


def undecodable_names(folders) -> list[str]:
    """Files and folders under folders whose names are not valid UTF-8, each as its escaped bytes
    (b'caf\\xe9.txt'): the Rust watcher cannot decode them, so they are named in one warning."""
    out = []
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(os.fsencode(folder)):
            dirnames[:] = [d for d in dirnames if not d.startswith(b".")]
            for name in dirnames + filenames:
                try:
                    name.decode("utf-8")
                except UnicodeDecodeError:
                    out.append(repr(name))
    return out


def follow(folders, rebuild, stop: threading.Event, say=log.info, state: WatchState | None = None,
           max_backoff: float = 30.0) -> None:
    """Call rebuild() after each batch of changes (it returns a BuildReport), saying what changed; a
    failing build is a warning and the watch goes on. The watch itself is supervised: any error of the
    watcher (a file name it cannot decode, a folder gone) is logged, and it is started again after a
    back-off (1 s, doubling to max_backoff), with a rebuild that catches up what changed meanwhile."""
    state = state or WatchState()
    backoff = 1.0
    while not stop.is_set():
        try:
            state.state = "watching"
            for batch in changes(folders, stop):
                _rebuild(rebuild, len(batch), say)
                backoff = 1.0
            if not stop.is_set():  # the watcher ended by itself (a folder gone): a failure, restarted
                raise RuntimeError("the watcher stopped")
            break
        except Exception as e:  # noqa: BLE001 - the watch must outlive any error of the watcher
            state.state, state.error = "restarting", f"{type(e).__name__}: {str(e)[:120]}"
            names = [n for n in undecodable_names(folders) if n not in state.skipped_names]
            if names:
                state.skipped_names += names
                log.warning("skipped %d file(s) whose names are not UTF-8: %s", len(names), ", ".join(names[:5]))
            log.warning("the folder watch stopped (%s); restarting in %.0f s", state.error, backoff)
            if stop.wait(backoff):
                break
            backoff = min(2 * backoff, max_backoff)
            state.restarts += 1
            _rebuild(rebuild, 0, say)
    state.state = "stopped"


def _rebuild(rebuild, changed: int, say) -> None:
    try:
        report = rebuild()
    except Exception as e:  # noqa: BLE001 - one bad build never stops the watch
        log.warning("after changes to %d file(s) the index could not be updated: %s", changed, e)
        return
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
