"""Article files -> cleaned documents -> paragraphs with exact character offsets."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import unicodedata
from pathlib import Path

from .errors import BadInput
from .types import Document, Paragraph

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".jsonl")
# Limits per file: past them a file is skipped (or cut short) with a warning naming the limit, so one
# hostile file cannot stall or crash a build of the rest.
MAX_FILE_BYTES = 50 * 1024 * 1024  # read no file larger than this (uploads stop at 20 MB)
MAX_ARTICLE_CHARS = 500_000  # ~500 paragraphs; past this an article is cut short with a warning
MAX_JSON_LINE_BYTES = 5 * 1024 * 1024  # one .jsonl record
MAX_JSON_DEPTH = 50  # nesting of a .jsonl record: a record is {"title": ..., "text": ...}
MIN_PARAGRAPH_CHARS = 60  # shorter blocks (headings, bylines) are merged into a neighbour
MAX_PARAGRAPH_CHARS = 1000  # ~250 tokens: a paragraph plus a question fits one reader window

# Whole lines that are page furniture, not article text.
BOILERPLATE = re.compile(
    r"^(share( this( article| story)?)?( on)?:?|share on \w+|advertisement|related( articles| stories)?:?|"
    r"click here.*|subscribe( now)?.*newsletter.*|follow us( on)?.*|read more:?|print|email|tweet|"
    r"sign up for.*newsletter.*|all rights reserved\.?|copyright .{0,80})$",
    re.IGNORECASE,
)
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # lone surrogates (from JSON "\ud800"): not encodable text


def decode(data: bytes, name: str) -> tuple[str, str | None]:
    """Text of a file, and a warning when it was not UTF-8."""
    if b"\x00" in data[:8192]:
        raise BadInput(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), f"{name}: not UTF-8, read as cp1252"
    except UnicodeDecodeError:  # cp1252 leaves 5 bytes undefined; latin-1 maps every byte
        return data.decode("latin-1"), f"{name}: not UTF-8, read as latin-1"


def clean_lines(text: str) -> list[str]:
    """NFC, one space between words, boilerplate lines dropped; '' marks a paragraph break."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text)))
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACE.sub(" ", line).strip()
        if line and BOILERPLATE.match(line):
            continue
        out.append(line)
    return out


def blocks_from_lines(lines: list[str], single_newline_breaks: bool = False) -> list[str]:
    """Paragraph blocks: blank lines separate; lines within a block are joined with a space."""
    blocks, cur = [], []
    for line in lines:
        if not line or single_newline_breaks:
            if cur:
                blocks.append(" ".join(cur))
            cur = [line] if line else []
        else:
            cur.append(line)
    if cur:
        blocks.append(" ".join(cur))
    return [b for b in blocks if b]


def sentence_ends(text: str) -> list[int]:
    """Offsets where sentences end. syntok, not a regex: "U.S. Secretary" and "Dec. 23" stay whole
    (benchmarks/sentences.py, results/sentences.json: 0 cuts after an abbreviation on 695 real
    paragraphs, against 109 for the regex used before; pysbd and blingfire 1 each)."""
    import syntok.segmenter as segmenter

    return [sentence[-1].offset + len(sentence[-1].value)
            for paragraph in segmenter.analyze(text) for sentence in paragraph][:-1]


