"""The Gradio chat. Models are loaded once (in the Assistant), never per request.

The handlers are plain functions of (assistant, upload folder, inputs) at module level, so they can
be read and tested without a browser; build() only lays out the page and wires them to it.
"""
from __future__ import annotations

import functools
import logging
from html import escape
from pathlib import Path

from . import uploads
from .errors import QAError
from .render import reply_dict, reply_html

log = logging.getLogger("qa")
EXAMPLES = ["What did Peskov say about the talks?", "Who is the Russian government spokesman?",
            "What did Russia submit earlier this month?"]
CSS = "mark {background: #ffe066; color: inherit; padding: 0 2px; border-radius: 2px}"
HISTORY_TURNS = 10  # earlier turns kept for follow-up resolution (only the last one is used today)


def articles_table(assistant) -> list[list[str]]:
    docs = assistant.retriever.store.documents
    return [[d["title"], Path(d["source"]).name, str(d["paragraphs"])] for d in docs.values()]


def article_choices(assistant) -> list[tuple[str, str]]:
    seen, out = set(), []
    for d in assistant.retriever.store.documents.values():
        if d["source"] not in seen:
            seen.add(d["source"])
            out.append((f"{d['title']} ({Path(d['source']).name})", d["source"]))
    return out


def respond(assistant, question, messages, history, k, threshold):
    """One chat turn: (cleared question box, messages, history)."""
    messages = list(messages or [])
    history = list(history or [])
    if not question or not question.strip():
        return "", messages, history
    messages.append({"role": "user", "content": escape(question)})
    try:
        reply = assistant.ask(question, history, k=int(k), threshold=float(threshold))
        messages.append({"role": "assistant", "content": reply_html(reply)})
        history.append((question, reply))
    except QAError as e:
        messages.append({"role": "assistant", "content": f"<p>{escape(str(e))}</p>"})
    except Exception as e:  # never a traceback in the chat; the log keeps it
        log.exception("error answering %r", question)
        messages.append({"role": "assistant",
                         "content": f"<p>Sorry, something went wrong ({escape(type(e).__name__)}).</p>"})
    return "", messages, history[-HISTORY_TURNS:]


def ask_api(assistant, question: str, k: int = 5) -> dict:
    """Answer one question from the indexed articles (the named /ask endpoint)."""
    try:
        return reply_dict(assistant.ask(question, k=int(k)))
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


def remove_article(assistant, upload_dir: Path, source) -> str:
    """Delete one article file from the corpus and the index: the status message."""
    if not source:
        return "Pick an article to remove."
    try:
        uploads.remove_file(source, upload_dir)
        report = assistant.reindex()
        return f"Removed {escape(Path(source).name)}. Index: {report.summary()}."
    except (QAError, OSError) as e:
        return f"⚠ {escape(str(e))}"


def build(assistant, upload_dir: str | Path):
    import gradio as gr

    upload_dir = Path(upload_dir)

    def on_upload(files, progress=gr.Progress()):
        msg, _ = add_articles(assistant, upload_dir, files, progress)
        return msg, articles_table(assistant), gr.update(choices=article_choices(assistant), value=None), None

    def on_remove(source):
        msg = remove_article(assistant, upload_dir, source)
        return msg, articles_table(assistant), gr.update(choices=article_choices(assistant), value=None)

    with gr.Blocks(title="qa — ask the articles") as demo:
        gr.Markdown("## Ask the articles\nAnswers are quoted from the articles, with the paragraph they come from.")
        history = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Conversation", show_label=False, height=600, sanitize_html=True,
                                     elem_id="chat", feedback_options=None, buttons=["copy_all"])
                with gr.Row():
                    question = gr.Textbox(placeholder="Ask a question about the articles…", show_label=False,
                                          scale=5, elem_id="question", autofocus=True)
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                gr.Examples(EXAMPLES, inputs=question, label="Try")
                clear = gr.Button("New conversation", size="sm")
            with gr.Column(scale=2):
                with gr.Accordion("Settings", open=False):
                    k = gr.Slider(1, 10, value=assistant.k, step=1, label="Passages retrieved per question (k)")
                    threshold = gr.Slider(0.0, 1.0, value=round(assistant.reader.threshold, 3), step=0.005,
                                          label="Answer threshold (higher: fewer, surer answers)")
                with gr.Accordion("Articles", open=True):
                    table = gr.Dataframe(articles_table(assistant), headers=["Title", "File", "¶"],
                                         interactive=False, elem_id="articles", wrap=True,
                                         column_widths=["62%", "28%", "10%"])
                    files = gr.File(file_count="multiple", label="Add articles (.txt .md .html .pdf .jsonl, ≤ 20 MB)",
                                    file_types=[".txt", ".md", ".html", ".htm", ".pdf", ".jsonl"], elem_id="upload")
                    add = gr.Button("Add to the index", elem_id="add")
                    status = gr.Markdown(elem_id="status")
                    with gr.Row():
                        chosen = gr.Dropdown(choices=article_choices(assistant), value=None,
                                             label="Remove an article", scale=3, elem_id="remove-choice")
                        drop = gr.Button("Remove", scale=1, elem_id="remove")

        chat_turn = functools.partial(respond, assistant)
        inputs = [question, chatbot, history, k, threshold]
        question.submit(chat_turn, inputs, [question, chatbot, history], api_visibility="private")
        send.click(chat_turn, inputs, [question, chatbot, history], api_visibility="private")
        clear.click(lambda: ([], []), None, [chatbot, history], api_visibility="private")
        add.click(on_upload, [files], [status, table, chosen, files], api_visibility="private")
        drop.click(on_remove, [chosen], [status, table, chosen], api_visibility="private")

        def ask(question: str, k: int = 5) -> dict:
            """Answer one question from the indexed articles."""
            return ask_api(assistant, question, k)

        gr.api(ask, api_name="ask")
    return demo


def launch(assistant, upload_dir, host: str = "127.0.0.1", port: int = 7860, share: bool = False, **kw):
    demo = build(assistant, upload_dir)
    demo.queue(default_concurrency_limit=2)
    return demo.launch(server_name=host, server_port=port, share=share, css=CSS,
                       max_file_size=uploads.MAX_UPLOAD_BYTES, footer_links=["api"], **kw)
