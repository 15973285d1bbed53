"""Adding, removing and restoring article files in a corpus folder, safely.

Nothing the user owns is deleted: a removed article moves to the corpus's ``.trash/`` folder (a
dot-folder, so indexing skips it) and can be restored from the chat or with ``qa restore``.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote

from .documents import SUPPORTED, load_file, printable_path
from .errors import BadInput

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def safe_name(name: str) -> str:
    """A plain file name: no folders, no '..', only letters, digits, '.', '_' and '-'."""
    base = Path(name.replace("\\", "/")).name
    stem, ext = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")[:80] or "article"
    return f"{stem}{ext}"


def check_upload(path: Path, original_name: str) -> None:
    ext = Path(original_name).suffix.lower()
    if ext not in SUPPORTED:
        raise BadInput(f"{original_name}: unsupported file type {ext or '(none)'}; "
                       f"upload one of {', '.join(SUPPORTED)}")
    size = path.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise BadInput(f"{original_name}: {size / 2**20:.1f} MB is over the {MAX_UPLOAD_BYTES // 2**20} MB limit")
    if size == 0:
        raise BadInput(f"{original_name}: the file is empty")


def add_file(src: str | Path, original_name: str, folder: str | Path) -> Path:
    """Validate an uploaded file (type, size, readable text) and copy it into folder under a safe name."""
    src, folder = Path(src), Path(folder)
    check_upload(src, original_name)
    name = safe_name(original_name)
    probe = src.with_name(src.name + Path(name).suffix) if src.suffix.lower() != Path(name).suffix else src
    if probe != src:
        shutil.copyfile(src, probe)
    try:
        load_file(probe, doc_id=name)  # raises BadInput when no text can be read
    except BadInput as e:  # said of the upload by its name, never by where the server keeps it
        raise BadInput(str(e).replace(printable_path(probe), name).replace(printable_path(src), name)) from None
    finally:
        if probe != src:
            probe.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    # Copied under a hidden temporary name (indexing skips dot-files), fsynced, then linked in under
    # the first free name: a full disk leaves no half article in the corpus, and two uploads of one
    # name at once both keep their files.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as f:
            shutil.copyfileobj(f, out)
            out.flush()
            os.fsync(out.fileno())
        return _place(Path(tmp), folder, name)
    except OSError as e:
        raise BadInput(f"{safe_name(original_name)}: could not be saved ({e.strerror or type(e).__name__}); "
                       "nothing was added") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


TRASH = ".trash"


def _inside(path: Path, folder: Path) -> Path:
    path = (folder / path).resolve() if not Path(path).is_absolute() else Path(path).resolve()
    if folder.resolve() not in path.parents:
        raise BadInput(f"{Path(path).name} is not in the corpus folder")
    return path


def _place(src: Path, folder: Path, name: str, move: bool = False) -> Path:
    """Put src into folder under name, or name-2, name-3... when taken: os.link fails when the name
    exists, so taking a name is atomic (no check-then-copy race). The source is kept (it is unlinked
    after when ``move``). Returns the new path."""
    n = 1
    while True:
        dest = folder / (name if n == 1 else f"{Path(name).stem}-{n}{Path(name).suffix}")
        try:
            os.link(src, dest)
        except FileExistsError:
            n += 1
            continue
        if move:
            src.unlink()
        return dest


def remove_file(path: str | Path, folder: str | Path) -> Path:
    """Move an article file (a path inside the corpus folder, or relative to it) to the trash;
    refuses anything outside the folder. Returns where it went."""
    folder = Path(folder)
    src = _inside(Path(path), folder)
    if TRASH in src.relative_to(folder.resolve()).parts:
        raise BadInput(f"{src.name} is already in the trash")
    if not src.is_file():
        raise BadInput(f"{src.name} is not in the corpus any more")
    trash = folder / TRASH
    trash.mkdir(exist_ok=True)
    # The time first, so the trash lists newest last; the original relative path after it.
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        return _place(src, trash, f"{stamp}--{quote(src.relative_to(folder.resolve()).as_posix(), safe='')}",
                      move=True)
    except FileNotFoundError:  # removed by another request meanwhile
        raise BadInput(f"{src.name} is not in the corpus any more") from None


def trashed(folder: str | Path) -> list[str]:
    """Names in the corpus's trash, oldest first."""
    trash = Path(folder) / TRASH
    return sorted(p.name for p in trash.iterdir() if p.is_file()) if trash.is_dir() else []


def original_name(trash_name: str) -> str:
    """'20261129-101500--sub%2Fa.md' -> 'sub/a.md' (the path, percent-encoded into one name)."""
    return unquote(trash_name.split("--", 1)[1]) if "--" in trash_name else trash_name


def restore_file(trash_name: str, folder: str | Path) -> Path:
    """Move a trashed article back to where it was (beside it, under a new name, if that name is
    taken again). Returns its path."""
    folder = Path(folder)
    trash = folder / TRASH
    src = _inside(Path(Path(trash_name).name), trash)  # relative to the trash: a relative corpus is joined once
    if not src.is_file():
        raise BadInput(f"{trash_name} is not in the trash")
    original = Path(original_name(src.name))
    target_dir = _inside(folder / original.parent, folder) if original.parent != Path(".") else folder.resolve()
    target_dir.mkdir(parents=True, exist_ok=True)
    try:
        return _place(src, target_dir, original.name, move=True)
    except FileNotFoundError:  # another restore of the same file got there first
        raise BadInput(f"{trash_name} is not in the trash") from None
