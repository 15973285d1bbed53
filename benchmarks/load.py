"""The real chat server under load while an upload is being indexed.

    python benchmarks/load.py [--concurrent 50] [--sequential 200]

Starts `python app.py` on a fresh corpus (the seed article and the test article about a harbour
bridge), then, in headless Chromium, uploads a long generated article (300 paragraphs) through the
page. While that upload is embedded and indexed, it sends the concurrent questions at once, then the
sequential ones, over gradio_client's /ask, and checks every answer. Reports p50/p95 latency for
each phase, whether the upload finished, and the server's RSS before and after. Writes
benchmarks/results/load.json. Traffic goes to 127.0.0.1 only; the counts are bounded.
"""
from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUESTIONS = [("Who is the Russian government spokesman?", "Dmitry Peskov"),
             ("What did Russia submit earlier this month?", "draft security document"),
             ("Who is the spokesperson of the U.S. State Department?", "Ned Price"),
             ("How much will the harbour bridge cost?", "14 million euros"),
             ("Which firm designed the bridge?", "Delacroix")]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def long_article(path: Path, paragraphs: int) -> None:
    lines = ["Annual report of the Millbrook ferry company", ""]
    for i in range(paragraphs):
        lines += [f"In quarter {i % 4 + 1} of year {2000 + i // 4} the ferry line number {i} carried {1000 + 7 * i} "
                  f"passengers between the north pier and the island, and its captain, officer number {i}, "
                  f"reported calm seas on most crossings during that season.", ""]
    path.write_text("\n".join(lines))


def main() -> int:
    from gradio_client import Client

    from qa_lab.metrics import percentiles

    ap = argparse.ArgumentParser()
    ap.add_argument("--concurrent", type=int, default=50)
    ap.add_argument("--sequential", type=int, default=200)
    ap.add_argument("--upload-paragraphs", type=int, default=300)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="qa-load-"))
    corpus = work / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "seeds" / "nato_russia_talks.txt", corpus)
    shutil.copy(ROOT / "tests" / "data" / "harbour_bridge.md", corpus)
    upload = work / "ferry_report.txt"
    long_article(upload, args.upload_paragraphs)
    port = free_port()
    log = open(work / "app.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py", "--corpus", str(corpus), "--index", str(work / "index"),
                             "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        client = Client(url, verbose=False)
        for q, _ in QUESTIONS:
            client.predict(q, 5, api_name="/ask")  # warm up (and fill the answer cache for nothing: see below)
        rss_before = rss_mb(proc.pid)

        from playwright.sync_api import sync_playwright

        upload_state = {"done": None}

        def do_upload():
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
                page = browser.new_page()
                page.goto(url)
                page.locator("#upload input[type=file]").set_input_files([str(upload)])
                page.locator("#upload").filter(has_text=upload.stem).wait_for(timeout=60_000)  # uploaded
                t = time.perf_counter()
                page.locator("#add").click()
                page.locator("#status").filter(has_text="Added").wait_for(timeout=900_000)
                upload_state["done"] = time.perf_counter() - t
                upload_state["status"] = page.locator("#status").inner_text()
                browser.close()

        uploader = threading.Thread(target=do_upload)
        uploader.start()
        time.sleep(3)  # the upload's indexing has started

        def ask(i):
            q, expected = QUESTIONS[i % len(QUESTIONS)]
            # A different k each time defeats the server's answer cache: every call is a real read.
            t = time.perf_counter()
            r = client.predict(q, 3 + i % 8, api_name="/ask")
            return 1000 * (time.perf_counter() - t), bool(r.get("answer")) and expected in r["answer"]

        t = time.perf_counter()
        with ThreadPoolExecutor(args.concurrent) as pool:
            burst = list(pool.map(ask, range(args.concurrent)))
        burst_s = time.perf_counter() - t
        upload_running_after_burst = upload_state["done"] is None
        seq = [ask(i) for i in range(args.sequential)]
        uploader.join(timeout=900)
        rss_after = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(20)
    result = {
        "concurrent": {"calls": len(burst), "right": sum(ok for _, ok in burst), "wall_s": round(burst_s, 1),
                       **{k: round(v, 1) for k, v in percentiles([ms for ms, _ in burst]).items()}},
        "sequential": {"calls": len(seq), "right": sum(ok for _, ok in seq),
                       **{k: round(v, 1) for k, v in percentiles([ms for ms, _ in seq]).items()}},
        "upload": {"paragraphs": args.upload_paragraphs, "finished_s": upload_state["done"] and round(upload_state["done"], 1),
                   "still_indexing_when_the_burst_ended": upload_running_after_burst,
                   "status": upload_state.get("status", "")[:200]},
        "server_rss_mb": {"before": round(rss_before), "after": round(rss_after)},
    }
    print(json.dumps(result, indent=1))
    out = ROOT / "benchmarks" / "results" / "load.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
