"""The result blocks of the README and the docs/ pages, generated from benchmarks/results/*.json, so
no number in them drifts from the file it comes from. Each block sits between two markers, in
README.md or one of docs/*.md (each block once in all of them):

    <!-- results: NAME (benchmarks/results/FILE.json) -->
    ...generated text...
    <!-- /results -->

``python -m qa_lab readme`` rewrites every block; ``--check`` (and tests/lab/test_readme.py) fails
when the README says something else than the JSON.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"


def pages() -> list[Path]:
    """The README and the docs pages it links to, whose result blocks are generated."""
    return [README, *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"(<!-- results: (?P<name>[\w-]+) \((?P<files>[^)]*)\) -->\n)(?P<body>.*?)(<!-- /results -->)",
                   re.DOTALL)


def _load(name: str):
    return json.loads((RESULTS / name).read_text(encoding="utf-8"))


def reader_block() -> str:
    from .eval_reader import report_lines

    r = _load("reader.json")
    bins = {b["bin"]: b for b in r["reliability"]}
    lines = ["```", *report_lines(r), "```", ""]
    lines.append(f"Of the dev answers scored 0.8–0.9, {100 * bins['0.8-0.9']['right']:.1f}% were right; of those "
                 f"scored 0.5–0.6, {100 * bins['0.5-0.6']['right']:.1f}%.")
    return "\n".join(lines) + "\n"


def reader_int8_block() -> str:
    fp32, int8 = _load("reader.json"), _load("reader_onnx_int8.json")
    return (f"As qa runs it by default — ONNX Runtime int8 with its own calibrated threshold "
            f"(`--backend onnx-int8`, `results/reader_onnx_int8.json`) — on the same questions: F1 "
            f"**{int8['f1']:.1f}** with the threshold ({int8['threshold']:.2f}) against {fp32['f1']:.1f} in fp32, "
            f"{int8['f1_no_threshold']:.1f} without, {int8['answered_gold_pct']:.1f}% of gold paragraphs answered, "
            f"**{int8['declined_wrong_paragraph_pct']:.1f}%** of {int8['wrong_paragraph_pairs']:,} wrong paragraphs "
            f"declined, a question with 5 passages p50 {int8['latency_q_plus_5_passages_ms']['p50_ms']:.0f} ms "
            f"(fp32 on torch: {fp32['latency_q_plus_5_passages_ms']['p50_ms']:.0f} ms, measured in an earlier "
            "session). `QA_READER_BACKEND=torch` runs the fp32 weights on torch.\n")


def peers_block() -> str:
    rows = {r["system"]: r for r in _load("peers.json")}
    qa = rows["qa"]
    calibrated = next(r for name, r in rows.items() if name.startswith("qa, threshold"))
    haystack = next(r for name, r in rows.items() if name.startswith("Haystack"))
    txtai = next((r for name, r in rows.items() if name.startswith("txtai")), None)
    out = ["| system | EM | F1 | ask p50 / p95 ms |", "|---|---|---|---|",
           f"| **qa** | {qa['em']:.1f} | **{qa['f1']:.1f}** | **{qa['p50_ms']:.0f} / {qa['p95_ms']:.0f}** |",
           f"| qa, calibrated threshold (declines {calibrated['declined']} of {calibrated['questions']}) | "
           f"{calibrated['em']:.1f} | {calibrated['f1']:.1f} | {calibrated['p50_ms']:.0f} / {calibrated['p95_ms']:.0f} |",
           f"| {haystack['system']} | {haystack['em']:.1f} | {haystack['f1']:.1f} | "
           f"{haystack['p50_ms']:.0f} / {haystack['p95_ms']:.0f} |"]
    if txtai:
        out.append(f"| {txtai['system']} (Extractor over the top 5 joined; {txtai.get('errors', 0)} questions raised "
                   f"in its decoder) | {txtai['em']:.1f} | {txtai['f1']:.1f} | {txtai['p50_ms']:.0f} / {txtai['p95_ms']:.0f} |")
    out.append("")
    sentence = (f"qa is {haystack['p50_ms'] / qa['p50_ms']:.1f}× faster than Haystack at p50 "
                f"({haystack['p95_ms'] / qa['p95_ms']:.1f}× at p95) and {qa['f1'] - haystack['f1']:.1f} F1 points better")
    if txtai:
        sentence += f"; {qa['f1'] - txtai['f1']:.1f} better than txtai"
    out.append(sentence + f" ({qa['questions']} questions over {qa['paragraphs']:,} paragraphs).")
    out += ["", f"Indexing those paragraphs (embedding, BM25 and vectors written, the embedding model already "
                f"loaded): qa {qa['index_s']:.1f} s, {haystack['system']} {haystack['index_s']:.1f} s: "
                f"**{haystack['index_s'] / qa['index_s']:.2f}×**. Loading the model: qa {qa['load_s']:.1f} s, most of it "
                f"importing transformers' model code; Haystack {haystack['load_s']:.1f} s, its module having imported "
                f"that before the clock. Machine: {machine_line(qa)}."]
    return "\n".join(out) + "\n"


def embedder_block() -> str:
    r = _load("embedder.json")
    names = {"torch": "torch fp32", "torch-bf16": "torch bf16", "onnx": "ONNX Runtime fp32", "onnx-int8": "ONNX Runtime int8"}
    out = ["| embedder runtime (paragraphs / questions) | build of the dev corpus, paragraphs/s | × torch fp32 | "
           "recall@1 / @5 / @10 |", "|---|---|---|---|"]
    for row in r["rows"]:
        label = names[row["paragraphs_on"]] + ("" if row["questions_on"] == row["paragraphs_on"]
                                               else f" / {names[row['questions_on']]}")
        if row["backend"] == "auto":
            label = f"**{label} (`auto`, the default here)**"
        out.append(f"| {label} | {row['build_paragraphs_per_s']:.1f} | {row['speed_vs_first']:.2f} | "
                   f"{row['recall@1']:.2f} / {row['recall@5']:.2f} / {row['recall@10']:.2f} |")
    q = r["rows"][0]
    out += ["", f"{q['paragraphs']:,} paragraphs, recall over all {q['questions']:,} dev questions. "
                f"Machine: {machine_line(r)}."]
    return "\n".join(out) + "\n"


def machine_line(result: dict) -> str:
    """Which CPU a result came from; results from before session 12 name none, and came from the
    project's first machine."""
    m = result.get("machine")
    if not isinstance(m, dict):
        return "2 cores of an AMD EPYC (AVX2, no AVX-512, no AMX)"
    isa = set(m.get("isa", []))
    kind = ("AVX-512, AMX" if "amx_bf16" in isa else "AVX-512, no AMX" if "avx512f" in isa
            else "AVX2, no AVX-512, no AMX")
    return f"{m['cores']} cores of an {m['cpu'].replace('(R)', '')} ({kind})"


