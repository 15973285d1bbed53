"""Start the chat: python app.py [--corpus seeds] [--index index] [--host 127.0.0.1] [--port 7860]"""
import argparse
import logging
import sys
import threading
import time
from pathlib import Path


def warm_up(assistant) -> None:
    try:
        assistant.retriever.search("warm up", 1)
        assistant.reader.read("What warms up?", ["The model warms up."])
    except Exception as e:  # only a warm-up: the first question will say what is wrong
        logging.getLogger("qa").warning("warm-up failed: %s", e)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Chat with a collection of articles.")
    ap.add_argument("--corpus", default="seeds", help="folder (or file) of articles; uploads are saved in it")
    ap.add_argument("--index", default="index", help="index folder (built or updated at start)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7860)
    ap.add_argument("--share", action="store_true", help="also open a public Gradio link (off by default)")
    ap.add_argument("--k", type=int, default=5, help="passages retrieved per question (the reader reads the top ones, the rest only when unsure)")
    ap.add_argument("--embedder", default=None, help="local folder or hub id (default: $QA_EMBEDDER or packaged all-MiniLM-L6-v2)")
    ap.add_argument("--reader", default=None, help="local folder or hub id (default: $QA_READER or the shipped reader)")
    args = ap.parse_args(argv)
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # offline product: no library looks up the model hub
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("httpx", "bm25s", "sentence_transformers", "faiss.loader", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    from qa.assistant import Assistant
    from qa.errors import QAError

    corpus = Path(args.corpus)
    # Uploads go into the corpus folder; a single-file corpus gets an uploads/ folder beside the index.
    upload_dir = corpus if corpus.is_dir() else Path(args.index).resolve().parent / "uploads"
    paths = [args.corpus] if corpus.is_dir() or not corpus.exists() else [args.corpus, str(upload_dir)]
    if len(paths) > 1:
        upload_dir.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    try:
        assistant = Assistant.from_corpus(paths, args.index, embedder=args.embedder, reader=args.reader, k=args.k)
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"Index {args.index}/: {assistant.report.summary()} ({time.perf_counter() - t:.1f} s)")

    from qa.ui import launch

    # Load the query embedder and BM25 and run the reader once while the web server starts,
    # so the first question does not pay for them.
    threading.Thread(target=warm_up, args=(assistant,), daemon=True).start()
    launch(assistant, upload_dir, host=args.host, port=args.port, share=args.share)
    return 0


if __name__ == "__main__":
    sys.exit(main())
