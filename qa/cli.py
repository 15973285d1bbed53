"""Command line: python -m qa {index,search,ask,chat} ... (imports stay lazy so --help is fast).

Training and evaluation are the lab's: python -m qa_lab {train,calibrate,eval-reader,eval}.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import textwrap
from dataclasses import asdict
from pathlib import Path

from .render import outranked_by_search


def _store_args(p):
    p.add_argument("--store", "--index", dest="index", default=None,
                   help="where the index lives: a folder, or a Milvus URI such as http://127.0.0.1:19530 "
                        "(default: $QA_STORE, else index/)")
    p.add_argument("--collection", default=None,
                   help="Milvus collection name (default: $QA_COLLECTION, else qa)")


def _where(settings) -> str:
    from .stores import is_remote

    where = settings.store or "index"
    return f"{where} (collection {settings.collection})" if is_remote(where) else f"{where}/"


def _common(p, corpus=False):
    _store_args(p)
    p.add_argument("--embedder", default=None, help="embedder: local folder or hub id (default: $QA_EMBEDDER or packaged all-MiniLM-L6-v2)")
    if corpus:
        p.add_argument("--corpus", nargs="*", default=None,
                       help="sync the index with these files/folders first (default: use the index as it is)")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _date_args(p):
    p.add_argument("--since", default=None, metavar="DATE",
                   help="only articles dated on or after DATE (2022-01-15, 2022-01 or 2022)")
    p.add_argument("--until", default=None, metavar="DATE", help="only articles dated on or before DATE")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="qa", description="Ask questions about a collection of articles.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("serve", help="start the chat and the JSON API (qa serve --help)", add_help=False)
    p = sub.add_parser("index", help="build or update the index so it matches these files/folders")
    p.add_argument("paths", nargs="+")
    p.add_argument("--watch", action="store_true", help="then keep the index matching the folders as files come, "
                                                         "change and go (Ctrl-C stops)")
    p.add_argument("--replace", action="store_true",
                   help="let the default index/ drop articles of another corpus (without it, that is refused)")
    _common(p)
    p = sub.add_parser("add", help="fetch an article (or an RSS/Atom feed's articles) from a link into the corpus")
    p.add_argument("url")
    p.add_argument("--corpus", required=True, help="the corpus folder to save the articles in (then indexed)")
    p.add_argument("--allow-private-urls", action="store_true", default=None,
                   help="allow loopback and private addresses (default: $QA_ALLOW_PRIVATE_URLS, else off)")
    _store_args(p)
    p.add_argument("--embedder", default=None)
    p = sub.add_parser("restore", help="list the corpus folder's trash, or restore a removed article from it")
    p.add_argument("name", nargs="?", help="the trashed file's name as listed (without it: list the trash)")
    p.add_argument("--corpus", required=True, help="the corpus folder whose trash to read")
    _store_args(p)
    p.add_argument("--embedder", default=None)
    p = sub.add_parser("search", help="the passages that best match a query")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=None, help="passages (default: $QA_K, else 5)")
    p.add_argument("--article", action="append", default=None, metavar="FILE",
                   help="search only this article (its file name in the corpus); repeat for several")
    _date_args(p)
    _common(p)
    for name, helptext in (("ask", "answer one question"), ("chat", "interactive questions with follow-ups")):
        p = sub.add_parser(name, help=helptext)
        if name == "ask":
            p.add_argument("question")
        p.add_argument("--k", type=int, default=None, help="passages retrieved per question (default: $QA_K, else 5; the reader reads the top ones, the rest only when unsure)")
        p.add_argument("--threshold", type=float, default=None, help="answer score needed (default: the model's calibrated one)")
        p.add_argument("--reader", default=None, help="reader: local folder or hub id (default: $QA_READER or the shipped reader)")
        p.add_argument("--article", action="append", default=None, metavar="FILE",
                       help="answer only from this article (its file name in the corpus); repeat for several")
        _date_args(p)
        _common(p, corpus=True)
    return ap


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1))


def _print_reply(reply, as_json: bool):
    if as_json:
        from .serialize import reply_json

        _print_json(reply_json(reply))
        return
    if reply.clarify:
        from .render import clarify_question

        print(clarify_question(reply.clarify))
        return
    if reply.rewritten:
        print(f"(interpreting as: {reply.question})")
    if reply.date_filter:
        from .render import date_filter_line

        print(f"({date_filter_line(reply.date_filter)})")
    if reply.answer is None and reply.unmentioned:
        c = reply.closest
        print(f"The articles don't mention {', '.join(reply.unmentioned)}.")
        print(f"  The closest is about something else: {c.text} ({c.hit.title} ¶{c.hit.paragraph_number})")
        return
    if reply.answer is None:
        print("I couldn't find that in the articles. Closest passages:")
        for h in reply.hits[:3]:
            print(f"  - {h.title} ¶{h.paragraph_number}: {textwrap.shorten(h.text, 110)}")
        return
    a, h = reply.answer, reply.hit
    print(f"Answer: {a.text}   (confidence {a.score:.2f})")
    if reply.dated_answers:
        print("Newest first: " + "; ".join(f"{day}: {x.text}" for day, x in reply.dated_answers))
    print(f"From:   {h.title}{f' ({h.date})' if h.date else ''}, paragraph {h.paragraph_number} ({h.source})")
    for x in reply.disagreeing:
        print(f"But:    {x.text} — {x.hit.title}{f' ({x.hit.date})' if x.hit.date else ''} (the articles disagree)")
    marked = h.text[:a.start] + "[[" + a.text + "]]" + h.text[a.end:]
    print(textwrap.indent(textwrap.fill(marked, 100), "  "))
    for c in reply.alternatives:
        o = c.hit
        why = (f"; search rank {c.passage_index + 1} vs the answer's {a.passage_index + 1}"
               if outranked_by_search(a, c) else "")
        print(f"  also: {c.text} ({c.score:.2f}, {o.title} ¶{o.paragraph_number}{why})")


def _where_to_read(settings) -> str:
    """The index to read: --store / QA_STORE; else ./index; else, when there is none here, the one
    `qa serve` keeps in the data folder (so `qa ask` after `qa serve --sample` finds its articles)."""
    from pathlib import Path

    from .settings import data_home

    if settings.store or Path("index").exists():
        return settings.store or "index"
    served = data_home(settings) / "index"
    return str(served) if (served / "manifest.json").exists() else "index"


def _service(args, settings, load_reader: bool = True):
    """The service the command talks to: over --corpus (synced first), or over the index as it is."""
    from .service import Service

    where = settings.store or "index" if getattr(args, "corpus", None) else _where_to_read(settings)
    if getattr(args, "corpus", None):
        return Service(args.corpus, where, None, settings.embedder or None, settings.reader or None, settings.k,
                       settings.collection, settings).load(progress=False, allow_empty=False)
    return Service.over_index(where, settings.embedder or None, settings.reader or None, settings.k,
                              settings.collection, settings, load_reader=load_reader)


def run(args, settings) -> int:
    if args.cmd == "index":
        from .embed import Embedder
        from .indexing import build_index

        others = [] if settings.store or args.replace else other_corpus_articles(args.paths, Path("index"))
        if others:
            print(f"index/ holds {len(others)} article(s) from outside {' '.join(args.paths)} (such as "
                  f"{others[0]}), which this would remove. Give this corpus its own index with "
                  f"--store DIR, or add --replace to make index/ hold only these files.", file=sys.stderr)
            return 2

        report = build_index(args.paths, settings.store or "index", progress=not args.json,
                             embedder=Embedder(settings.embedder or None), collection=settings.collection,
                             settings=settings)
        for w in report.warnings:
            print(f"warning: {w}", file=sys.stderr)
        if report.rebuilt_because:
            print(report.rebuilt_because, file=sys.stderr)
        print(json.dumps(asdict(report)) if args.json else f"{_where(settings)}: {report.summary()}")
        if args.watch:
            return _watch(args, settings)
    elif args.cmd == "restore":
        return _restore(args, settings)
    elif args.cmd == "add":
        return _add(args, settings)
    elif args.cmd == "search":
        hits = _service(args, settings, load_reader=False).search(args.query, settings.k, articles=args.article,
                                                                  since=args.since, until=args.until)
        if args.json:
            from .serialize import hit_json

            _print_json({"query": args.query, "hits": [hit_json(h) for h in hits]})
        for i, h in enumerate(hits if not args.json else [], 1):
            print(f"{i}. [{h.score:.4f}] {h.title}{f' ({h.date})' if h.date else ''} ¶{h.paragraph_number} ({h.source})")
            print(textwrap.indent(textwrap.fill(h.text, 100), "   "))
    elif args.cmd == "ask":
        service = _service(args, settings)
        _print_reply(service.ask(args.question, k=settings.k, threshold=args.threshold, articles=args.article,
                                 since=args.since, until=args.until), args.json)
    elif args.cmd == "chat":
        return _chat(_service(args, settings), args)
    return 0


def _watch(args, settings) -> int:
    import threading

    from . import watch
    from .embed import Embedder
    from .indexing import build_index

    embedder = Embedder(settings.embedder or None)
    print(f"Watching {', '.join(args.paths)} (Ctrl-C stops)...", flush=True)

    def rebuild():
        return build_index(args.paths, settings.store or "index", progress=False, embedder=embedder,
                           collection=settings.collection, settings=settings)

    try:
        watch.follow(args.paths, rebuild, threading.Event(), say=lambda what: print(
            f"{_where(settings)}: {what}", flush=True))
    except KeyboardInterrupt:
        pass
    return 0


def _add(args, settings) -> int:
    """Fetch, save into the corpus folder, index: the same steps as the chat's "Add from link", without
    loading the reader."""
    from pathlib import Path

    from . import fetch
    from .embed import Embedder
    from .indexing import build_index

    folder = Path(args.corpus)
    saved, skipped = fetch.save(args.url, folder, allow_private=settings.allow_private_urls)
    for line in skipped:
        print(line, file=sys.stderr)
    for path, article in saved:
        print(f"Added {path.name}: {article.title}{f' ({article.date})' if article.date else ''}")
    added = [path for path, _ in saved]
    if added:
        report = build_index(folder, settings.store or "index", progress=False,
                             embedder=Embedder(settings.embedder or None), collection=settings.collection,
                             settings=settings)
        print(f"{_where(settings)}: {report.summary()}")
    return 0


def _restore(args, settings) -> int:
    from pathlib import Path

    from . import uploads

    folder = Path(args.corpus)
    if not folder.is_dir():
        print(f"error: {folder}: no such corpus folder", file=sys.stderr)
        return 2
    if not args.name:
        names = uploads.trashed(folder)
        if not names:
            print(f"The trash of {folder}/ is empty.")
        for n in names:
            print(f"{n}    (was {uploads.original_name(n)})")
        return 0
    back = uploads.restore_file(args.name, folder)
    print(f"Restored {back}")
    from .embed import Embedder
    from .indexing import build_index

    report = build_index(folder, settings.store or "index", progress=False,
                         embedder=Embedder(settings.embedder or None), collection=settings.collection,
                         settings=settings)
    print(f"{_where(settings)}: {report.summary()}")
    return 0


def _chat(service, args) -> int:
    from .errors import QAError

    history = []
    print("Ask about the articles (empty line or Ctrl-D to quit).")
    while True:
        try:
            q = input("> ")
        except EOFError:
            print()
            return 0
        if not q.strip():
            return 0
        try:
            reply = service.ask(q, history, threshold=args.threshold, articles=args.article, since=args.since,
                                until=args.until)
            if reply.clarify:
                _print_reply(reply, args.json)
                pick = input("> ").strip()
                chosen = next((c for c in reply.clarify if c.lower() == pick.lower()), None)
                if chosen is None:
                    continue  # not one of them: a new question
                reply = service.ask(q, history, threshold=args.threshold, articles=args.article, person=chosen,
                                    since=args.since, until=args.until)
        except EOFError:
            print()
            return 0
        except QAError as e:
            print(f"error: {e}")
            continue
        _print_reply(reply, args.json)
        history.append((q, reply))


# Terminal control sequences (colour, title, clear screen) and other control characters: article text
# printed as it is could drive the terminal ("ESC]0;...", "ESC[2J"). Newlines, tabs and \r stay.
_TERMINAL_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?"
                               r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class PlainText:
    """A text stream that writes everything but terminal control characters (and, unless
    ``keep_cr``, a carriage return that would let text overwrite the line: stderr keeps it for the
    progress bars)."""

    def __init__(self, stream, keep_cr: bool = False):
        self._stream, self._keep_cr = stream, keep_cr

    def write(self, text):
        text = _TERMINAL_CONTROL.sub("", text)
        return self._stream.write(text if self._keep_cr else re.sub(r"\r(?!\n)", "", text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def other_corpus_articles(paths, index_dir: Path) -> list[str]:
    """The sources of the articles in index_dir that lie outside every one of paths: another
    corpus's, which building index_dir from paths would silently drop."""
    try:
        documents = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))["documents"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    wanted = [Path(p).resolve() for p in paths]
    out = []
    for meta in documents.values() if isinstance(documents, dict) else []:
        source = Path(str(meta.get("source", ""))).resolve() if isinstance(meta, dict) else None
        if source and not any(source == w or w in source.parents for w in wanted):
            out.append(Path(str(meta.get("source"))).name)
    return sorted(set(out))


def main(argv=None) -> int:
    if not isinstance(sys.stdout, PlainText):
        sys.stdout, sys.stderr = PlainText(sys.stdout), PlainText(sys.stderr, keep_cr=True)
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["serve"]:
        from .server import main as serve

        return serve(argv[1:])
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    from .errors import QAError
    from .settings import Settings, apply_process_defaults, use

    try:
        settings = use(Settings.from_env(store=args.index, collection=args.collection,
                                         k=getattr(args, "k", None), embedder=getattr(args, "embedder", None),
                                         reader=getattr(args, "reader", None),
                                         allow_private_urls=getattr(args, "allow_private_urls", None)))
        apply_process_defaults(settings)
        return run(args, settings)
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