def open_book_block() -> str:
    from .open_book import report_lines

    r = _load("eval_full.json")
    return "\n".join(["```", *report_lines(r), "```"]) + "\n"


def scale_block() -> str:
    from qa.stores import IVF_MIN_VECTORS

    out = ["| paragraphs | FAISS index | build s | RSS serving GB | hybrid search p50 / p95 ms | dense recall@10 |",
           "|---|---|---|---|---|---|"]
    for r in _load("scale.json")["results"]:
        kind = r["index_type"]
        chosen = (kind == "flat") == (r["paragraphs"] < IVF_MIN_VECTORS)
        label = f"**{kind} (chosen)**" if chosen else kind
        recall = "-" if r["dense_recall_at_10"] is None else f"{100 * r['dense_recall_at_10']:.1f}%"
        out.append(f"| {r['paragraphs']:,} | {label} | {r['build_s']:.0f} | {r['rss_after_mb'] / 1024:.2f} | "
                   f"{r['hybrid_ms'][0]:.1f} / {r['hybrid_ms'][1]:.1f} | {recall} |")
    [again] = _load("scale_1m_session4.json")["results"]
    out += ["", f"Re-measured at {again['paragraphs']:,} with the current score fusion (40 candidates per retriever): "
                f"{again['index_type']} search p50 {again['hybrid_ms'][0]:.1f} / p95 {again['hybrid_ms'][1]:.1f} ms, "
                f"RSS {again['rss_after_mb'] / 1024:.2f} GB."]
    return "\n".join(out) + "\n"


