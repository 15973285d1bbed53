"""The faces answer in one shape: the JSON API, the Gradio API and the CLI's --json all go through
qa.serialize. Checked here over a service that needs no model (a stand-in with the real surface's
signatures), so the fast lane covers the routes, their errors and the shapes."""
import ast
import re

import pytest

from qa.errors import BadInput, QAError
from qa.serialize import article_json, hit_json, reply_json
from qa.types import Answer, Article, Hit, Paragraph, Reply

from conftest import ROOT

TEXT = "The Russian government spokesman Dmitry Peskov welcomed the move."


def a_hit(n=0, doc="news.jsonl#2"):
    return Hit(Paragraph(id=f"{doc}:{n}", doc_id=doc, title="Talks", text=TEXT, start=10, end=10 + len(TEXT)),
               score=0.75, source="/srv/corpus/news.jsonl", dense_rank=1, bm25_rank=2)


def a_reply(answered=True):
    h = a_hit()
    start = TEXT.index("Dmitry")
    answer = Answer("Dmitry Peskov", 0.81, 0, start, start + 13, margin=7.5, hit=h) if answered else None
    return Reply(question="Who is the spokesman?", answer=answer, hits=[h], original_question="Who is he?")


def test_reply_json_has_the_answer_fields_at_the_top():
    out = reply_json(a_reply())
    assert out["answer"] == "Dmitry Peskov" and out["passage"][out["start"]:out["end"]] == out["answer"]
    assert (out["question"], out["interpreted_question"]) == ("Who is he?", "Who is the spokesman?")
    assert out["file"] == "news.jsonl" and out["doc_id"] == "news.jsonl#2" and out["paragraph"] == 1
    assert out["passages"] == [hit_json(a_hit())] and out["alternatives"] == [] and out["closest"] is None
    declined = reply_json(a_reply(answered=False))
    assert declined["answer"] is None and declined["score"] is None and declined["passages"]
    assert "/srv/corpus" not in repr(out) and "/srv/corpus" not in repr(declined)  # no server paths


def test_hit_and_article_json():
    h = hit_json(a_hit())
    assert {k: h[k] for k in ("file", "paragraph", "paragraph_id", "start", "end", "dense_rank", "bm25_rank")} == \
        {"file": "news.jsonl", "paragraph": 1, "paragraph_id": "news.jsonl#2:0", "start": 10,
         "end": 10 + len(TEXT), "dense_rank": 1, "bm25_rank": 2}
    art = article_json(Article("a.md", "a.md", "A", "/srv/a.md", "2022-01-05", 3))
    assert art == {"file": "a.md", "id": "a.md", "title": "A", "date": "2022-01-05", "paragraphs": 3,
                   "duplicate_of": None}


class StandInService:
    """The service surface the faces call, answering from fixed values."""
    ready, error, loaded_s = True, None, 1.0

    def __init__(self, fail=None):
        self.fail, self.asked = fail, []

    def ask(self, question, history=(), k=None, threshold=None, articles=None, person=None, since=None, until=None,
            date_phrases=True, wait=None):
        if self.fail:
            raise self.fail
        if not question.strip():
            raise BadInput("Please type a question.")
        if articles and "nope.md" in articles:
            raise BadInput("No article named nope.md in the index.")
        self.asked.append((question, list(history), k, articles, since, until))
        return a_reply()

    def search(self, query, k=None, articles=None, since=None, until=None, wait=None):
        if self.fail:
            raise self.fail
        return [a_hit(i) for i in range(k or 5)]

    def articles(self, wait=None):
        if self.fail:
            raise self.fail
        return [Article("a.md", "a.md", "A", "/srv/a.md", "", 3)]


@pytest.fixture()
def api():
    fastapi = pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from qa import api as routes

    def client(service):
        app = fastapi.FastAPI()
        routes.add_routes(app, service)
        return TestClient(app)

    return client


def test_the_json_api_answers_in_the_one_shape(api):
    service = StandInService()
    c = api(service)
    r = c.post("/api/ask", json={"question": "Who is he?", "k": 3, "since": "2022-01",
                                 "history": [{"question": "Who spoke?", "answer": "Peskov"}]})
    assert r.status_code == 200 and r.json() == reply_json(a_reply())
    assert service.asked == [("Who is he?", [("Who spoke?", "Peskov")], 3, None, "2022-01", None)]
    r = c.get("/api/search", params={"q": "Peskov", "k": 2})
    assert r.status_code == 200 and r.json() == {"query": "Peskov", "hits": [hit_json(a_hit(0)), hit_json(a_hit(1))]}
    assert c.get("/api/articles").json() == {"articles": [article_json(Article("a.md", "a.md", "A", "/srv/a.md", "", 3))]}


