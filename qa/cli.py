"""Command line: python -m qa {index,search,ask,chat} ... (imports stay lazy so --help is fast).

Training and evaluation are the lab's: python -m qa_lab {train,calibrate,eval-reader,eval}.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import textwrap
from dataclasses import asdict

from .render import outranked_by_search


def _store_args(p):
    p.add_argument("--store", "--index", dest="index", default=os.environ.get("QA_STORE") or "index",
                   help="where the index lives: a folder, or a Milvus URI such as http://127.0.0.1:19530 "
                        "(default: $QA_STORE, else index/)")
    p.add_argument("--collection", default=None,
                   help="Milvus collection name (default: $QA_COLLECTION, else qa)")


def _where(args) -> str:
    from .milvus_store import collection_name, is_milvus_uri

    return (f"{args.index} (collection {collection_name(args.collection)})" if is_milvus_uri(args.index)
            else f"{args.index}/")


def _common(p, corpus=False):
    _store_args(p)
    p.add_argument("--embedder", default=None, help="embedder: local folder or hub id (default: $QA_EMBEDDER or packaged all-MiniLM-L6-v2)")
    if corpus:
        p.add_argument("--corpus", nargs="*", default=None,
                       help="sync the index with these files/folders first (default: use the index as it is)")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="qa", description="Ask questions about a collection of articles.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("serve", help="start the chat and the JSON API (qa serve --help)", add_help=False)
    p = sub.add_parser("index", help="build or update the index so it matches these files/folders")
    p.add_argument("paths", nargs="+")
    _common(p)
    p = sub.add_parser("restore", help="list the corpus folder's trash, or restore a removed article from it")
    p.add_argument("name", nargs="?", help="the trashed file's name as listed (without it: list the trash)")
    p.add_argument("--corpus", required=True, help="the corpus folder whose trash to read")
    _store_args(p)
    p.add_argument("--embedder", default=None)
    p = sub.add_parser("search", help="the passages that best match a query")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--article", action="append", default=None, metavar="FILE",
                   help="search only this article (its file name in the corpus); repeat for several")
    _common(p)
    for name, helptext in (("ask", "answer one question"), ("chat", "interactive questions with follow-ups")):
        p = sub.add_parser(name, help=helptext)
        if name == "ask":
            p.add_argument("question")
        p.add_argument("--k", type=int, default=5, help="passages retrieved per question (default 5; the reader reads the top ones, the rest only when unsure)")
        p.add_argument("--threshold", type=float, default=None, help="answer score needed (default: the model's calibrated one)")
        p.add_argument("--reader", default=None, help="reader: local folder or hub id (default: $QA_READER or the shipped reader)")
        p.add_argument("--article", action="append", default=None, metavar="FILE",
                       help="answer only from this article (its file name in the corpus); repeat for several")
        _common(p, corpus=True)
    return ap


def _print_reply(reply, as_json: bool):
    if as_json:
        print(json.dumps(reply.to_dict() | {"article": reply.hit.title if reply.hit else None},
                         ensure_ascii=False, indent=1))
        return
    if reply.clarify:
        from .render import clarify_question

        print(clarify_question(reply.clarify))
        return
    if reply.rewritten:
        print(f"(interpreting as: {reply.question})")
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
    print(f"From:   {h.title}, paragraph {h.paragraph_number} ({h.source})")
    marked = h.text[:a.start] + "[[" + a.text + "]]" + h.text[a.end:]
    print(textwrap.indent(textwrap.fill(marked, 100), "  "))
    for c in reply.candidates:
        o = c.hit
        why = (f"; search rank {c.passage_index + 1} vs the answer's {a.passage_index + 1}"
               if outranked_by_search(a, c) else "")
        print(f"  also: {c.text} ({c.score:.2f}, {o.title} ¶{o.paragraph_number}{why})")


def _assistant(args):
    from .assistant import Assistant
    from .reader import Reader
    from .retrieve import Retriever

    if args.corpus:
        return Assistant.from_corpus(args.corpus, args.index, embedder=args.embedder, reader=args.reader,
                                     k=args.k, collection=args.collection)
    from .embed import Embedder

    return Assistant(Retriever.load(args.index, Embedder(args.embedder) if args.embedder else None,
                                    collection=args.collection),
                     Reader.load(args.reader), index_dir=args.index, k=args.k, collection=args.collection)


def run(args) -> int:
    if args.cmd == "index":
        from .embed import Embedder
        from .indexing import build_index

        report = build_index(args.paths, args.index, progress=not args.json, embedder=Embedder(args.embedder),
                             collection=args.collection)
        for w in report.warnings:
            print(f"warning: {w}", file=sys.stderr)
        if report.rebuilt_because:
            print(report.rebuilt_because, file=sys.stderr)
        print(json.dumps(asdict(report)) if args.json else f"{_where(args)}: {report.summary()}")
    elif args.cmd == "restore":
        return _restore(args)
    elif args.cmd == "search":
        from .embed import Embedder
        from .retrieve import Retriever

        retriever = Retriever.load(args.index, Embedder(args.embedder) if args.embedder else None,
                                   collection=args.collection)
        hits = retriever.search(args.query, args.k, articles=args.article)
        if args.json:
            print(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=1))
        for i, h in enumerate(hits if not args.json else [], 1):
            print(f"{i}. [{h.score:.4f}] {h.title} ¶{h.paragraph_number} ({h.source})")
            print(textwrap.indent(textwrap.fill(h.text, 100), "   "))
    elif args.cmd == "ask":
        a = _assistant(args)
        _print_reply(a.ask(args.question, k=args.k, threshold=args.threshold, articles=args.article), args.json)
    elif args.cmd == "chat":
        return _chat(_assistant(args), args)
    return 0


def _restore(args) -> int:
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

    report = build_index(folder, args.index, progress=False, embedder=Embedder(args.embedder),
                         collection=args.collection)
    print(f"{_where(args)}: {report.summary()}")
    return 0


def _chat(assistant, args) -> int:
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
            reply = assistant.ask(q, history, threshold=args.threshold, articles=args.article)
            if reply.clarify:
                _print_reply(reply, args.json)
                pick = input("> ").strip()
                chosen = next((c for c in reply.clarify if c.lower() == pick.lower()), None)
                if chosen is None:
                    continue  # not one of them: a new question
                reply = assistant.ask(q, history, threshold=args.threshold, articles=args.article, person=chosen)
        except EOFError:
            print()
            return 0
        except QAError as e:
            print(f"error: {e}")
            continue
        _print_reply(reply, args.json)
        history.append((q, reply))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["serve"]:
        from .server import main as serve

        return serve(argv[1:])
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    from .errors import QAError

    try:
        return run(args)
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