def seed_block() -> str:
    r = _load("bench_seed.json")["seed"]
    search, ask = r["search_ms"], r["ask_ms"]
    return (f"On the seed article ({r['paragraphs']} paragraphs, `python benchmarks/bench.py --out "
            f"benchmarks/results/bench_seed.json`): search p50 {search[0]:.0f} / p95 {search[1]:.0f} ms, "
            f"ask p50 {ask[0]:.0f} / p95 {ask[1]:.0f} ms.\n")


def startup_block() -> str:
    r = _load("startup.json")
    m = r["median"]
    return (f"On a warm index (`python benchmarks/startup.py`, median of {r['runs']} runs): `qa serve` shows its "
            f"first page (\"Loading models…\") after **{m['page_s']:.1f} s**, the chat after {m['chat_s']:.1f} s "
            f"(importing gradio), the models are loaded after {m['models_s']:.1f} s, and the first answer then "
            f"takes {m['first_answer_ms']:.0f} ms. `qa ask` end to end (a fresh process: imports, models, one "
            f"answer) takes {m['qa_ask_s']:.1f} s and imports no gradio.\n")


def grounding_block() -> str:
    r = _load("grounding.json")
    lines = [f"{r['answerable']} answerable and {r['unanswerable']} unanswerable questions over six articles "
             "(`python benchmarks/grounding.py`):", "",
             "| threshold | name check | answerable right | unanswerable declined |", "|---|---|---|---|"]
    for row in r["rows"]:
        qa = row["threshold"] == round(r["calibrated_threshold"], 3) and row["name_check"]
        cells = [f"{row['threshold']:.3f}", "on" if row["name_check"] else "off",
                 f"{row['answerable_right_pct']:.1f}%", f"{row['unanswerable_declined_pct']:.1f}%"]
        lines.append("| " + " | ".join(f"**{c}**" if qa else c for c in cells) + " |")
    return "\n".join(lines) + "\n"


def followups_block() -> str:
    r = _load("followups.json")
    lines = [f"{r['chats']} chats, {r['turns']} turns (`python benchmarks/followups.py`; "
             f"standalone questions rewritten: {r['standalone_rewritten']}):", "",
             "| turn type | turns | rewritten right | answered right |", "|---|---|---|---|"]
    for kind in ("standalone", "pronoun", "ellipsis", "deictic", "topic", "clarify"):
        t = r["by_type"].get(kind)
        if t:
            answered = f"{t['answer_right']} of {t['answers_scored']}" if t["answers_scored"] else "-"
            lines.append(f"| {kind} | {t['turns']} | {t['rewrite_right']} | {answered} |")
    ms = r["resolve_ms"]
    lines += ["", f"Rewriting a turn takes p50 {ms['p50']:.3f} ms, p95 {ms['p95']:.3f} ms (rules, no model)."]
    return "\n".join(lines) + "\n"


def followup_cost_block() -> str:
    r = _load("followup_cost.json")
    rows = [("asked as a follow-up, with its history", "ask_follow_up_ms"),
            ("the same question asked alone", "ask_alone_ms"), ("the difference, per turn", "follow_up_minus_alone_ms"),
            ("resolving, the language layer's analysis included", "resolve_with_analysis_ms"),
            ("resolving, the rules alone", "resolve_rules_only_ms")]
    lines = [f"What a follow-up costs ({r['turns']} follow-up turns of the Wikinews chats, interleaved, cache off; "
             "`python benchmarks/followup_cost.py`):", "", "| | p50 ms | p95 ms |", "|---|---|---|"]
    lines += [f"| {label} | {r[key]['p50']:.1f} | {r[key]['p95']:.1f} |" for label, key in rows]
    lines += ["", f"Measured on {machine_line(r)}."]
    return "\n".join(lines) + "\n"