@pytest.mark.parametrize("body, status, says", [
    ({"question": "Why?", "k": 0}, 422, "k"),
    ({"question": "Why?", "k": 21}, 422, "k"),
    ({"question": "Why?", "surprise": 1}, 422, "surprise"),
    ({"question": "   "}, 400, "Please type a question"),
    ({"question": "Why?", "articles": ["nope.md"]}, 400, "No article named nope.md"),
])
def test_the_json_api_refuses_in_one_line(api, body, status, says):
    r = api(StandInService()).post("/api/ask", json=body)
    assert r.status_code == status and says in r.json()["error"] and "\n" not in r.json()["error"]


def test_loading_and_failures_are_json(api):
    loading = api(StandInService(fail=QAError("Still loading the models; try again in a moment.")))
    assert loading.post("/api/ask", json={"question": "Why?"}).status_code == 503
    assert loading.get("/api/search", params={"q": "x"}).status_code == 503
    broken = api(StandInService(fail=QAError("Milvus at http://h:1 failed to search")))
    r = broken.get("/api/articles")
    assert r.status_code == 500 and r.json() == {"error": "Milvus at http://h:1 failed to search"}


def test_the_gradio_api_returns_the_same_json():
    from qa.ui import ask_api

    assert ask_api(StandInService(), "Who is he?", 5) == reply_json(a_reply())
    assert ask_api(StandInService(), "   ", 5) == {"error": "Please type a question."}


FACES = ["qa/ui.py", "qa/api.py", "qa/cli.py", "qa/server.py", "qa/render.py", "qa/service.py"]


def test_no_face_reaches_into_the_retriever_or_the_store():
    offenders = []
    for name in FACES:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("retriever", "store"):
                owner = ast.unparse(node.value)
                if owner.split(".")[-1] != "settings":  # settings.store: where the index lives, a string
                    offenders.append(f"{name}:{node.lineno}: {owner}.{node.attr}")
    assert offenders == []


def test_one_reply_serializer():
    """Only serialize.py builds a reply's JSON; the faces call it."""
    for path in sorted((ROOT / "qa").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name != "serialize.py":
            assert not re.search(r'"interpreted_question"\s*:', text), path
            assert "def reply_dict" not in text, path


def test_every_reply_carries_a_plain_message():
    from qa.serialize import reply_message

    assert reply_json(a_reply())["message"] == "Dmitry Peskov"
    declined = a_reply(answered=False)
    assert reply_message(declined) == "I couldn't find that in the articles. The closest passages are listed."
    declined.unmentioned = ["Paris"]
    assert reply_json(declined)["message"] == "The articles don't mention Paris."
    asked_back = Reply(question="q", answer=None, clarify=["Blinken", "Stoltenberg"])
    assert reply_json(asked_back)["message"] == "Do you mean Blinken or Stoltenberg?"


def test_an_unknown_endpoint_is_a_json_404(api):
    r = api(StandInService()).get("/api/nope")
    assert r.status_code == 404 and r.json()["error"].startswith("No such endpoint /api/nope")


def limited_app():
    """RequestLimits around a tiny app that echoes how much it was sent."""
    from fastapi import FastAPI, Request
    from fastapi.testclient import TestClient

    from qa.server import RequestLimits

    inner = FastAPI()

    @inner.post("/api/ask")
    async def ask(request: Request):
        return {"got": len(await request.body())}

    @inner.post("/gradio_api/upload")
    async def upload(request: Request):
        return {"got": len(await request.body())}

    return TestClient(RequestLimits(inner))


def test_request_limits_bound_the_api_body():
    from qa.api import MAX_BODY_BYTES

    c = limited_app()
    assert c.post("/api/ask", content=b"{}").json() == {"got": 2}
    r = c.post("/api/ask", content=b"x" * (MAX_BODY_BYTES + 1), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "larger than the 1 MB allowed" in r.json()["error"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(3):
            yield b"x" * (MAX_BODY_BYTES // 2)

    assert c.post("/api/ask", content=chunks()).status_code == 413


def test_the_upload_route_takes_only_article_files():
    c = limited_app()
    ok = c.post("/gradio_api/upload", files=[("files", ("notes.txt", b"exe: not really\r\n\r\nfilename=\"x.exe\""))])
    assert ok.status_code == 200 and ok.json()["got"] > 0  # a file's own contents are never read as headers
    bad = c.post("/gradio_api/upload", files=[("files", ("a.txt", b"fine")), ("files", ("virus.exe", b"MZ..."))])
    assert bad.status_code == 415 and "virus.exe: not an article file" in bad.json()["error"]
    assert c.post("/gradio_api/upload", content=b"raw bytes").status_code == 415  # not multipart at all
    huge = c.post("/gradio_api/upload", content=b"", headers={"Content-Length": str(200 * 2**20)})
    assert huge.status_code == 413
