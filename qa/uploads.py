"""Adding and removing article files in a corpus folder, safely."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from .documents import SUPPORTED, load_file
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
    finally:
        if probe != src:
            probe.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    dest, n = folder / name, 2
    while dest.exists():
        dest = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
        n += 1
    shutil.copyfile(src, dest)
    return dest


def remove_file(path: str | Path, folder: str | Path) -> None:
    """Delete an article file, refusing anything outside the corpus folder."""
    path, folder = Path(path).resolve(), Path(folder).resolve()
    if folder not in path.parents:
        raise BadInput(f"{path} is not in the corpus folder {folder}")
    path.unlink()