def milvus_block() -> str:
    r = _load("milvus.json")
    local, milvus = r["parity"]["local"], r["parity"]["milvus"]
    diff = r["parity"]["difference_milvus_minus_local"]
    lines = [f"Measured against {r['milvus']} on this {r['machine']} machine (`python benchmarks/milvus.py`).", "",
             f"Open book on SQuAD v1.1 dev ({local['questions']} questions over {local['paragraphs']:,} paragraphs):" if
             "paragraphs" in local else f"Open book on SQuAD v1.1 dev ({local['questions']} questions):", "",
             "| store | recall@1 | recall@5 | recall@10 | EM | F1 | ask p50 / p95 ms |", "|---|---|---|---|---|---|---|"]
    for name, x in (("local", local), ("Milvus", milvus)):
        lines.append(f"| {name} | {x['recall@1']} | {x['recall@5']} | {x['recall@10']} | {x['em']} | {x['f1']} | "
                     f"{x['ask_ms_p50']:.0f} / {x['ask_ms_p95']:.0f} |")
    lines += ["", "Milvus minus local: " + ", ".join(f"{k} {v:+.2f}" for k, v in diff.items()) + ".", ""]
    rk = r["rankers"]
    lines += [f"Fusing the dense and BM25 candidates, on {rk['questions']} held-out questions ({rk['data']}, "
              f"{rk['paragraphs']:,} paragraphs):", "", "| fusion | recall@1 | recall@5 | recall@10 |", "|---|---|---|---|"]
    for name, x in rk["rankers"].items():
        lines.append(f"| {name} | {x['recall@1']} | {x['recall@5']} | {x['recall@10']} |")
    lines += ["", "Ingest (vectors computed beforehand: the store's own cost) and search (query embedding included; "
              f"{r['scale']['searches']} questions, the two stores alternating):", "",
              "| paragraphs | local ingest /s | Milvus ingest /s | local search p50 / p95 ms | Milvus search p50 / p95 ms | "
              "milvus-lite RSS MB |", "|---|---|---|---|---|---|"]
    for x in r["scale"]["rows"]:
        lines.append(f"| {x['paragraphs']:,} | {x['local_ingest_paragraphs_per_s']:,.0f} | "
                     f"{x['milvus_ingest_paragraphs_per_s']:,.0f} | {x['local_search_ms_p50']:.0f} / "
                     f"{x['local_search_ms_p95']:.0f} | {x['milvus_search_ms_p50']:.0f} / {x['milvus_search_ms_p95']:.0f} | "
                     f"{x['milvus_server_rss_mb']:,.0f} |")
    return "\n".join(lines) + "\n"


def unanswerable_block() -> str:
    r = _load("unanswerable.json")
    dev = r["rows"][0]["dev"]
    out = [f"| reader ({r['backend']}) | threshold | SQuAD 2.0 NoAns declined | HasAns F1 | SQuAD 2.0 F1 | "
           f"v1.1 dev F1, threshold / none | wrong paragraphs declined | most NoAns declined with dev F1 ≥ 80 |",
           "|---|---|---|---|---|---|---|---|"]
    for row in r["rows"]:
        s2, d = row["squad2"], row["dev"]
        keeping = [c for c in row["margin_curve"] if c["dev_f1"] >= 80]
        best = max(keeping, key=lambda c: c["no_ans_declined"]) if keeping else None
        at_80 = (f"{best['no_ans_declined']:.1f}% (margin ≥ {best['margin']}; {best['declined_wrong_paragraph_pct']:.1f}% "
                 f"of wrong declined)" if best else "none")
        out.append(f"| {row['reader']} | {row['threshold']:.3f} | {s2['no_ans_declined']:.1f}% | {s2['has_ans_f1']:.1f} | "
                   f"{s2['f1']:.1f} | {d['f1']:.1f} / {d['f1_no_threshold']:.1f} | {d['declined_wrong_paragraph_pct']:.1f}% | "
                   f"{at_80} |")
    s2 = r["rows"][0]["squad2"]
    out += ["", f"SQuAD 2.0: the report half of `{r['squad2_file']}` ({s2['questions']:,} questions, "
                f"{s2['no_ans_questions']} unanswerable). SQuAD v1.1 dev: {dev['questions']:,} questions spread over "
                f"the file, {dev['wrong_paragraph_pairs']:,} wrong-paragraph pairs. The last column reads the "
                f"margin curve (answer when the raw margin ≥ -2, 0, 1, ... 8) in the same file."]
    return "\n".join(out) + "\n"


