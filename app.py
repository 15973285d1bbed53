"""Start the chat from a checkout: python app.py [--corpus seeds] [--index index] [--host 127.0.0.1] [--port 7860]

The same server as `qa serve` (qa/server.py), with the repository's seed article as the default corpus.
"""
import sys

from qa.server import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--corpus" not in args and not any(a.startswith("--corpus=") for a in args):
        args = ["--corpus", "seeds"] + args
    sys.exit(main(args, prog="python app.py"))
