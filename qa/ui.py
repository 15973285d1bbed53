"""The Gradio chat. Models are loaded once (in the Assistant), never per request.

The handlers are plain functions of (assistant, upload folder, inputs) at module level, so they can
be read and tested without a browser; build() only lays out the page and wires them to it.
"""

import logging
import os
import time
from html import escape
from pathlib import Path

from . import types, uploads
from .errors import QAError
from .api import MAX_K
from .render import article_file, highlight, reply_dict, reply_html

log = logging.getLogger("qa")
EXAMPLES = ["What did Peskov say about the talks?", "Who is the Russian government spokesman?",
            "What did Russia submit earlier this month?"]
CSS = "mark {background: #ffe066; color: inherit; padding: 0 2px; border-radius: 2px}"
HISTORY_TURNS = 10  # earlier turns kept for follow-up resolution (only the last one is used today)




def articles_table(assistant) -> list[list[str]]:
    docs = assistant.retriever.store.documents
    return [[d["title"], Path(d["source"]).name, str(d["paragraphs"])] for d in docs.values()]


def removable_articles(assistant, upload_dir: Path) -> list[tuple[str, str]]:
    """(label, path relative to the corpus folder) of each article file that can be removed from
    the page. Relative, so the page's config never shows where the corpus lives on disk."""
    folder, seen, out = upload_dir.resolve(), set(), []
    for d in assistant.retriever.store.documents.values():
        path = Path(d["source"]).resolve()
        if folder not in path.parents or path in seen:
            continue
        seen.add(path)
        rel = path.relative_to(folder).as_posix()
        out.append((f"{d['title']} ({rel})", rel))
    return out


def search_in_choices(assistant) -> list[tuple[str, str]]:
    """(title (file), file) of every indexed article, for the "Search in" selector."""
    seen, out = set(), []
    for doc_id, d in assistant.retriever.store.documents.items():
        name = types.article_file(doc_id)
        if name not in seen:
            seen.add(name)
            out.append((f"{d['title']} ({name})", name))
    return out


def trash_choices(upload_dir: Path) -> list[tuple[str, str]]:
    return [(f"{uploads.original_name(n)} (removed {n[:8]} {n[9:11]}:{n[11:13]})", n)
            for n in reversed(uploads.trashed(upload_dir))]


def user_message(question: str) -> str:
    """The user's words as text: escaped, on one line inside an HTML element, so the chat's
    markdown renderer leaves them alone (no images fetched, no links, no math)."""
    return f"<p>{escape(' '.join(question.split()))}</p>"


def respond(assistant, question, messages, history, k, threshold, articles=None, transcript=None,
            person: str | None = None):
    """One chat turn: (cleared question box, messages, history, transcript, pending clarification).

    ``articles``: the "Search in" selection (empty: all). When it is unsure who "he"/"she" means,
    the reply asks back with the people as clickable options, and the question waits in the pending
    clarification until one is picked (then this is called again with ``person``). ``transcript``
    holds one record per answer message, for the source panel and the Markdown export."""
    messages, history, transcript = list(messages or []), list(history or []), list(transcript or [])
    if not question or not question.strip():
        return "", messages, history, transcript, None
    if person is None:
        messages.append({"role": "user", "content": user_message(question)})
    else:
        messages.append({"role": "user", "content": user_message(person)})
    try:
        reply = assistant.ask(question, history, k=int(k), threshold=float(threshold), articles=articles or None,
                              person=person)
    except QAError as e:
        messages.append({"role": "assistant", "content": f"<p>{escape(str(e))}</p>"})
        return "", messages, history, transcript, None
    except Exception as e:  # never a traceback in the chat; the log keeps it
        log.exception("error answering %r", question)
        messages.append({"role": "assistant",
                         "content": f"<p>Sorry, something went wrong ({escape(type(e).__name__)}).</p>"})
        return "", messages, history, transcript, None
    if reply.clarify:
        messages.append({"role": "assistant", "content": reply_html(reply),
                         "options": [{"value": c, "label": c} for c in reply.clarify]})
        return "", messages, history, transcript, {"question": question, "choices": reply.clarify}
    hint = "<p><small>Click this answer to open its article.</small></p>" if reply.answer is not None else ""
    messages.append({"role": "assistant", "content": reply_html(reply) + hint})
    history.append((question, reply))
    transcript.append(transcript_entry(reply, len(messages) - 1, articles))
    return "", messages, history[-HISTORY_TURNS:], transcript, None


