"""The Gradio chat. Models are loaded once (in the Assistant), never per request.

The handlers are plain functions of (the service, inputs) at module level, so they can be read and
tested without a browser; build() lays out the page panel by panel and wires the handlers to it.
Everything goes through the service (qa/service.py): no handler touches the retriever or the store.
"""

import logging
import tempfile
import uuid
from html import escape
from pathlib import Path

from . import uploads
from .errors import QAError
from .render import highlight, md_text, reply_html
from .serialize import reply_json
from .settings import DEFAULT_K, MAX_K
from .types import article_file

log = logging.getLogger("qa")
EXAMPLES = ["What did Peskov say about the talks?", "Who is the Russian government spokesman?",
            "What did Russia submit earlier this month?"]
# The highlighted answer keeps dark text on its yellow in dark mode too (contrast 13:1, WCAG AAA).
CSS = "mark {background: #ffe066; color: #1a1a1a; padding: 0 2px; border-radius: 2px}"
HISTORY_TURNS = 10  # earlier turns kept for follow-up resolution (only the last one is used today)




def articles_table(service) -> list[list[str]]:
    """Title (with "duplicate of FILE" for a story already in the corpus), date, file, paragraphs."""
    rows = []
    for a in service.articles():
        title = f"{a.title} — duplicate of {article_file(a.duplicate_of)}" if a.duplicate_of else a.title
        rows.append([title, a.date, Path(a.source).name, str(a.paragraphs)])
    return rows


def search_in_choices(service) -> list[tuple[str, str]]:
    """(title (file), file) of every indexed article, for the "Search in" selector."""
    seen, out = set(), []
    for a in service.articles():
        if a.file not in seen:
            seen.add(a.file)
            out.append((f"{a.title} ({a.file})", a.file))
    return out


def trash_choices(service) -> list[tuple[str, str]]:
    return [(f"{uploads.original_name(n)} (removed {n[:8]} {n[9:11]}:{n[11:13]})", n) for n in service.trash()]


def user_message(question: str) -> str:
    """The user's words as text: escaped, on one line inside an HTML element, so the chat's
    markdown renderer leaves them alone (no images fetched, no links, no math)."""
    return f"<p>{escape(' '.join(question.split()))}</p>"


def respond(service, question, messages, history, k, threshold, articles=None, transcript=None,
            person: str | None = None, since: str | None = None, until: str | None = None, date_phrases: bool = True):
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
        reply = service.ask(question, history, k=int(k), threshold=float(threshold), articles=articles or None,
                            person=person, since=since or None, until=until or None, date_phrases=date_phrases)
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
    transcript.append(transcript_entry(reply, len(messages) - 1, articles, since, until))
    return "", messages, history[-HISTORY_TURNS:], transcript, None


def transcript_entry(reply, message_index: int, articles=None, since=None, until=None) -> dict:
    """What a turn said, as plain data: for the source panel (which message cites which paragraph)
    and the Markdown export."""
    entry = {"message": message_index, "question": reply.original_question or reply.question,
             "interpreted": reply.question if reply.rewritten else "", "articles": list(articles or []),
             "answer": None, "unmentioned": reply.unmentioned, "since": since or "", "until": until or ""}
    if reply.answer is not None:
        a, h = reply.answer, reply.hit
        entry.update(answer=a.text, score=round(a.score, 3), title=h.title, paragraph=h.paragraph_number,
                     doc_id=h.doc_id, file=article_file(h.doc_id), start=a.start, end=a.end, date=h.date)
    return entry


def source_html(service, entry: dict | None) -> str:
    """The whole article an answer came from: title, date and file, every paragraph, the answer's
    paragraph marked and its span highlighted (all text escaped)."""
    if not entry or not entry.get("doc_id"):
        return "<p><em>Click an answer in the conversation to open its article here.</em></p>"
    found = service.source(entry["doc_id"])
    if found is None:
        return "<p>That article is no longer in the index.</p>"
    article, paragraphs = found
    head = [f"<h3>{escape(article.title)}</h3>",
            "<p><small>" + " · ".join(escape(x) for x in (article.date, entry["file"]) if x) + "</small></p>"]
    body = []
    for p in paragraphs:
        if p.number == entry["paragraph"]:
            body.append(f'<p id="qa-cited" class="cited"><small>¶{p.number}</small> '
                        f"{highlight(p.text, entry['start'], entry['end'])}</p>")
        else:
            body.append(f"<p><small>¶{p.number}</small> {escape(p.text)}</p>")
    return "\n".join(head + body)




