"""The service every face calls (the chat, the JSON API, the CLI, the server): the assistant, loaded
in the background or at once, plus the corpus folder it keeps articles in.

Faces ask, search, list, open, add, remove and restore through here; none reaches into the
assistant's retriever or store. Methods that need the models wait for them while they load.
"""
from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

from . import uploads
from .errors import QAError
from .settings import Settings, current
from .stores import IndexWriteFailed, as_location

log = logging.getLogger("qa")
SAMPLE = Path(__file__).parent / "sample" / "nato_russia_talks.txt"
LOAD_WAIT_S = 300  # a question during start-up waits this long for the models


class Service:
    """The assistant (loaded in the background by start(), or at once by load()) and where its
    articles live (``upload_dir``: the corpus folder uploads go to)."""

    def __init__(self, paths, index_dir, upload_dir: Path | None = None, embedder=None, reader=None,
                 k: int | None = None, collection: str | None = None, settings: Settings | None = None):
        self.settings = settings or current()
        self.index_dir = as_location(index_dir)  # a folder, or a server URI (collection names it there)
        self.paths, self.collection = paths, collection
        self.upload_dir = Path(upload_dir) if upload_dir is not None else None
        self.embedder, self.reader, self.k = embedder, reader, k or self.settings.k
        self._ready = threading.Event()
        self._assistant = None
        self.error: str | None = None
        self.warning: str | None = None  # serving, but not all is well (the index could not be updated)
        self.last_change: str | None = None  # what the watched folder last brought (qa serve --watch)
        self.watching = None  # watch.WatchState while the folder is watched
        self.started = time.perf_counter()
        self.loaded_s: float | None = None

    # --- loading ------------------------------------------------------------------------------
    def start(self) -> "Service":
        threading.Thread(target=self._load, name="qa-load-models", daemon=True).start()
        return self

    def load(self, progress: bool = False, allow_empty: bool = True) -> "Service":
        """Load now (the CLI): a QAError is raised, not kept."""
        from .assistant import Assistant

        self._assistant = Assistant.from_corpus(self.paths, self.index_dir, embedder=self.embedder,
                                                reader=self.reader, k=self.k, progress=progress,
                                                allow_empty=allow_empty, collection=self.collection,
                                                settings=self.settings)
        self.loaded_s = time.perf_counter() - self.started
        self._ready.set()
        return self

    @classmethod
    def over_index(cls, index_dir, embedder=None, reader=None, k: int | None = None, collection=None,
                   settings: Settings | None = None, load_reader: bool = True) -> "Service":
        """A loaded service over an index as it is (no corpus to sync)."""
        from .assistant import Assistant
        from .embed import Embedder
        from .reader import Reader
        from .retrieve import Retriever

        self = cls(None, index_dir, None, embedder, reader, k, collection, settings)
        retriever = Retriever.load(index_dir, Embedder(embedder) if embedder else None, collection=collection,
                                   settings=self.settings)
        self._assistant = Assistant(retriever, Reader.load(reader) if load_reader else None, index_dir=index_dir,
                                    k=self.k, collection=collection, settings=self.settings)
        self._ready.set()
        return self

    def _load(self) -> None:
        try:
            try:
                self.load(allow_empty=True)
            except IndexWriteFailed as e:
                # A full disk or a read-only folder: the index already there is served as it is (the
                # next start tries the update again), and the page says why it is not up to date.
                self._assistant = self._over_existing_index()
                self.loaded_s = time.perf_counter() - self.started
                self.warning = self.without_paths(str(e))
                log.warning("%s; serving the index as it was", e)
            self._assistant.warm_up()  # the query embedder, BM25 and the reader, before the first question
            report = self._assistant.report
            log.info("Index %s: %s; models loaded in %.1f s", self._assistant.describe().location,
                     report.summary() if report else "as it was", self.loaded_s)
        except QAError as e:
            self.error = self.without_paths(str(e))  # shown on the page and by the API
            log.error("error: %s", e)
        except Exception as e:  # noqa: BLE001 - shown on the page and in every reply, not a traceback
            self.error = f"The models could not be loaded ({type(e).__name__}: {e})"
            log.exception("loading failed")
        finally:
            self._ready.set()

    def _over_existing_index(self):
        from .assistant import Assistant
        from .embed import Embedder
        from .reader import Reader
        from .retrieve import Retriever

        retriever = Retriever.load(self.index_dir, Embedder(self.embedder) if self.embedder else None,
                                   collection=self.collection, settings=self.settings)
        return Assistant(retriever, Reader.load(self.reader), self.paths, self.index_dir, k=self.k,
                         allow_empty=True, collection=self.collection, settings=self.settings)

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._assistant is not None

    def assistant(self, wait: float = LOAD_WAIT_S):
        """The assistant, waiting for it while it loads."""
        if not self._ready.wait(wait):
            raise QAError("Still loading the models; try again in a moment.")
        if self.error:
            raise QAError(self.error)
        return self._assistant

    def status(self) -> str:
        if not self._ready.is_set():
            return "⏳ Loading models…"
        from .render import md_text  # the status line is Markdown: what files and errors say is shown as text

        if self.error:
            return f"⚠ {md_text(self.error)}"
        docs = len(self._assistant.articles())
        ready = f"Ready: {docs} article{'s' if docs != 1 else ''}." if docs else "Ready. No articles yet."
        watching = self.watching
        line = "" if watching is None else watching.line()
        line = md_text(line[:1].upper() + line[1:]) if line else ""
        watch_line = "" if not line else f" ⚠ {line}." if watching.state != "watching" else f" {line}."
        return (ready + (f" ⚠ {md_text(self.warning)}" if self.warning else "") + watch_line
                + (f" Watched folder, {md_text(self.last_change)}." if self.last_change else ""))

    def threshold(self) -> float:
        """The reader's calibrated threshold, read without loading it (the chat's slider starts there)."""
        from .reader import stored_threshold

        try:
            return round(stored_threshold(self.reader), 3)
        except QAError:
            return 0.3

    # --- asking -------------------------------------------------------------------------------
    def ask(self, question, history=(), k=None, threshold=None, articles=None, person=None, since=None, until=None,
            date_phrases=True, wait=LOAD_WAIT_S):
        return self.assistant(wait).ask(question, history, k=k, threshold=threshold, articles=articles or None,
                                        person=person, since=since, until=until, date_phrases=date_phrases)

    def search(self, query, k=None, articles=None, since=None, until=None, wait=LOAD_WAIT_S):
        return self.assistant(wait).search(query, k, articles=articles or None, since=since, until=until)

    def articles(self, wait=LOAD_WAIT_S):
        return self.assistant(wait).articles()

    def source(self, doc_id: str, wait=LOAD_WAIT_S):
        """(Article, its paragraphs) for the source panel, or None when it is no longer indexed."""
        return self.assistant(wait).article(doc_id)

    def describe(self, wait=LOAD_WAIT_S):
        return self.assistant(wait).describe()

    # --- a watched corpus ---------------------------------------------------------------------
    def watch(self) -> threading.Event:
        """Follow the corpus folders once the models are loaded: new, changed and removed files are
        indexed within seconds (qa/watch.py). Returns the event that stops it."""
        from . import watch

        stop = threading.Event()
        folders = [Path(p) for p in (self.paths if isinstance(self.paths, (list, tuple)) else [self.paths])
                   if p and Path(p).is_dir()]

        self.watching = watch.WatchState()

        def run():
            if not self._ready.wait(LOAD_WAIT_S) or self.error:
                self.watching.state = "stopped"
                return
            watch.follow(folders, self.reindex, stop, say=self._changed, state=self.watching)

        threading.Thread(target=run, name="qa-watch", daemon=True).start()
        return stop

    def _changed(self, what: str) -> None:
        self.last_change = f"{time.strftime('%H:%M:%S')} — {self.without_paths(what)}"
        log.info("watched folder: %s", what)

    # --- the corpus folder --------------------------------------------------------------------
    def reindex(self):
        return self.assistant().reindex()

    def add_sample(self) -> tuple[Path, bool]:
        """Copy the sample article (shipped in the package) into the corpus folder: (where, whether it
        was new)."""
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        dest = self.upload_dir / SAMPLE.name
        if dest.exists():
            return dest, False
        shutil.copyfile(SAMPLE, dest)
        return dest, True

    def add_files(self, files) -> tuple[list[Path], list[str], object]:
        """Copy uploaded files (paths with their original names) into the corpus and index them:
        (files added, problems, the build report or None). When indexing fails the copies are undone."""
        added, problems = [], []
        for path, original in files:
            try:
                added.append(uploads.add_file(path, original, self.upload_dir))
            except QAError as e:
                problems.append(str(e))
        added, more, report = self._index_added(added)
        return added, problems + more, report

    def _index_added(self, added: list[Path]):
        """Index files just added to the corpus: (those kept, problems, the report or None). When
        indexing fails the index on disk is untouched, and the files are taken out again."""
        if not added:
            return [], [], None
        try:
            report = self.reindex()
        except Exception as e:  # noqa: BLE001 - said on the page, never a traceback
            log.exception("indexing new articles failed")
            for p in added:
                p.unlink(missing_ok=True)
            return [], [self.without_paths(f"Indexing failed, nothing was added ({type(e).__name__}: {e})")], None
        return added, [self.without_paths(w) for w in report.warnings], report

    def without_paths(self, message: str) -> str:
        """A message for the page: where the corpus and the index live on the server taken out."""
        places = []
        if self.upload_dir is not None:
            places += [(str(self.upload_dir.resolve()), "the corpus folder"), (str(self.upload_dir), "the corpus folder")]
        if isinstance(self.index_dir, Path):
            places += [(str(self.index_dir.resolve()), "the index folder"), (str(self.index_dir), "the index folder")]
        for folder, name in sorted(set(places), key=lambda p: -len(p[0])):
            message = message.replace(folder + "/", f"{name}/" if name == "the index folder" else "")
            message = message.replace(folder, name)
        return message

    def add_url(self, url: str):
        """Fetch an article (or a feed's articles) from a link into the corpus and index it: (files
        added, problems, the build report or None). Links already added are skipped (fetch.save)."""
        from . import fetch

        saved, skipped = fetch.save(url, self.upload_dir, allow_private=self.settings.allow_private_urls)
        added, problems, report = self._index_added([path for path, _ in saved])
        return added, skipped + problems, report

    def removable(self) -> list[tuple[str, str]]:
        """(label, path relative to the corpus folder) of each article file that can be removed from
        the page. Relative, so the page never shows where the corpus lives on disk."""
        folder, seen, out = self.upload_dir.resolve(), set(), []
        for a in self.articles():
            path = Path(a.source).resolve()
            if folder not in path.parents or path in seen:
                continue
            seen.add(path)
            rel = path.relative_to(folder).as_posix()
            out.append((f"{a.title} ({rel})", rel))
        return out

    def remove(self, rel: str):
        """Move an article file of the corpus to its trash and re-index: the build report."""
        uploads.remove_file(rel, self.upload_dir)
        return self.reindex()

    def trash(self) -> list[str]:
        return list(reversed(uploads.trashed(self.upload_dir)))

    def restore(self, trash_name: str):
        """Put a trashed article back and re-index: (where it went, the build report)."""
        back = uploads.restore_file(trash_name, self.upload_dir)
        return back, self.reindex()