def transcript_entry(reply, message_index: int, articles=None) -> dict:
    """What a turn said, as plain data: for the source panel (which message cites which paragraph)
    and the Markdown export."""
    entry = {"message": message_index, "question": reply.original_question or reply.question,
             "interpreted": reply.question if reply.rewritten else "", "articles": list(articles or []),
             "answer": None, "unmentioned": reply.unmentioned}
    if reply.answer is not None:
        a, h = reply.answer, reply.hit
        entry.update(answer=a.text, score=round(a.score, 3), title=h.title, paragraph=h.paragraph_number,
                     doc_id=h.doc_id, file=article_file(h), start=a.start, end=a.end)
    return entry


def source_html(assistant, entry: dict | None) -> str:
    """The whole article an answer came from: title, date and file, every paragraph, the answer's
    paragraph marked and its span highlighted (all text escaped)."""
    if not entry or not entry.get("doc_id"):
        return "<p><em>Click an answer in the conversation to open its article here.</em></p>"
    retriever = assistant.retriever
    doc = retriever.store.documents.get(entry["doc_id"])
    if doc is None:
        return "<p>That article is no longer in the index.</p>"
    head = [f"<h3>{escape(doc['title'])}</h3>",
            "<p><small>" + " · ".join(escape(x) for x in (doc.get("date", ""), entry["file"]) if x) + "</small></p>"]
    body = []
    for p in retriever.article_paragraphs(entry["doc_id"]):
        if p.number == entry["paragraph"]:
            body.append(f'<p id="qa-cited" class="cited"><small>¶{p.number}</small> '
                        f"{highlight(p.text, entry['start'], entry['end'])}</p>")
        else:
            body.append(f"<p><small>¶{p.number}</small> {escape(p.text)}</p>")
    return "\n".join(head + body)


SCROLL_TO_CITATION = "() => { setTimeout(() => document.querySelector('#qa-cited')?.scrollIntoView({block: 'center'}), 300); }"


def export_markdown(transcript: list[dict]) -> str:
    """The conversation as Markdown: each question, how it was interpreted, the answer with its
    score and citation (or why there is none)."""
    lines = ["# Conversation with qa", ""]
    for n, t in enumerate(transcript, 1):
        lines.append(f"## {n}. {t['question']}")
        if t.get("interpreted"):
            lines.append(f"*Interpreted as:* {t['interpreted']}")
        if t.get("articles"):
            lines.append(f"*Searched in:* {', '.join(t['articles'])}")
        if t.get("answer"):
            lines += ["", f"**{t['answer']}** (confidence {t['score']:.0%})", "",
                      f"— *{t['title']}*, paragraph {t['paragraph']} ({t['file']})"]
        elif t.get("unmentioned"):
            lines += ["", f"The articles don't mention {', '.join(t['unmentioned'])}."]
        else:
            lines += ["", "I couldn't find that in the articles."]
        lines.append("")
    return "\n".join(lines)


def ask_api(assistant, question: str, k: int = 5) -> dict:
    """Answer one question from the indexed articles (the named /ask endpoint)."""
    try:
        k = int(k)
    except (TypeError, ValueError):
        return {"error": f"k must be a whole number from 1 to {MAX_K}."}
    if not 1 <= k <= MAX_K:
        return {"error": f"k must be a whole number from 1 to {MAX_K}."}
    try:
        return reply_dict(assistant.ask(question, k=k))
    except QAError as e:
        return {"error": str(e)}