def export_markdown(transcript: list[dict]) -> str:
    """The conversation as Markdown: each question, how it was interpreted, the answer with its
    score and citation (or why there is none)."""
    lines = ["# Conversation with qa", ""]
    for n, t in enumerate(transcript, 1):
        lines.append(f"## {n}. {md_text(t['question'])}")
        if t.get("interpreted"):
            lines.append(f"*Interpreted as:* {md_text(t['interpreted'])}")
        if t.get("articles"):
            lines.append(f"*Searched in:* {md_text(', '.join(t['articles']))}")
        if t.get("since") or t.get("until"):
            lines.append(f"*Dated:* {t.get('since') or '…'} to {t.get('until') or '…'}")
        if t.get("answer"):
            dated = f", {t['date']}" if t.get("date") else ""
            lines += ["", f"**{md_text(t['answer'])}** (confidence {t['score']:.0%})", "",
                      f"— *{md_text(t['title'])}*{dated}, paragraph {t['paragraph']} ({md_text(t['file'])})"]
        elif t.get("unmentioned"):
            lines += ["", f"The articles don't mention {md_text(', '.join(t['unmentioned']))}."]
        else:
            lines += ["", "I couldn't find that in the articles."]
        lines.append("")
    return "\n".join(lines)


def ask_api(service, question: str, k: int = DEFAULT_K) -> dict:
    """The Gradio API's ask: the same JSON as POST /api/ask (serialize.reply_json), or {"error": ...}
    (the assistant checks k and the question, as for every face)."""
    try:
        k = int(k)
    except (TypeError, ValueError):
        pass  # the assistant says what k must be
    try:
        return reply_json(service.ask(question, k=k))
    except QAError as e:
        return {"error": str(e)}


def add_articles(service, files, progress=None, upload_root: str | Path | None = None) -> tuple[str, list[Path]]:
    """Copy uploaded files into the corpus and index them: (status message, files added).

    Only files inside ``upload_root`` (Gradio's upload folder) are taken: the event can be called
    without the page, with a path naming any file on the server, and the mounted app does not check
    that itself. Anything else is refused without saying where it points."""
    pairs, refused = [], []
    root = Path(upload_root).resolve() if upload_root is not None else None
    for f in files or []:
        path = Path(getattr(f, "name", f))
        original = getattr(f, "orig_name", None) or path.name
        real = path.resolve()
        if root is None or root not in real.parents or path.is_symlink():
            refused.append(f"{md_text(Path(original).name)}: not an upload; add files with the upload box")
            continue
        pairs.append((real, original))
    if not pairs:
        return "\n\n".join(f"⚠ {r}" for r in refused) or "Choose one or more files first.", []
    if progress is not None:
        progress(0.3, desc=f"Indexing {len(pairs)} file(s)")
    added, problems, report = service.add_files(pairs)
    msg = [f"Added {', '.join(md_text(p.name) for p in added)}. Index: {report.summary()}."] if added else []
    msg += [f"⚠ {md_text(p)}" for p in problems] + [f"⚠ {r}" for r in refused]
    return "\n\n".join(msg), added


def add_from_link(service, url) -> str:
    """Fetch an article (or a feed's) from a link into the corpus and index it: the status message."""
    try:
        added, problems, report = service.add_url(url)
    except QAError as e:
        return f"⚠ {md_text(str(e))}"
    msg = [f"Added {', '.join(md_text(p.name) for p in added)}. Index: {report.summary()}."] if added else []
    return "\n\n".join(msg + [f"⚠ {md_text(p)}" for p in problems]) or "Nothing new at that link."


def ask_to_remove(service, rel):
    """Step 1 of removing: (pending removal kept server-side in the session, confirmation text)."""
    names = dict((v, label) for label, v in service.removable())
    if not rel or rel not in names:
        return None, "Pick an article to remove."
    return rel, (f"Remove **{md_text(names[rel])}**? It moves to the trash (`{uploads.TRASH}/` in the corpus folder) "
                 "and can be restored below.")


def remove_article(service, pending) -> str:
    """Step 2: move the article the user confirmed to the trash and re-index. `pending` comes from
    the session's state, which only step 1 sets: a request that skips it removes nothing."""
    if not pending:
        return "Nothing to remove: pick an article and confirm."
    try:
        report = service.remove(pending)
        return f"Moved {md_text(pending)} to the trash. Index: {report.summary()}."
    except (QAError, OSError) as e:
        return f"⚠ {md_text(str(e))}"


