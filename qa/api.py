"""The JSON HTTP API beside the chat: POST /api/ask, GET /api/search, GET /api/articles.

Errors are HTTP 4xx (503 while the models load) with a one-line {"error": "..."}: bad JSON,
missing or wrong fields, a question that is too long, an article that is not in the index.
"""

from typing import Optional, Union

from .errors import BadInput, QAError
from .settings import DEFAULT_K, MAX_K, MAX_QUESTION_CHARS

MAX_HISTORY = 20
# A request while the models load waits this long for them, then gets 503 with Retry-After (the
# page itself waits the whole load: qa.service.LOAD_WAIT_S).
LOAD_WAIT_S = 5
MAX_BODY_BYTES = 1 << 20  # a JSON API request: a question, 20 turns of history, 1,000 article names


def _answer_text(answer) -> Optional[str]:
    """A history turn's answer as text: given as text, or as this API's answer object."""
    if isinstance(answer, dict):  # a whole reply ({"answer": "..."}) or an answer object ({"text": "..."})
        text = answer.get("answer") if "answer" in answer else answer.get("text")
        return text[:5000] if isinstance(text, str) else None
    return answer[:5000] if isinstance(answer, str) else None


def _request_models():
    """The pydantic models of /api/ask's body (built on first use: importing qa stays light)."""
    from pydantic import BaseModel, ConfigDict, Field

    class Turn(BaseModel):
        model_config = ConfigDict(extra="ignore")  # this API's own reply object is a turn as it is
        question: str = Field(max_length=MAX_QUESTION_CHARS, description="an earlier question, as interpreted")
        answer: Optional[Union[str, dict]] = Field(
            default=None, description="its answer: the text, or this API's reply (its answer is taken); "
                                      "null if declined")

    class AskBody(BaseModel):
        model_config = ConfigDict(extra="forbid")
        question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                              examples=["What did Peskov say about the talks?"])
        history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY,
                                    description="earlier turns, oldest first, for follow-up questions")
        k: int = Field(default=DEFAULT_K, ge=1, le=MAX_K, description="passages retrieved")
        articles: Optional[list[str]] = Field(default=None, max_length=1000,
                                              description="answer only from these article files")
        person: Optional[str] = Field(default=None, max_length=200,
                                      description="who 'he'/'she', 'it' or 'the company' means, picked from an "
                                                  "earlier reply's clarify list")
        since: Optional[str] = Field(default=None, max_length=40, examples=["2022-01-01"],
                                     description="only articles dated on or after this day (2022-01-01, 2022-01 or "
                                                 "2022)")
        until: Optional[str] = Field(default=None, max_length=40,
                                     description="only articles dated on or before this day")
        date_phrases: bool = Field(default=True, description="a date the question names ('in March 2005', "
                                   "'last week') filters the articles by date (said in date_filter)")
    return AskBody


def _error(status: int, message: str):
    """The one-line JSON error every failure is answered with."""
    from fastapi.responses import JSONResponse

    return JSONResponse({"error": " ".join(str(message).split())}, status_code=status)


def _unavailable(e: QAError):
    """503 with Retry-After while the models load; 500 for anything else the service raised."""
    from fastapi.responses import JSONResponse

    if "loading" in str(e).lower():
        return JSONResponse({"error": str(e)}, status_code=503, headers={"Retry-After": "2"})
    return _error(500, str(e))


def _add_error_handlers(app) -> None:
    """Bad JSON, wrong fields and HTTP errors as one-line JSON errors."""
    from fastapi import Request
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        if first.get("type") == "json_invalid":
            return _error(400, "The request body is not valid JSON.")
        return _error(422, f"{where + ': ' if where else ''}{first.get('msg', 'invalid request')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, exc.detail if isinstance(exc.detail, str) else "request refused")


def add_routes(app, service, chat=None) -> None:
    from fastapi import Query

    from .serialize import article_json, hit_json, reply_json

    AskBody = _request_models()
    _add_error_handlers(app)

    @app.post("/api/ask", summary="Answer a question from the articles")
    def ask(body: AskBody):
        """The answer (text, score, article, paragraph, offsets into the passage) or null, the
        question as interpreted after resolving follow-ups, and the passages searched. When it is
        unsure who "he"/"she" (or "it", "the company") means, `clarify` lists who it may be: ask
        again with the pick as `person`."""
        try:
            reply = service.ask(body.question, [(t.question, _answer_text(t.answer)) for t in body.history], k=body.k,
                                articles=body.articles, person=body.person, since=body.since, until=body.until,
                                date_phrases=body.date_phrases, wait=LOAD_WAIT_S)
        except BadInput as e:
            return _error(400, str(e))
        except QAError as e:
            return _unavailable(e)
        return reply_json(reply)

    @app.get("/api/search", summary="The passages that best match a query")
    def search(q: str = Query(min_length=1, max_length=MAX_QUESTION_CHARS), k: int = Query(DEFAULT_K, ge=1, le=MAX_K),
               article: Optional[list[str]] = Query(None, description="only these article files"),
               since: Optional[str] = Query(None, max_length=40, description="only articles dated on or after"),
               until: Optional[str] = Query(None, max_length=40, description="only articles dated on or before")):
        try:
            hits = service.search(q, k, articles=article, since=since, until=until, wait=LOAD_WAIT_S)
        except BadInput as e:
            return _error(400, str(e))
        except QAError as e:
            return _unavailable(e)
        return {"query": q, "hits": [hit_json(h) for h in hits]}

    @app.get("/api/status", summary="Whether the chat page and the models are up")
    def status():
        return {"page": chat is not None and chat.app is not None, "models": service.ready,
                "error": service.error or (chat.error if chat is not None else None),
                "models_loaded_s": round(service.loaded_s, 2) if service.loaded_s else None,
                "watch": None if service.watching is None else {
                    "state": service.watching.state, "last_error": service.watching.error or None,
                    "restarts": service.watching.restarts, "skipped_names": service.watching.skipped_names}}

    @app.get("/api/articles", summary="The indexed articles")
    def articles():
        try:
            return {"articles": [article_json(a) for a in service.articles(wait=LOAD_WAIT_S)]}
        except QAError as e:
            return _unavailable(e)

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"], include_in_schema=False)
    def no_such_endpoint(rest: str):
        return _error(404, f"No such endpoint /api/{rest}; see /docs for the JSON API.")
