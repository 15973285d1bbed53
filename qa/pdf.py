"""PDF text, read in a worker process with a deadline and a page budget, so that one hostile PDF
(thousands of pages sharing one heavy content stream) never stalls a build for the other files.

The worker (`python -m qa.pdf`) reads the PDF's bytes on stdin and writes one JSON line per page;
when MAX_PDF_SECONDS pass it is killed and the pages it sent are kept, with a warning. The outcome
is remembered by the content's sha256 (in memory, and on disk for the outcomes that cost a cut or a
refusal), so an unchanged file is never parsed again and reads the same on every build. pypdf's own
log and stderr noise stays in the worker: the product says one line per file instead.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path


MAX_PDF_PAGES = 2000  # pages read per PDF; past this the rest are left out, with a warning
MAX_PDF_SECONDS = 30.0  # the worker's wall time per PDF
OUTCOME_FORMAT = 2  # raised whenever the worker or what it reports changes: older remembered outcomes are not read
_MEMORY: dict[str, dict] = {}
_MEMORY_LIMIT = 256
_LOCK = threading.Lock()


def cache_dir() -> Path:
    from .settings import current

    if current().pdf_cache:
        return Path(current().pdf_cache).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("qa", appauthor=False)) / "pdf"


def outcome_of(data: bytes, max_chars: int = 1_000_000) -> dict:
    """What the worker made of these bytes: {"pages", "total", "title", "date", "stopped", "noise",
    "first_noise"} or {"error"}; remembered by content hash."""
    digest = hashlib.sha256(data + _recipe()).hexdigest()  # the same bytes read the same way
    with _LOCK:
        if digest in _MEMORY:
            return _MEMORY[digest]
    outcome = _from_disk(digest)
    if outcome is None:
        outcome = _run_worker(data, max_chars)
        # Only what the worker itself reported (or a cut at the deadline) is kept: a worker that died
        # for its environment's sake is tried again next time.
        if outcome.get("reported") and (outcome.get("stopped") or outcome.get("error") or outcome.get("slow")):
            _to_disk(digest, outcome)
    with _LOCK:
        if len(_MEMORY) >= _MEMORY_LIMIT:
            _MEMORY.pop(next(iter(_MEMORY)))
        _MEMORY[digest] = outcome
    return outcome


def _run_worker(data: bytes, max_chars: int = 1_000_000) -> dict:
    import time

    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "qa.pdf", str(MAX_PDF_PAGES), str(max_chars)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    stopped = False
    try:
        try:
            out, _ = proc.communicate(data, timeout=MAX_PDF_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()  # what it sent before the kill is kept
            stopped = True
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    lines = [json.loads(line) for line in out.decode("utf-8", "replace").splitlines() if _is_json(line)]
    failed = next((x for x in lines if "error" in x), None)  # a failure after the head (a bomb on page 3)
    if failed is not None:
        return {"error": failed["error"], "reported": True}
    head = next((x for x in lines if "total" in x), None)
    if head is None:  # cut at the deadline (kept: the file is that slow), or died (tried again next time)
        return {"error": "the PDF reader stopped before reading any page" if stopped
                else "not a readable PDF (the PDF reader failed on it)", "reported": stopped}
    pages = [x["page"] for x in lines if "page" in x]
    noise = next((x for x in lines if "noise" in x), {})
    return {"pages": pages, "total": head["total"], "title": head.get("title", ""), "date": head.get("date", ""),
            "stopped": stopped or not any("done" in x for x in lines), "noise": noise.get("noise", 0),
            "first_noise": noise.get("first", ""), "slow": time.monotonic() - t0 > 5,
            "reported": stopped or proc.returncode == 0}


def _is_json(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _from_disk(digest: str) -> dict | None:
    try:
        data = json.loads((cache_dir() / f"{digest}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        return data
    well_formed = isinstance(data, dict) and isinstance(data.get("pages"), list) and isinstance(data.get("total"), int) \
        and all(isinstance(p, str) for p in data["pages"])
    return data if well_formed else None


def _recipe() -> bytes:
    """What the outcome depends on besides the bytes: the PDF reader's version and the limits."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        reader = version("pypdf")
    except PackageNotFoundError:
        reader = "?"
    return f"|outcome v{OUTCOME_FORMAT}|pypdf {reader}|{MAX_PDF_PAGES} pages|{MAX_PDF_SECONDS} s".encode()


def _to_disk(digest: str, outcome: dict) -> None:
    """Atomically, and never an error: the cache only saves work."""
    with contextlib.suppress(OSError):
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(outcome, f)
            os.replace(tmp, folder / f"{digest}.json")
        finally:
            Path(tmp).unlink(missing_ok=True)


# --- the worker -------------------------------------------------------------------------------
def _worker(max_pages: int, max_chars: int) -> None:
    """Read a PDF from stdin; write a head line, a line per page, a noise line and "done"."""
    import io
    import logging
    import warnings as py_warnings

    noise: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            noise.append(record.getMessage())

    logging.getLogger("pypdf").addHandler(Keep())
    logging.getLogger("pypdf").propagate = False
    py_warnings.showwarning = lambda message, *a, **k: noise.append(str(message))
    out = sys.stdout

    def say(obj):
        out.write(json.dumps(obj) + "\n")
        out.flush()

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(sys.stdin.buffer.read()))
        total = len(reader.pages)
        meta = reader.metadata
        title = meta.title if meta and isinstance(meta.title, str) else ""
        raw_date = (meta.get("/CreationDate") or meta.get("/ModDate") or "") if meta else ""
        say({"total": total, "title": title, "date": raw_date if isinstance(raw_date, str) else ""})
        written = 0
        for n in range(min(total, max_pages)):  # pages by index: the rest are never loaded
            text = reader.pages[n].extract_text() or ""
            say({"page": text})
            written += len(text)
            if written > max_chars:  # the article is cut there anyway: no more to hand over
                break
    except Exception as e:  # noqa: BLE001 - any failure of the parser is this file's, said in one line
        kind = "refused, the PDF expands past pypdf's limits" if type(e).__name__ == "LimitReachedError" \
            else "not a readable PDF"
        say({"error": f"{kind} ({type(e).__name__}: {str(e)[:160]})"})
        return
    say({"noise": len(noise), "first": noise[0] if noise else ""})
    say({"done": True})


if __name__ == "__main__":
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the worker's noise never reaches a terminal
    _worker(int(sys.argv[1]) if len(sys.argv) > 1 else MAX_PDF_PAGES,
            int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
