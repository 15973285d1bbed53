"""How soon a file dropped into a watched corpus answers its question (`python app.py --watch`), with
questions arriving meanwhile. Prints a table and writes benchmarks/results/watch.json.

    python benchmarks/watch.py [--drops 5]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from qa_lab.attack import SEED, Server, http
    from qa_lab.machine import describe
    from qa_lab.metrics import percentiles

    ap = argparse.ArgumentParser()
    ap.add_argument("--drops", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "watch.json"))
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-watch-"))
    (work / "news").mkdir()
    shutil.copy(SEED, work / "news" / SEED.name)
    app = Server(work, "news", "index", ["--watch"], cwd=work).wait_up()
    pickups, meanwhile, failed = [], [], 0
    try:
        time.sleep(2)
        for i in range(args.drops):
            word = f"Zorblax{i}"
            stop = threading.Event()

            def ask_meanwhile():
                nonlocal failed
                while not stop.is_set():
                    t = time.perf_counter()
                    status, reply = http(app.url + "api/ask", {"question": "Who is the Russian government spokesman?"})
                    meanwhile.append(1000 * (time.perf_counter() - t))
                    failed += status != 200 or "Peskov" not in (reply.get("answer") or "")

            asker = threading.Thread(target=ask_meanwhile)
            asker.start()
            dropped = time.perf_counter()
            (work / "news" / f"drop{i}.md").write_text(
                f"Drop {i}\n\nThe harbour authority named its new ferry {word} on Monday, the spokeswoman said.\n")
            while time.perf_counter() - dropped < 60:
                try:
                    status, reply = http(app.url + "api/ask", {"question": "What did the harbour authority name its "
                                                                           "new ferry?", "articles": [f"drop{i}.md"]})
                except OSError:
                    status, reply = 0, {}
                if status == 200 and reply.get("answer") and word in reply["answer"]:
                    break
                time.sleep(0.1)
            pickups.append(time.perf_counter() - dropped)
            stop.set()
            asker.join()
    finally:
        app.stop()
        shutil.rmtree(work, ignore_errors=True)
    p = percentiles(pickups)
    q = percentiles(meanwhile)
    result = {"drops": args.drops, "pickup_s": [round(x, 2) for x in pickups], "pickup_p50_s": round(p["p50"], 2),
              "pickup_max_s": round(max(pickups), 2), "questions_meanwhile": len(meanwhile),
              "questions_failed": failed, "ask_ms_p50_meanwhile": round(q["p50"], 1),
              "debounce_ms": 800, "machine": describe()}
    print(f"{'drops':>6} {'pick-up p50 s':>14} {'max s':>6} {'questions meanwhile':>20} {'failed':>7}")
    print(f"{args.drops:>6} {result['pickup_p50_s']:>14} {result['pickup_max_s']:>6} {len(meanwhile):>20} {failed:>7}")
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