def settings_block() -> str:
    """The settings table, from qa/settings.py (not from a results file: it cannot drift from the code)."""
    from qa.settings import table_markdown

    return table_markdown()


def news_block() -> str:
    """The real-news collection, before (news-before.json) and after (news.json), both halves."""
    before, after = _load("news-before.json"), _load("news.json")

    def pct(n, d):
        return f"{100 * n / d:.1f}%" if d else "-"

    def cells(r, u, half):
        h = r[half]
        c = h["chats"]
        return [pct(h["right"], h["answerable"]), pct(h["absent"]["declined"], h["absent"]["questions"]),
                pct(h["look-alike"]["declined"], h["look-alike"]["questions"]),
                pct(h["dated"]["right"], h["dated"]["questions"]), pct(u[half]["right"], u[half]["questions"]),
                pct(c["right"], c["turns"])]
    heads = ["answerable right, right article", "absent declined", "look-alike declined",
             "dated right", "dated, date phrases off", "chat turns right"]
    lines = ["| | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
    halves = [h for h in after["result"] if h != "ask_ms"]  # dev, dev2, dev3, dev4, test
    for half in halves:
        for label, r in (("before", before), ("**after**", after)):
            if half in r["result"]:  # dev2-dev4, the further dev collections, came after the "before" run
                lines.append(f"| {half}, {label} | " + " | ".join(cells(r["result"], r["undated"], half)) + " |")
    t = after["result"]["test"]
    lines += ["", f"Test half: {t['answerable']} answerable, {t['absent']['questions']} absent, "
              f"{t['look-alike']['questions']} look-alike, {t['dated']['questions']} dated questions, "
              f"{t['chats']['turns']} chat turns; ask p50 {after['result']['ask_ms']['p50']} ms, "
              f"p95 {after['result']['ask_ms']['p95']} ms (before: {before['result']['ask_ms']['p50']} / "
              f"{before['result']['ask_ms']['p95']} ms). Measured on {machine_line(after)}."]
    return "\n".join(lines) + "\n"


def judgment_block() -> str:
    """Before and after in one run: news test half, the SQuAD 2.0 sample, open book over 240 paragraphs."""
    r = _load("judgment.json")
    names = list(r["sides"])
    rows = [("news test: right from the right article", "news_test", "answerable_right_pct", "%"),
            ("news test: absent declined", "news_test", "absent_declined_pct", "%"),
            ("news test: look-alike declined", "news_test", "lookalike_declined_pct", "%"),
            ("SQuAD 2.0 sample: answerable F1", "squad2_sample", "f1", ""),
            ("SQuAD 2.0 sample: unanswerable declined", "squad2_sample", "declined_unanswerable_pct", "%"),
            ("open book, 240 paragraphs: F1", "open_book_240", "f1", ""),
            ("open book, 240 paragraphs: name-check declines", "open_book_240", "name_check_declines_pct", "%"),
            ("open book, 240 paragraphs: ask p50 / p95 ms", "open_book_240", None, "")]
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, part, key, unit in rows:
        vals = []
        for n in names:
            p = r["sides"][n].get(part, {})
            if key is None:
                vals.append(f"{p.get('ask_ms_p50', '-')} / {p.get('ask_ms_p95', '-')}")
            else:
                v = p.get(key)
                vals.append("-" if v is None else f"{v}{unit}")
        lines.append(f"| {label} | " + " | ".join(vals) + " |")
    lines += ["", f"Measured on {machine_line(r)}."]
    return "\n".join(lines) + "\n"


def genres_block() -> str:
    """Per genre and half (benchmarks/genres.py): the judgment figures, and the worst genre's test half."""
    r = _load("genres.json")

    def pct(n, d):
        return f"{100 * n / d:.0f}% ({n}/{d})" if d else "-"

    lines = ["| genre | half | right from the right article | look-alike declined | absent declined | dated right "
             "| chat turns right | name-check false declines |", "|---" * 8 + "|"]
    for genre, halves in r["genres"].items():
        for half in ("dev", "test"):
            h = halves[half]
            if half == "dev" and not (h["answerable"] or h["chats"]["turns"]):
                continue  # a genre held out entirely (benchmarks/genres.py UNSEEN): no dev half
            lines.append(f"| {genre} | {half} | {pct(h['right'], h['answerable'])} | "
                         f"{pct(h['look-alike']['declined'], h['look-alike']['questions'])} | "
                         f"{pct(h['absent']['declined'], h['absent']['questions'])} | "
                         f"{pct(h['dated']['right'], h['dated']['questions'])} | "
                         f"{pct(h['chats']['right'], h['chats']['turns'])} | {h['name_check_declines']} |")
    worst = "; ".join(f"{k}: {v['genre']} ({v['value']:.0f}%)" for k, v in r["worst_test"].items())
    lines += ["", f"Worst genre, test half — {worst}. Ask p50 {r['ask_ms']['p50']} ms over all the questions. "
              f"Measured on {machine_line(r)}."]
    return "\n".join(lines) + "\n"


def judge_fit_block() -> str:
    r = _load("judge_fit.json")["policy"]
    w = ", ".join(f"{k} {v:+.2f}" for k, v in r["weights"].items())
    lines = [f"Weights: {w}; bias {r['bias']:+.2f}; answered at P(right) ≥ {r['threshold']:.2f}.", "",
             "| rows | questions | accuracy before → after | answerable right | unanswerable declined |",
             "|---|---|---|---|---|"]
    for name, x in r["report"].items():
        b, a = x["before"], x["after"]
        lines.append(f"| {name} | {x['questions']} | {b['accuracy']} → {a['accuracy']} | "
                     f"{b['answerable_right_pct']}% → {a['answerable_right_pct']}% | "
                     f"{b['unanswerable_declined_pct']}% → {a['unanswerable_declined_pct']}% |")
    return "\n".join(lines) + "\n"


BLOCKS = {"genres": genres_block, "settings": settings_block, "news": news_block, "judgment": judgment_block, "judge-fit": judge_fit_block, "embedder": embedder_block, "unanswerable": unanswerable_block, "milvus": milvus_block, "reader-int8": reader_int8_block, "followups": followups_block, "followup-cost": followup_cost_block, "grounding": grounding_block, "startup": startup_block, "reader": reader_block, "peers": peers_block, "open-book": open_book_block, "scale": scale_block,
          "seed": seed_block}


def render(text: str) -> str:
    """text with every results block regenerated; an unknown block name is an error."""
    def fill(m):
        name = m.group("name")
        if name not in BLOCKS:
            raise KeyError(f"README names an unknown results block {name!r}; known: {', '.join(BLOCKS)}")
        return m.group(1) + BLOCKS[name]() + m.group(5)

    return BLOCK.sub(fill, text)


def blocks_in(text: str) -> list[str]:
    return [m.group("name") for m in BLOCK.finditer(text)]


def main(check: bool = False) -> int:
    stale, count = [], 0
    for page in pages():
        text = page.read_text(encoding="utf-8")
        new = render(text)
        count += len(blocks_in(text))
        if new != text:
            stale.append(page.relative_to(ROOT).as_posix())
            if not check:
                page.write_text(new, encoding="utf-8")
    if check and stale:
        print(f"{', '.join(stale)}: results blocks disagree with benchmarks/results/: run python -m qa_lab readme",
              file=sys.stderr)
        return 1
    print(f"README.md and docs/: {count} results blocks {'match benchmarks/results/' if check else 'regenerated'}")
    return 0