def restore_article(service, trash_name) -> str:
    if not trash_name:
        return "Pick an article to restore."
    try:
        back, report = service.restore(trash_name)
        return f"Restored {md_text(back.name)}. Index: {report.summary()}."
    except (QAError, OSError) as e:
        return f"⚠ {md_text(str(e))}"


_EXPORTS: Path | None = None  # one folder per process for the conversation downloads


def export_file(transcript: list[dict], conversation: str | None) -> tuple[str | None, str]:
    """(the conversation as a Markdown file, its id): one file per conversation, rewritten after
    every turn in one folder per process, so turns leave no folders behind."""
    global _EXPORTS
    if not transcript:
        return None, conversation or ""
    if _EXPORTS is None:
        _EXPORTS = Path(tempfile.mkdtemp(prefix="qa-export-"))
    conversation = conversation or uuid.uuid4().hex[:12]
    path = _EXPORTS / f"conversation-{conversation}.md"
    path.write_text(export_markdown(transcript), encoding="utf-8")
    return str(path), conversation


WELCOME = ("No articles yet. Add some with **Add articles** on the right (.txt .md .html .pdf .jsonl), "
           "serve a folder of your own with `qa serve --corpus FOLDER`, or load the sample article "
           "(NATO–Russia talks) with the button below.")
EMPTY_CHAT = ("**Ask a question about the articles** listed under *Articles* — or try one of the examples "
              "below. Each answer is quoted from an article, highlighted in its paragraph; click it to open "
              "the article. Follow-ups such as *“And Lavrov?”* or *“What did he say?”* work.")
# The source panel first (on a phone it sits below the conversation), then the cited paragraph in it.
SCROLL_TO_CITATION = ("() => { setTimeout(() => { document.querySelector('#source')?.scrollIntoView({block: 'start'});"
                      " document.querySelector('#qa-cited')?.scrollIntoView({block: 'center'}); }, 300); }")


def _chat_panel(gr, service):
    """The conversation, the question box, "Search in", examples and the conversation's buttons."""
    panel = {}
    # latex_delimiters=[]: article text with $...$ never reaches KaTeX.
    panel["chatbot"] = gr.Chatbot(label="Conversation", show_label=False, height=600, sanitize_html=True,
                                  elem_id="chat", feedback_options=None, buttons=["copy_all"], latex_delimiters=[],
                                  placeholder=EMPTY_CHAT)
    with gr.Row():
        panel["question"] = gr.Textbox(placeholder="Ask a question about the articles…", show_label=False, scale=5,
                                       elem_id="question", autofocus=True, max_length=1000)
        panel["send"] = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
    with gr.Row():
        panel["search_in"] = gr.Dropdown(choices=[], value=[], multiselect=True, elem_id="search-in", scale=3,
                                         label="Search in (empty: all articles)")
        panel["since"] = gr.Textbox(label="Dated from", placeholder="2022-01-01", elem_id="since", max_length=40,
                                    scale=1)
        panel["until"] = gr.Textbox(label="to", placeholder="2022-12-31", elem_id="until", max_length=40, scale=1)
    gr.Examples(EXAMPLES, inputs=panel["question"], label="Try (on the sample article)")
    with gr.Row():
        panel["clear"] = gr.Button("New conversation", size="sm")
        panel["export"] = gr.DownloadButton("Download the conversation (.md)", size="sm", elem_id="export")
        panel["sample"] = gr.Button("Load the sample article", size="sm", elem_id="sample")
    return panel


