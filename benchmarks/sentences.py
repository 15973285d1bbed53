"""Which sentence splitter should cut over-long paragraphs? Splits checked on real text.

    python benchmarks/sentences.py [--squad2 ../shared/data/squad2-train-part.json]

Text: the seed article plus the paragraphs of the shared SQuAD 2.0 sample (694 real Wikipedia
paragraphs). A cut is *wrong* when it falls right after an abbreviation or initial (U.S., Dec.,
Mr., St., No., J.) that is followed by a word that continues the sentence (a capitalised name or a
number), e.g. "U.S. | Secretary", "Dec. | 23": the cases the old regex broke. Also counted: cuts in
total (a splitter that never cuts is useless) and time per 1,000 paragraphs. Writes
benchmarks/results/sentences.json.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Gov|Sen|Rep|Lt|Col|Capt|No|Vol|"
                          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Co|Corp|Ltd|vs|etc|approx|ca)\.)$")


def texts(squad2: Path) -> list[str]:
    out = [(ROOT / "seeds" / "nato_russia_talks.txt").read_text(encoding="utf-8").replace("\n\n", " ")]
    data = json.loads(squad2.read_text(encoding="utf-8"))
    out += [p["context"] for a in data["data"] for p in a["paragraphs"]]
    return out


# qa's splitter until session 9 (documents.py), kept here to compare against.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def cuts_regex(text):
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def cuts_pysbd(text, _seg=[]):
    if not _seg:
        import pysbd

        _seg.append(pysbd.Segmenter(language="en", clean=False, char_span=True))
    return [s.end for s in _seg[0].segment(text)][:-1]


def cuts_syntok(text):
    from qa.documents import sentence_ends

    return sentence_ends(text)


def cuts_blingfire(text):
    import blingfire

    _, offsets = blingfire.text_to_sentences_and_offsets(text)
    return [e for _, e in offsets][:-1]


SPLITTERS = {"regex (before)": cuts_regex, "pysbd": cuts_pysbd, "syntok (qa)": cuts_syntok, "blingfire": cuts_blingfire}


def wrong(text, cuts):
    bad = 0
    for c in cuts:
        before = text[:c].rstrip()
        after = text[c:].lstrip()
        if ABBREVIATION.search(before) and re.match(r"[A-Z0-9]", after or "x"):
            # "... in the U.S. The next ..." really ends a sentence: a following function word that
            # starts sentences (The, A, It, He, ...) is not counted as wrong.
            if not re.match(r"(The|A|An|It|He|She|They|This|In|On|But|And|However|We|I)\b", after):
                bad += 1
    return bad


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--squad2", default=str(ROOT.parent / "shared" / "data" / "squad2-train-part.json"))
    args = ap.parse_args()
    paras = texts(Path(args.squad2))
    rows = {}
    for name, fn in SPLITTERS.items():
        try:
            fn("Warm up. Really.")
        except ImportError as e:
            print(f"{name}: not installed ({e})")
            continue
        t = time.perf_counter()
        all_cuts = [fn(p) for p in paras]
        secs = time.perf_counter() - t
        rows[name] = {"paragraphs": len(paras), "cuts": sum(map(len, all_cuts)),
                      "wrong_after_abbreviation": sum(wrong(p, c) for p, c in zip(paras, all_cuts)),
                      "ms_per_1000_paragraphs": round(1000 * secs / len(paras) * 1000, 1)}
    print(f"{'splitter':<16} {'cuts':>6} {'wrong':>6} {'ms/1000 ¶':>10}")
    for name, r in rows.items():
        print(f"{name:<16} {r['cuts']:>6} {r['wrong_after_abbreviation']:>6} {r['ms_per_1000_paragraphs']:>10}")
    out = ROOT / "benchmarks" / "results" / "sentences.json"
    out.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
