"""The attack suite's report: every break of issues #33 and #46 replayed against a real server, with counts of
requests tried, faults injected, losses (must be 0) and exposures (must be 0).

    python benchmarks/attack.py [--quick] [--out benchmarks/results/attack.json]

The scenarios are qa_lab/attack.py and qa_lab/attack4.py; tests/product/test_attack.py runs the same ones as tests.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from qa_lab import attack, attack4
    from qa_lab.machine import describe

    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repeats (what the test runs)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "attack.json"))
    args = ap.parse_args()
    with attack.workdir() as work:
        outcomes = attack.run_all(work, quick=args.quick) + attack4.run_round4(work / "round4", quick=args.quick)
    print(attack.table(outcomes))
    for o in outcomes:
        for line in o.detail:
            print(f"  {o.number}. {line}")
    result = attack.as_json(outcomes) | {"machine": describe(), "quick": args.quick}
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    return 0 if all(o.held for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