def add_articles(assistant, upload_dir: Path, files, progress=None) -> tuple[str, list[Path]]:
    """Copy uploaded files into the corpus and index them: (status message, files added)."""
    added, problems = [], []
    for f in files or []:
        path = Path(getattr(f, "name", f))
        original = getattr(f, "orig_name", None) or path.name
        try:
            added.append(uploads.add_file(path, original, upload_dir))
        except QAError as e:
            problems.append(str(e))
    msg = []
    if added:
        if progress is not None:
            progress(0.3, desc=f"Indexing {len(added)} file(s)")
        try:
            report = assistant.reindex()
            msg.append(f"Added {', '.join(escape(p.name) for p in added)}. Index: {report.summary()}.")
            problems += report.warnings
        except Exception as e:  # the index on disk is untouched: undo the copies
            log.exception("indexing uploads failed")
            for p in added:
                p.unlink(missing_ok=True)
            added = []
            problems.append(f"Indexing failed, nothing was added ({type(e).__name__}: {e})")
    elif not problems:
        msg.append("Choose one or more files first.")
    msg += [f"⚠ {escape(p)}" for p in problems]
    return "\n\n".join(msg), added


def ask_to_remove(assistant, upload_dir: Path, rel):
    """Step 1 of removing: (pending removal kept server-side in the session, confirmation text)."""
    names = dict((v, label) for label, v in removable_articles(assistant, upload_dir))
    if not rel or rel not in names:
        return None, "Pick an article to remove."
    return rel, (f"Remove **{escape(names[rel])}**? It moves to the trash (`{uploads.TRASH}/` in the corpus folder) "
                 "and can be restored below.")


def remove_article(assistant, upload_dir: Path, pending) -> str:
    """Step 2: move the article the user confirmed to the trash and re-index. `pending` comes from
    the session's state, which only step 1 sets: a request that skips it removes nothing."""
    if not pending:
        return "Nothing to remove: pick an article and confirm."
    try:
        uploads.remove_file(pending, upload_dir)
        report = assistant.reindex()
        return f"Moved {escape(pending)} to the trash. Index: {report.summary()}."
    except (QAError, OSError) as e:
        return f"⚠ {escape(str(e))}"


def restore_article(assistant, upload_dir: Path, trash_name) -> str:
    if not trash_name:
        return "Pick an article to restore."
    try:
        back = uploads.restore_file(trash_name, upload_dir)
        report = assistant.reindex()
        return f"Restored {escape(back.name)}. Index: {report.summary()}."
    except (QAError, OSError) as e:
        return f"⚠ {escape(str(e))}"


WELCOME = ("No articles yet. Add some with **Add articles** on the right (.txt .md .html .pdf .jsonl), "
           "serve a folder of your own with `qa serve --corpus FOLDER`, or load the sample article "
           "(NATO–Russia talks) with the button below.")


def reader_threshold(service) -> float:
    """The threshold slider's start: the reader's calibrated threshold, read without loading it."""
    from .reader import stored_threshold

    try:
        return round(stored_threshold(service.reader), 3)
    except QAError:
        return 0.3


