"""How fast `qa serve` comes up, and how long `qa ask` takes, on a warm index.

    python benchmarks/startup.py [--runs 3]

Each run starts `python -m qa serve --corpus seeds --index <warm index>` and polls it every 50 ms:
the first page served (the loading page), the chat page built, and the models loaded
(/api/status), then the first answer over /api/ask. Then `python -m qa ask` end to end (a fresh
process: imports, models, one answer). Runs alternate the two. Writes benchmarks/results/startup.json.
"""
from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUESTION = "What did Peskov say about the talks?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, body: dict | None = None):
    data = json.dumps(body).encode() if body else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read()


def serve_once(index: Path) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "qa", "serve", "--corpus", "seeds", "--index", str(index),
                             "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marks = {}
    try:
        while "models_s" not in marks and time.perf_counter() - t0 < 300:
            try:
                if "page_s" not in marks and get(url)[0] == 200:
                    marks["page_s"] = time.perf_counter() - t0
                status = json.loads(get(url + "api/status")[1])
                if status["page"] and "chat_s" not in marks:
                    marks["chat_s"] = time.perf_counter() - t0
                if status["models"]:
                    marks["models_s"] = time.perf_counter() - t0
            except OSError:
                pass
            time.sleep(0.05)
        t = time.perf_counter()
        answer = json.loads(get(url + "api/ask", {"question": QUESTION})[1])["answer"]
        marks["first_answer_ms"] = 1000 * (time.perf_counter() - t)
        marks["answered"] = bool(answer)
    finally:
        proc.terminate()
        proc.wait(20)
    return marks


def ask_once(index: Path) -> dict:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "qa", "ask", QUESTION, "--index", str(index)], cwd=ROOT,
                       capture_output=True, text=True)
    return {"ask_s": time.perf_counter() - t, "answered": r.returncode == 0 and "Answer:" in r.stdout}


def main() -> int:
    from qa_lab.metrics import percentiles

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    index = Path(tempfile.mkdtemp(prefix="qa-startup-")) / "index"
    subprocess.run([sys.executable, "-m", "qa", "index", "seeds", "--index", str(index)], cwd=ROOT, check=True,
                   capture_output=True)
    serves, asks = [], []
    for _ in range(args.runs):  # alternated, so drift hits both alike
        serves.append(serve_once(index))
        asks.append(ask_once(index))
    result = {"runs": args.runs, "serve": serves, "ask": asks,
              "median": {k: round(percentiles([r[k] for r in serves])["p50"], 2) for k in
                         ("page_s", "chat_s", "models_s", "first_answer_ms")}}
    result["median"]["qa_ask_s"] = round(percentiles([r["ask_s"] for r in asks])["p50"], 2)
    print(f"{'qa serve, warm index':<34} median of {args.runs}")
    for key, label in (("page_s", "first page (loading page) s"), ("chat_s", "chat page up s"),
                       ("models_s", "models loaded s"), ("first_answer_ms", "first answer ms"),
                       ("qa_ask_s", "`qa ask` end to end s")):
        print(f"  {label:<32} {result['median'][key]}")
    (ROOT / "benchmarks" / "results" / "startup.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