def _side_panels(gr, service):
    """The source panel, the settings, and the articles (list, upload, remove, trash)."""
    panel = {}
    with gr.Accordion("Source (click an answer to open its article)", open=False) as panel["source_box"]:
        panel["source"] = gr.HTML(source_html(None, None), elem_id="source", max_height=500)
    with gr.Accordion("Settings", open=False):
        panel["k"] = gr.Slider(1, MAX_K, value=service.k, step=1, label="Passages retrieved per question (k)")
        panel["threshold"] = gr.Slider(0.0, 1.0, value=service.threshold(), step=0.005,
                                       label="Answer threshold (higher: fewer, surer answers)")
        panel["date_phrases"] = gr.Checkbox(value=True, elem_id="date-phrases",
                                            label="Read dates in questions ('in March 2005', 'last week') as a filter")
    with gr.Accordion("Articles", open=True):
        panel["table"] = gr.Dataframe([], headers=["Title", "Date", "File", "¶"], interactive=False,
                                      elem_id="articles", wrap=True, column_widths=["52%", "14%", "26%", "8%"])
        panel["files"] = gr.File(file_count="multiple", label="Add articles (.txt .md .html .pdf .jsonl, ≤ 20 MB)",
                                 file_types=[".txt", ".md", ".html", ".htm", ".pdf", ".jsonl"], elem_id="upload")
        panel["add"] = gr.Button("Add to the index", elem_id="add")
        with gr.Row():
            panel["link"] = gr.Textbox(placeholder="https://… an article or an RSS/Atom feed", show_label=False,
                                       scale=3, elem_id="link", max_length=2000)
            panel["add_link"] = gr.Button("Add from link", scale=1, elem_id="add-link")
        panel["status"] = gr.Markdown(elem_id="status")
        panel["pending"] = gr.State(None)  # the article the user asked to remove, until confirmed
        with gr.Row():
            panel["chosen"] = gr.Dropdown(choices=[], value=None, label="Remove an article", scale=3,
                                          elem_id="remove-choice")
            panel["drop"] = gr.Button("Remove…", scale=1, elem_id="remove")
        with gr.Row(visible=False, elem_id="confirm-row") as panel["confirm_row"]:
            panel["confirm"] = gr.Button("Yes, move it to the trash", variant="stop", elem_id="confirm-remove")
            panel["cancel"] = gr.Button("Cancel", elem_id="cancel-remove")
        with gr.Row():
            panel["trash"] = gr.Dropdown(choices=[], value=None, label="Trash", scale=3, elem_id="trash-choice")
            panel["restore"] = gr.Button("Restore", scale=1, elem_id="restore")
    return panel


def _wire_chat(gr, service, chat, side, state):
    """Questions, clarifications, the source panel and the download."""
    def chat_turn(question, messages, history, transcript, k, threshold, articles, since, until, date_phrases):
        return respond(service, question, messages, history, k, threshold, articles, transcript, since=since,
                       until=until, date_phrases=date_phrases)

    def on_option(pending_question, messages, history, transcript, k, threshold, articles, since, until,
                  date_phrases, evt: gr.SelectData):
        """The user picked who "he"/"she" (or "it", "the company") means: the waiting question, asked
        about that one."""
        if not pending_question or evt.value not in pending_question["choices"]:
            return messages, history, transcript, None
        _, messages, history, transcript, pending_next = respond(
            service, pending_question["question"], messages, history, k, threshold, articles, transcript,
            person=evt.value, since=since, until=until, date_phrases=date_phrases)
        return messages, history, transcript, pending_next

    def on_select_message(transcript, evt: gr.SelectData):
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        entry = next((t for t in transcript or [] if t["message"] == index), None)
        return source_html(service, entry), gr.update(open=True)

    question, chatbot = chat["question"], chat["chatbot"]
    history, transcript, clarifying, conversation = (state[n] for n in ("history", "transcript", "clarifying",
                                                                          "conversation"))
    inputs = [question, chatbot, history, transcript, side["k"], side["threshold"], chat["search_in"], chat["since"],
              chat["until"], side["date_phrases"]]
    outputs = [question, chatbot, history, transcript, clarifying]
    # The download button holds the conversation so far as a file, renewed after every turn
    # (a DownloadButton downloads the value it has when clicked).
    for event in (question.submit(chat_turn, inputs, outputs, api_visibility="private"),
                  chat["send"].click(chat_turn, inputs, outputs, api_visibility="private"),
                  chatbot.option_select(on_option, [clarifying, chatbot, history, transcript, side["k"],
                                                    side["threshold"], chat["search_in"], chat["since"], chat["until"],
                                                    side["date_phrases"]],
                                        [chatbot, history, transcript, clarifying], api_visibility="private")):
        event.then(export_file, [transcript, conversation], [chat["export"], conversation], api_visibility="private")
    chatbot.select(on_select_message, [transcript], [side["source"], side["source_box"]], api_visibility="private",
                   js=None).then(None, None, None, js=SCROLL_TO_CITATION)
    chat["clear"].click(lambda: ([], [], [], None, None, ""), None,
                        [chatbot, history, transcript, clarifying, chat["export"], conversation],
                        api_visibility="private")