def build(service):
    """The page. `service` loads the assistant in the background (qa.server.Service); every handler
    waits for it, so a question asked while the models load is answered once they are."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no analytics host looked up
    import gradio as gr

    upload_dir = service.upload_dir

    def lists(assistant):
        return (articles_table(assistant),
                gr.update(choices=removable_articles(assistant, upload_dir), value=None),
                gr.update(choices=trash_choices(upload_dir), value=None),
                gr.update(choices=search_in_choices(assistant)))

    def on_load():
        """Fill the page once the models are there; until then the status line says they load."""
        try:
            assistant = service.get()
        except QAError as e:
            return (f"⚠ {escape(str(e))}", [], gr.update(), gr.update(), gr.update(), [], gr.update(active=False))
        welcome = [] if assistant.retriever.store.documents else [{"role": "assistant", "content": WELCOME}]
        return (service.status(), *lists(assistant), welcome, gr.update(active=False))

    def on_tick():
        return service.status()

    def chat_turn(question, messages, history, transcript, k, threshold, articles):
        try:
            assistant = service.get()
        except QAError as e:
            failed = list(messages or []) + [{"role": "assistant", "content": f"<p>{escape(str(e))}</p>"}]
            return "", failed, history, transcript, None
        return respond(assistant, question, messages, history, k, threshold, articles, transcript)

    def on_option(pending_question, messages, history, transcript, k, threshold, articles, evt: gr.SelectData):
        """The user picked who "he"/"she" means: the waiting question, asked about that person."""
        if not pending_question or evt.value not in pending_question["choices"]:
            return messages, history, transcript, None
        _, messages, history, transcript, pending_next = respond(
            service.get(), pending_question["question"], messages, history, k, threshold, articles, transcript,
            person=evt.value)
        return messages, history, transcript, pending_next

    def on_select_message(transcript, evt: gr.SelectData):
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        entry = next((t for t in transcript or [] if t["message"] == index), None)
        return source_html(service.get(), entry), gr.update(open=True)

    def on_export(transcript):
        import tempfile

        if not transcript:
            return None
        folder = Path(tempfile.mkdtemp(prefix="qa-export-"))
        path = folder / f"conversation-{time.strftime('%Y%m%d-%H%M%S')}.md"
        path.write_text(export_markdown(transcript or []), encoding="utf-8")
        return str(path)

    def on_upload(files, progress=gr.Progress()):
        assistant = service.get()
        msg, _ = add_articles(assistant, upload_dir, files, progress)
        return (msg, service.status(), *lists(assistant), None)

    def on_sample():
        assistant = service.get()
        service.add_sample()
        report = assistant.reindex()
        return (f"Added the sample article. Index: {report.summary()}.", service.status(), *lists(assistant))

    def on_ask_remove(rel):
        pending, msg = ask_to_remove(service.get(), upload_dir, rel)
        return pending, msg, gr.update(visible=pending is not None)

    def on_confirm(pending):
        assistant = service.get()
        msg = remove_article(assistant, upload_dir, pending)
        return (None, msg, gr.update(visible=False), service.status(), *lists(assistant))

    def on_cancel():
        return None, "Nothing removed.", gr.update(visible=False)

    def on_restore(name):
        assistant = service.get()
        return (restore_article(assistant, upload_dir, name), service.status(), *lists(assistant))

    # delete_cache: Gradio's upload cache is emptied of files older than an hour, every 10 minutes
    # (uploads are copied into the corpus by add_articles; nothing needs the cached copy after that).
    with gr.Blocks(title="qa — ask the articles", analytics_enabled=False, delete_cache=(600, 3600)) as demo:
        gr.Markdown("## Ask the articles\nAnswers are quoted from the articles, with the paragraph they come from.")
        ready = gr.Markdown(service.status(), elem_id="ready")
        history = gr.State([])
        transcript = gr.State([])  # one record per answer message: the source panel and the export read it
        clarifying = gr.State(None)  # a question waiting for the user to say who "he"/"she" is
        with gr.Row():
            with gr.Column(scale=3):
                # latex_delimiters=[]: article text with $...$ never reaches KaTeX.
                chatbot = gr.Chatbot(label="Conversation", show_label=False, height=600, sanitize_html=True,
                                     elem_id="chat", feedback_options=None, buttons=["copy_all"],
                                     latex_delimiters=[])
                with gr.Row():
                    question = gr.Textbox(placeholder="Ask a question about the articles…", show_label=False,
                                          scale=5, elem_id="question", autofocus=True, max_length=1000)
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                search_in = gr.Dropdown(choices=[], value=[], multiselect=True, elem_id="search-in",
                                        label="Search in (empty: all articles)")
                gr.Examples(EXAMPLES, inputs=question, label="Try (on the sample article)")
                with gr.Row():
                    clear = gr.Button("New conversation", size="sm")
                    export = gr.DownloadButton("Download the conversation (.md)", size="sm", elem_id="export")
                    sample = gr.Button("Load the sample article", size="sm", elem_id="sample")
            with gr.Column(scale=2):
                with gr.Accordion("Source (click an answer to open its article)", open=False) as source_box:
                    source = gr.HTML(source_html(None, None), elem_id="source", max_height=500)
                with gr.Accordion("Settings", open=False):
                    k = gr.Slider(1, MAX_K, value=service.k, step=1, label="Passages retrieved per question (k)")
                    threshold = gr.Slider(0.0, 1.0, value=reader_threshold(service), step=0.005,
                                          label="Answer threshold (higher: fewer, surer answers)")
                with gr.Accordion("Articles", open=True):
                    table = gr.Dataframe([], headers=["Title", "File", "¶"], interactive=False,
                                         elem_id="articles", wrap=True, column_widths=["62%", "28%", "10%"])
                    files = gr.File(file_count="multiple", label="Add articles (.txt .md .html .pdf .jsonl, ≤ 20 MB)",
                                    file_types=[".txt", ".md", ".html", ".htm", ".pdf", ".jsonl"], elem_id="upload")
                    add = gr.Button("Add to the index", elem_id="add")
                    status = gr.Markdown(elem_id="status")
                    pending = gr.State(None)  # the article the user asked to remove, until confirmed
                    with gr.Row():
                        chosen = gr.Dropdown(choices=[], value=None, label="Remove an article", scale=3,
                                             elem_id="remove-choice")
                        drop = gr.Button("Remove…", scale=1, elem_id="remove")
                    with gr.Row(visible=False, elem_id="confirm-row") as confirm_row:
                        confirm = gr.Button("Yes, move it to the trash", variant="stop", elem_id="confirm-remove")
                        cancel = gr.Button("Cancel", elem_id="cancel-remove")
                    with gr.Row():
                        trash = gr.Dropdown(choices=[], value=None, label="Trash", scale=3, elem_id="trash-choice")
                        restore = gr.Button("Restore", scale=1, elem_id="restore")

        timer = gr.Timer(1.0)
        timer.tick(on_tick, None, ready, api_visibility="private", show_progress="hidden")
        listed = [table, chosen, trash, search_in]
        demo.load(on_load, None, [ready, *listed, chatbot, timer], api_visibility="private")
        inputs = [question, chatbot, history, transcript, k, threshold, search_in]
        turn_outputs = [question, chatbot, history, transcript, clarifying]
        # The download button holds the conversation so far as a file, renewed after every turn
        # (a DownloadButton downloads the value it has when clicked).
        for event in (question.submit(chat_turn, inputs, turn_outputs, api_visibility="private"),
                      send.click(chat_turn, inputs, turn_outputs, api_visibility="private"),
                      chatbot.option_select(on_option, [clarifying, chatbot, history, transcript, k, threshold,
                                                        search_in], [chatbot, history, transcript, clarifying],
                                            api_visibility="private")):
            event.then(on_export, [transcript], export, api_visibility="private")
        chatbot.select(on_select_message, [transcript], [source, source_box], api_visibility="private",
                       js=None).then(None, None, None, js=SCROLL_TO_CITATION)
        clear.click(lambda: ([], [], [], None, None), None, [chatbot, history, transcript, clarifying, export],
                    api_visibility="private")
        sample.click(on_sample, None, [status, ready, *listed], api_visibility="private")
        add.click(on_upload, [files], [status, ready, *listed, files], api_visibility="private")
        drop.click(on_ask_remove, [chosen], [pending, status, confirm_row], api_visibility="private")
        confirm.click(on_confirm, [pending], [pending, status, confirm_row, ready, *listed],
                      api_visibility="private")
        cancel.click(on_cancel, None, [pending, status, confirm_row], api_visibility="private")
        restore.click(on_restore, [trash], [status, ready, *listed], api_visibility="private")

        def ask(question: str, k: int = 5) -> dict:
            """Answer one question from the indexed articles."""
            try:
                assistant = service.get()
            except QAError as e:
                return {"error": str(e)}
            return ask_api(assistant, question, k)

        gr.api(ask, api_name="ask")
    return demo