def _hard_cuts(text: str, start: int, end: int, limit: int) -> list[int]:
    """Cuts for a stretch with no sentence end within limit: at the last space before it (or at
    limit in text with no spaces), so no paragraph grows past what one reader window holds."""
    cuts = []
    while end - start > limit:
        space = text.rfind(" ", start + limit // 2, start + limit)
        start = space if space > start else start + limit
        cuts.append(start)
    return cuts


def _split_long(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) pieces of text, cut at sentence ends, each <= limit (cut at a space where a
    sentence runs longer)."""
    cuts = sentence_ends(text)
    pieces, start, last_ok = [], 0, None
    for c in cuts + [len(text)]:
        if c - start > limit and last_ok is not None and last_ok > start:
            pieces.append((start, last_ok))
            start = last_ok
        last_ok = c
    pieces.append((start, len(text)))
    bounded = []
    for s, e in pieces:
        edges = [s, *_hard_cuts(text, s, e, limit), e]
        bounded += list(zip(edges, edges[1:]))
    pieces = bounded
    out = []
    for s, e in pieces:  # trim the whitespace left at each cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def make_document(doc_id: str, title: str, blocks: list[str], source: str, date: str = "") -> Document:
    """A Document; ``date`` as the file gives it, kept as ISO 8601 (dates.normalize), or "" if unreadable."""
    from .dates import normalize

    date = normalize(date)
    text = "\n\n".join(blocks)
    digest = hashlib.sha256(f"{title}\n{date}\n{text}".encode()).hexdigest()
    return Document(doc_id=doc_id, title=title, text=text, source=source, hash=digest, date=date)


def pdf_blocks(text: str) -> list[str]:
    """Paragraphs of a PDF's text: its lines are wrapped at the page width, so they are joined; a
    blank line ends a paragraph, and a word hyphenated at a line end is joined again."""
    blocks, cur = [], []
    for line in clean_lines(text):
        if not line:
            if cur:
                blocks.append(" ".join(cur))
            cur = []
            continue
        if cur and cur[-1].endswith("-") and line[:1].islower():
            cur[-1] = cur[-1][:-1] + line
        else:
            cur.append(line)
    if cur:
        blocks.append(" ".join(cur))
    return blocks


def _bounded(doc: Document, warnings: list[str]) -> Document:
    """An article past MAX_ARTICLE_CHARS (a 4 MB one-line page would be thousands of paragraphs to
    embed) is cut at a paragraph end there, with a warning."""
    if len(doc.text) <= MAX_ARTICLE_CHARS:
        return doc
    cut = doc.text.rfind("\n\n", 0, MAX_ARTICLE_CHARS)
    cut = cut if cut > MAX_ARTICLE_CHARS // 2 else MAX_ARTICLE_CHARS
    warnings.append(f"{doc.source}: cut to its first {MAX_ARTICLE_CHARS:,} characters "
                    f"(of {len(doc.text):,}; the limit per article)")
    return make_document(doc.doc_id, doc.title, [doc.text[:cut]], doc.source, doc.date)


_DATE_LINE = re.compile(r"^(?:date|published|dated)\s*:\s*(?P<date>.{4,60})$", re.IGNORECASE)


_SOURCE_LINE = re.compile(r"^source\s*:\s*https?://\S+$", re.IGNORECASE)


def _date_line(lines: list[str]) -> tuple[str, list[str]]:
    """A "Date: ..." line among the first lines of a text article: (the date, the lines without it, and
    without a "Source: URL" line there, which an article added from a link has)."""
    date, kept = "", []
    for i, line in enumerate(lines):
        if i < 8 and not date and _DATE_LINE.match(line):
            date = _DATE_LINE.match(line).group("date").strip()
        elif i < 8 and _SOURCE_LINE.match(line):
            continue
        else:
            kept.append(line)
    return date, kept


def split_paragraphs(doc: Document, max_chars: int = MAX_PARAGRAPH_CHARS,
                     min_chars: int = MIN_PARAGRAPH_CHARS) -> list[Paragraph]:
    """Paragraphs of doc.text; each one's text == doc.text[start:end]."""
    spans, pos = [], 0
    for block in doc.text.split("\n\n"):
        if block:
            spans.append([pos, pos + len(block)])
        pos += len(block) + 2
    merged: list[list[int]] = []
    for s, e in spans:  # a short block joins the next one (a heading joins its paragraph)
        if merged and merged[-1][1] - merged[-1][0] < min_chars:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    if len(merged) > 1 and merged[-1][1] - merged[-1][0] < min_chars:
        last = merged.pop()
        merged[-1][1] = last[1]
    out = []
    for s, e in merged:
        for a, b in _split_long(doc.text[s:e], max_chars) if e - s > max_chars else [(0, e - s)]:
            n = len(out)
            out.append(Paragraph(id=f"{doc.doc_id}:{n}", doc_id=doc.doc_id, title=doc.title,
                                 text=doc.text[s + a:s + b], start=s + a, end=s + b))
    return out


def _title_and_body(lines: list[str], fallback: str) -> tuple[str, list[str]]:
    """First line is the title when it looks like one (short, not a sentence run-on)."""
    i = next((k for k, l in enumerate(lines) if l), None)
    if i is None:
        return fallback, []
    first = lines[i].lstrip("#").strip()
    if 0 < len(first) <= 200:
        return first, lines[i + 1:]
    return fallback, lines


def printable_path(path) -> str:
    """A path as text that can be shown and stored: a file name that is not valid UTF-8 keeps
    its readable parts, the rest replaced by U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _open_regular(path: Path):
    """(the open file, its fstat) of a regular file, opened without following a link (O_NOFOLLOW) and
    without blocking on a pipe (O_NONBLOCK); BadInput for a link or anything but a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise BadInput(f"{printable_path(path)}: skipped, a link (links in the corpus are not followed)") from None
        raise
    f = os.fdopen(fd, "rb")
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        f.close()
        raise BadInput(f"{printable_path(path)}: skipped, not a regular file")
    return f, info


def read_bytes(path: Path, root: Path | None = None, limit: int | None = None) -> bytes:
    """A corpus file's bytes, checked at the moment it is read: a regular file opened without
    following a link (_open_regular), inside ``root`` (the descriptor's real path, so a folder
    swapped for a link on the way is seen), and read to at most limit + 1 bytes whatever its size said
    a moment ago. Raises BadInput with the reason."""
    limit = MAX_FILE_BYTES if limit is None else limit
    name = printable_path(path)
    f, info = _open_regular(path)
    with f:
        if root is not None:
            real = _real_path(f.fileno(), path)
            if real != Path(root).resolve() and Path(root).resolve() not in real.parents:
                raise BadInput(f"{name}: skipped, it lies outside the corpus folder")
        if info.st_size > limit:
            raise BadInput(f"{name}: {info.st_size / 2**20:.0f} MB is over the {limit / 2**20:.0f} MB limit per file")
        data = f.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise BadInput(f"{name}: over the {limit / 2**20:.0f} MB limit per file (it grew while being read)")
    return data


def read_head(path: Path, n: int) -> bytes:
    """The first n bytes of a regular file (_open_regular: never through a link, never a pipe)."""
    f, _ = _open_regular(path)
    with f:
        return f.read(n)


def _real_path(fd: int, path: Path) -> Path:
    """Where an open descriptor really is (Linux: /proc; elsewhere the path resolved)."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return Path(path).resolve()


def _read_text(data: bytes, path: Path, warnings: list[str]) -> str:
    text, warn = decode(data, printable_path(path))
    if warn:
        warnings.append(warn)
    return text


def load_file(path: Path, doc_id: str | None = None, warnings: list[str] | None = None,
              root: Path | None = None) -> list[Document]:
    """Documents in one file (a .jsonl file holds many). Raises BadInput for an unusable file.
    ``root``: the corpus folder the file must lie in when it is opened (see read_bytes)."""
    warnings = [] if warnings is None else warnings
    path = Path(path)
    doc_id = printable_path(doc_id or path.as_posix())
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        raise BadInput(f"{printable_path(path)}: unsupported file type {ext or '(none)'}; "
                       f"supported: {', '.join(SUPPORTED)}")
    data = read_bytes(path, root)
    stem = printable_path(path.stem).replace("_", " ").strip()
    if ext in (".txt", ".md", ".markdown"):
        title, body = _title_and_body(clean_lines(_read_text(data, path, warnings)), stem)
        date, body = _date_line(body)
        docs = [make_document(doc_id, title, blocks_from_lines(body), printable_path(path), date)]
    elif ext in (".html", ".htm"):
        docs = [_load_html(data, path, doc_id, stem, warnings)]
    elif ext == ".pdf":
        docs = [_load_pdf(data, path, doc_id, stem, warnings)]
    else:
        docs = _load_jsonl(data, path, doc_id, stem, warnings)
    docs = [_bounded(d, warnings) for d in docs if d.text.strip()]
    if not docs:
        raise BadInput(f"{printable_path(path)}: no text found")
    return docs


def _load_html(data: bytes, path: Path, doc_id: str, stem: str, warnings: list[str]) -> Document:
    import trafilatura

    html = _read_text(data, path, warnings)
    extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                            with_metadata=True)
    text = getattr(extracted, "text", None) or ""
    title = (getattr(extracted, "title", None) or "").strip()
    date = str(getattr(extracted, "date", None) or "").strip()
    if not text:
        # trafilatura finds no "main content" in very short pages: fall back to all visible text.
        import html as html_lib

        body = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", " ", html)
        text = html_lib.unescape(re.sub(r"(?s)<[^>]+>", "\n", body))
    if not title:
        m = re.search(r"(?is)<title[^>]*>(.*?)</title>", html)
        title = _SPACE.sub(" ", m.group(1)).strip() if m else stem
    # trafilatura puts one paragraph per line.
    blocks = blocks_from_lines(clean_lines(text), single_newline_breaks=True)
    if blocks and blocks[0] == title:
        blocks = blocks[1:]
    return make_document(doc_id, title, blocks, printable_path(path), date)


def _load_pdf(data: bytes, path: Path, doc_id: str, stem: str, warnings: list[str]):
    """The Document of a PDF's bytes (see module doc); BadInput when it has no usable text."""
    from . import pdf

    name = printable_path(path)
    outcome = pdf.outcome_of(data, max_chars=2 * MAX_ARTICLE_CHARS)
    if outcome.get("error"):
        raise BadInput(f"{name}: {outcome['error']}")
    pages, total = outcome["pages"], outcome["total"]
    if outcome.get("stopped"):
        warnings.append(f"{name}: text extraction stopped after {len(pages)} of {total} pages "
                        f"({pdf.MAX_PDF_SECONDS:.0f} s limit per file)")
    elif total > len(pages):
        warnings.append(f"{name}: only the first {len(pages)} of {total} pages were read "
                        f"({pdf.MAX_PDF_PAGES}-page limit per file)")
    if outcome.get("noise"):
        warnings.append(f"{name}: the PDF reader reported {outcome['noise']} problem(s) with this file "
                        f"(first: {outcome['first_noise'][:120]}); its text was read as far as it could be")
    blocks = pdf_blocks("\n\n".join(pages))
    if not outcome.get("stopped") and total and not any(b.strip() for b in blocks):
        raise BadInput(f"{name}: no text layer (scanned?) — OCR is not built in")
    return make_document(doc_id, outcome.get("title", "").strip() or stem, blocks, name, outcome.get("date", ""))


def _json_depth(line: str) -> int:
    """Deepest nesting of brackets outside strings: checked before json.loads, which recurses."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in line:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _load_jsonl(data: bytes, path: Path, doc_id: str, stem: str, warnings: list[str]) -> list[Document]:
    docs, name = [], printable_path(path)
    for n, line in enumerate(_read_text(data, path, warnings).splitlines(), 1):
        if not line.strip():
            continue
        try:
            if len(line) > MAX_JSON_LINE_BYTES:
                raise ValueError(f"{len(line):,} characters is over the {MAX_JSON_LINE_BYTES:,} limit per record")
            if _json_depth(line) > MAX_JSON_DEPTH:
                raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
            rec = json.loads(line)  # ValueError too for a 5,000-digit number (Python's int limit)
            if not isinstance(rec, dict):
                raise TypeError(f"a record must be an object, not {type(rec).__name__}")
            text, title, date = rec["text"], rec.get("title") or f"{stem} #{n}", rec.get("date") or ""
            if not isinstance(text, str) or not isinstance(title, str) or not isinstance(date, str):
                raise TypeError("title, text and date must be strings")
        except (ValueError, KeyError, TypeError, RecursionError) as e:
            warnings.append(f"{name}:{n}: skipped a record ({type(e).__name__}: {e}); "
                            'each line must be {"title": ..., "text": ...}')
            continue
        title = " ".join(clean_lines(title)).strip() or f"{stem} #{n}"
        docs.append(make_document(f"{doc_id}#{n}", title, blocks_from_lines(clean_lines(text)), name,
                                  " ".join(clean_lines(date)).strip()[:60]))
    return docs


def _utf8_name(path: Path) -> bool:
    try:
        os.fsencode(path).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def iter_files(paths) -> tuple[list[tuple[Path, str]], list[str]]:
    """(file, doc_id) for the supported files under the given files/folders, and warnings.

    A document's id is its path relative to the folder it was found in (or its file name),
    so the same corpus gives the same ids from any working directory.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, warnings, seen = [], [], set()

    def add(f: Path, doc_id: str):
        if f.resolve() in seen:
            return
        seen.add(f.resolve())
        taken = {d for _, d in files}
        base, n = doc_id, 2
        while doc_id in taken:
            doc_id, n = f"{base}~{n}", n + 1
        files.append((f, doc_id))

    for p in map(Path, paths):
        if not p.exists():
            raise BadInput(f"{printable_path(p)}: no such file or folder")
        if p.is_dir():
            root = p.resolve()
            for f in sorted(p.rglob("*")):
                if any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                # A link in the corpus could point anywhere (a system file): refused, never followed.
                if f.is_symlink() or not (f.resolve() == root or root in f.resolve().parents):
                    if f.suffix.lower() in SUPPORTED or f.is_symlink():
                        warnings.append(f"{printable_path(f.relative_to(p))}: skipped, a link (links in the "
                                        "corpus are not followed)")
                    continue
                if not f.is_file():
                    continue
                if not _utf8_name(f):  # the folder watch cannot name it either: one warning, skipped
                    warnings.append(f"{printable_path(f.relative_to(p))}: skipped, its name is not UTF-8 "
                                    f"({os.fsencode(f.name)!r}); rename it to index it")
                    continue
                if f.suffix.lower() in SUPPORTED:
                    if f.name != "README.md":
                        add(f, f.relative_to(p).as_posix())
                else:
                    warnings.append(f"{printable_path(f)}: skipped, unsupported file type {f.suffix or '(none)'}")
        else:
            add(p, p.name)
    return files, warnings


def load_corpus(paths) -> tuple[list[Document], list[str]]:
    """All documents under paths. A file that cannot be read, for whatever reason, becomes a
    warning naming it and the reason; the others are still read."""
    files, warnings = iter_files(paths)
    # Each file's corpus folder, by the path it was listed under (not resolved: a folder swapped for a
    # link after the listing must not move the file's root with it).
    roots = [(os.path.abspath(p), Path(p).resolve()) for p in ([paths] if isinstance(paths, (str, Path)) else paths)
             if Path(p).is_dir()]
    docs: list[Document] = []
    for f, doc_id in files:
        root = next((real for listed, real in roots if os.path.abspath(f).startswith(listed + os.sep)), None)
        try:
            docs += load_file(f, doc_id=doc_id, warnings=warnings, root=root)
        except BadInput as e:
            warnings.append(f"skipped {e}")
        except OSError as e:
            warnings.append(f"skipped {printable_path(f)}: {e.strerror or e}")
        except Exception as e:  # noqa: BLE001 - a parser's bug or a hostile file: skip it, keep the rest
            warnings.append(f"skipped {printable_path(f)}: could not be read ({type(e).__name__}: {e})")
    return docs, warnings