def _wire_articles(gr, service, chat, side, ready, listed):
    """Upload, the sample, remove (asked, then confirmed) and restore; each refreshes the lists."""
    def lists():
        return (articles_table(service), gr.update(choices=service.removable(), value=None),
                gr.update(choices=trash_choices(service), value=None), gr.update(choices=search_in_choices(service)))

    def on_upload(files, progress=gr.Progress()):
        from gradio.utils import get_upload_folder

        msg, _ = add_articles(service, files, progress, upload_root=get_upload_folder())
        return (msg, service.status(), *lists(), None)

    def on_link(url, progress=gr.Progress()):
        progress(0.2, desc="Fetching")
        msg = add_from_link(service, url)
        return (msg, service.status(), *lists(), "")

    def on_sample():
        _, new = service.add_sample()
        if not new:
            return ("The sample article is already in the corpus.", service.status(), *lists())
        report = service.reindex()
        return (f"Added the sample article. Index: {report.summary()}.", service.status(), *lists())

    def on_ask_remove(rel):
        pending, msg = ask_to_remove(service, rel)
        return pending, msg, gr.update(visible=pending is not None)

    def on_confirm(pending):
        msg = remove_article(service, pending)
        return (None, msg, gr.update(visible=False), service.status(), *lists())

    def on_cancel():
        return None, "Nothing removed.", gr.update(visible=False)

    def on_restore(name):
        return (restore_article(service, name), service.status(), *lists())

    status = side["status"]
    chat["sample"].click(on_sample, None, [status, ready, *listed], api_visibility="private")
    side["add"].click(on_upload, [side["files"]], [status, ready, *listed, side["files"]], api_visibility="private")
    side["add_link"].click(on_link, [side["link"]], [status, ready, *listed, side["link"]], api_visibility="private")
    side["drop"].click(on_ask_remove, [side["chosen"]], [side["pending"], status, side["confirm_row"]],
                       api_visibility="private")
    side["confirm"].click(on_confirm, [side["pending"]], [side["pending"], status, side["confirm_row"], ready, *listed],
                          api_visibility="private")
    side["cancel"].click(on_cancel, None, [side["pending"], status, side["confirm_row"]], api_visibility="private")
    side["restore"].click(on_restore, [side["trash"]], [status, ready, *listed], api_visibility="private")
    return lists


def build(service):
    """The page. `service` loads the assistant in the background (qa.service.Service); every handler
    waits for it, so a question asked while the models load is answered once they are."""
    import gradio as gr

    # delete_cache: Gradio's upload cache is emptied of files older than an hour, every 10 minutes
    # (uploads are copied into the corpus by add_articles; nothing needs the cached copy after that).
    with gr.Blocks(title="qa — ask the articles", analytics_enabled=False, delete_cache=(600, 3600)) as demo:
        gr.Markdown("## Ask the articles\nAnswers are quoted from the articles, with the paragraph they come from.")
        ready = gr.Markdown(service.status(), elem_id="ready")
        state = {"history": gr.State([]),
                 "transcript": gr.State([]),  # one record per answer message: the source panel and the export
                 "clarifying": gr.State(None),  # a question waiting for the user to say who "he"/"she" is
                 "conversation": gr.State("")}  # this conversation's id: its download file's name
        with gr.Row():
            with gr.Column(scale=3):
                chat = _chat_panel(gr, service)
            with gr.Column(scale=2):
                side = _side_panels(gr, service)
        listed = [side["table"], side["chosen"], side["trash"], chat["search_in"]]
        _wire_chat(gr, service, chat, side, state)
        lists = _wire_articles(gr, service, chat, side, ready, listed)

        def on_load():
            """Fill the page once the models are there; until then the status line says they load."""
            try:
                articles = service.articles()
            except QAError as e:
                return (f"⚠ {md_text(str(e))}", [], gr.update(), gr.update(), gr.update(), [], gr.update(active=False))
            welcome = [] if articles else [{"role": "assistant", "content": WELCOME}]
            return (service.status(), *lists(), welcome, gr.update(active=False))

        timer = gr.Timer(1.0)
        timer.tick(service.status, None, ready, api_visibility="private", show_progress="hidden")
        demo.load(on_load, None, [ready, *listed, chat["chatbot"], timer], api_visibility="private")

        def ask(question: str, k: int = DEFAULT_K) -> dict:
            """Answer one question from the indexed articles: the same JSON as POST /api/ask."""
            return ask_api(service, question, k)

        gr.api(ask, api_name="ask")
    return demo
