import json
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from qa.errors import BadInput
from qa.indexing import build_index
from qa.retrieve import Retriever
from qa.stores import IndexCorrupt
from qa.stores.local import Generation

from conftest import DATA, ROOT


def test_build_reload_add_remove(corpus, tmp_path, embedder):
    index = tmp_path / "index"
    r1 = build_index(corpus, index, embedder=embedder, progress=False)
    assert r1.added == ["nato_russia_talks.txt"] and r1.embedded == 15
    manifest = json.loads((index / "manifest.json").read_text())
    assert manifest["format"] == 2 and manifest["embedder"]["dim"] == 384
    assert manifest["documents"]["nato_russia_talks.txt"]["hash"]
    mtime = (index / "manifest.json").stat().st_mtime_ns

    r2 = build_index(corpus, index, embedder=embedder, progress=False)  # nothing changed: no re-embedding
    assert r2.embedded == 0 and not r2.changed and r2.unchanged == ["nato_russia_talks.txt"]
    assert (index / "manifest.json").stat().st_mtime_ns == mtime

    shutil.copy(DATA / "harbour_bridge.md", corpus / "harbour_bridge.md")
    r3 = build_index(corpus, index, embedder=embedder, progress=False)
    assert r3.added == ["harbour_bridge.md"] and r3.embedded == 4  # only the new article is embedded
    hits = Retriever.load(index, embedder).search("How long will the harbour footbridge be?", k=3)
    assert hits[0].doc_id == "harbour_bridge.md" and any("240 metres" in h.text for h in hits)

    (corpus / "harbour_bridge.md").unlink()
    r4 = build_index(corpus, index, embedder=embedder, progress=False)
    assert r4.removed == ["harbour_bridge.md"] and r4.embedded == 0
    store = Generation.load(index)
    assert {p.doc_id for p in store.paragraphs} == {"nato_russia_talks.txt"}
    hits = Retriever.load(index, embedder).search("How long will the harbour footbridge be?", k=5)
    assert all(h.doc_id == "nato_russia_talks.txt" for h in hits)
    # only the live generation's files remain
    names = sorted(f.name for f in index.iterdir())
    assert len([n for n in names if n.startswith("faiss.")]) == 1


def test_changed_article_is_re_embedded(corpus, tmp_path, embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    f = corpus / "nato_russia_talks.txt"
    f.write_text(f.read_text() + "\n\nA new closing paragraph about the Geneva talks scheduled for January 10.\n")
    r = build_index(corpus, index, embedder=embedder, progress=False)
    assert r.updated == ["nato_russia_talks.txt"]
    assert any("January 10" in p.text for p in Generation.load(index).paragraphs)


def test_bad_files_do_not_lose_the_rest(corpus, tmp_path, embedder):
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (corpus / "blob.txt").write_bytes(bytes(range(256)) * 4)
    r = build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)
    assert r.added == ["nato_russia_talks.txt"]
    assert any("broken.pdf" in w for w in r.warnings) and any("blob.txt" in w for w in r.warnings)


def test_empty_corpus_leaves_existing_index_alone(corpus, tmp_path, embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BadInput, match="No readable articles"):
        build_index(empty, index, embedder=embedder, progress=False)
    assert len(Generation.load(index).paragraphs) == 15
    with pytest.raises(BadInput, match="no such file"):
        build_index(tmp_path / "missing", index, embedder=embedder, progress=False)


def _damage(index, kind):
    """Damage the index the way a disk, a crash or a careless hand would."""
    manifest_path = index / "manifest.json"
    m = json.loads(manifest_path.read_text())
    files = m["files"]
    data_file = {"vectors": files["vectors"], "paragraphs": files["paragraphs"]}
    bm25_file = next(n for n in files["checksums"] if n.startswith(files["bm25"] + "/"))
    if kind == "manifest truncated":
        manifest_path.write_bytes(manifest_path.read_bytes()[:100])
    elif kind == "manifest a list":
        manifest_path.write_text("[1, 2, 3]")
    elif kind == "manifest wrong shape":
        m["embedder"] = ["not", "a", "dict"]
        manifest_path.write_text(json.dumps(m))
    elif kind == "manifest without documents":
        del m["documents"]
        manifest_path.write_text(json.dumps(m))
    elif kind == "manifest names a file outside":
        m["files"]["checksums"]["../../etc/passwd"] = [1, "x"]
        manifest_path.write_text(json.dumps(m))
    elif kind in ("vectors truncated", "paragraphs truncated"):
        p = index / data_file[kind.split()[0]]
        p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
    elif kind == "vectors garbage, same size":
        p = index / data_file["vectors"]
        raw = bytearray(p.read_bytes())
        raw[-4000:] = bytes(range(250)) * 16  # the last vectors' bytes, same length
        p.write_bytes(bytes(raw))
    elif kind == "paragraph row damaged, same size":
        p = index / data_file["paragraphs"]
        lines = p.read_bytes().split(b"\n")
        lines[5] = b"#" * len(lines[5])
        p.write_bytes(b"\n".join(lines))
    elif kind == "bm25 file truncated":
        p = index / bm25_file
        p.write_bytes(p.read_bytes()[:10])
    elif kind == "bm25 file deleted":
        (index / bm25_file).unlink()
    elif kind == "vectors deleted":
        (index / data_file["vectors"]).unlink()
    else:
        raise ValueError(kind)


DAMAGE = ["manifest truncated", "manifest a list", "manifest wrong shape", "manifest without documents",
          "manifest names a file outside", "vectors truncated", "paragraphs truncated", "vectors garbage, same size",
          "paragraph row damaged, same size", "bm25 file truncated", "bm25 file deleted", "vectors deleted"]


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_index_is_one_clear_error_then_rebuilt(corpus, tmp_path, embedder, damage):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    _damage(index, damage)
    with pytest.raises(IndexCorrupt, match="rebuild with: qa index") as caught:
        Retriever.load(index, embedder)  # what ask and search open
    assert str(index) in str(caught.value) and "\n" not in str(caught.value)
    r = build_index(corpus, index, embedder=embedder, progress=False)  # never locked out
    assert r.rebuilt_because and r.embedded == 15
    hits = Retriever.load(index, embedder).search("What did Peskov say about the talks?", k=2)
    assert "Peskov" in hits[0].text


def test_damaged_index_is_one_error_line_in_the_cli(corpus, tmp_path, embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    _damage(index, "manifest wrong shape")
    r = subprocess.run([sys.executable, "-m", "qa", "ask", "What did Peskov say?", "--index", str(index)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 2 and r.stderr.startswith("error: ") and len(r.stderr.strip().splitlines()) == 1
    r = subprocess.run([sys.executable, "-m", "qa", "index", str(corpus), "--index", str(index)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0 and "rebuilding" in r.stderr and "Traceback" not in r.stderr


def test_other_embedder_forces_rebuild(corpus, tmp_path, embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    m = json.loads((index / "manifest.json").read_text())
    m["embedder"]["name"] = "some/other-model"
    (index / "manifest.json").write_text(json.dumps(m))
    r = build_index(corpus, index, embedder=embedder, progress=False)
    assert "some/other-model" in r.rebuilt_because and r.embedded == 15


def stalled_build(corpus, index):
    """A build in a child process that writes its new generation's vector file, says so, and then
    hangs (holding the index lock) before the paragraphs and manifest: to be killed or raced."""
    child = textwrap.dedent(f"""
        import time
        import qa.stores.local as store
        real = store.atomic_write_bytes
        def slow(path, data):
            real(path, data)
            print("WROTE", path.name, flush=True)
            time.sleep(120)
        store.atomic_write_bytes = slow
        from qa.indexing import build_index
        build_index({str(corpus)!r}, {str(index)!r}, progress=False)
    """)
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    line = proc.stdout.readline()
    if not line.startswith("WROTE faiss."):
        proc.kill()
        raise AssertionError(f"the child build did not reach its stall point: {line!r}")
    return proc


def test_build_killed_mid_write_leaves_previous_index_loadable(corpus, tmp_path, embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    shutil.copy(DATA / "harbour_bridge.md", corpus / "harbour_bridge.md")
    # The child writes the new generation's vector file, says so, then hangs before the
    # paragraphs and manifest are written; we kill it there.
    proc = stalled_build(corpus, index)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = Generation.load(index)  # the old index, whole
    assert {p.doc_id for p in store.paragraphs} == {"nato_russia_talks.txt"}
    r = build_index(corpus, index, embedder=embedder, progress=False)  # and the next build completes
    assert r.added == ["harbour_bridge.md"]
    assert len({f.name for f in index.iterdir() if f.name.startswith("faiss.")}) == 1


def test_nothing_is_pickled(seed_index):
    files = [f for f in seed_index.rglob("*") if f.is_file()]
    assert any(f.parent.name.startswith("bm25.") for f in files)  # BM25 is saved, and checked too
    for f in files:
        head = f.read_bytes()[:2]
        assert head != b"\x80\x04" and head != b"\x80\x05", f"{f} looks like a pickle"


def test_index_kind_is_picked_by_size_and_recorded(corpus, tmp_path, embedder):
    small, big = tmp_path / "small", tmp_path / "big"
    build_index(corpus, small, embedder=embedder, progress=False, ivf_min_vectors=16)  # 15 paragraphs
    build_index(corpus, big, embedder=embedder, progress=False, ivf_min_vectors=15)
    small_manifest = json.loads((small / "manifest.json").read_text())
    big_manifest = json.loads((big / "manifest.json").read_text())
    assert small_manifest["index_type"] == "flat" and big_manifest["index_type"] == "ivf-sq8"
    assert big_manifest["index_params"]["nlist"] >= 1 and "vectors_npy" in big_manifest["files"]
    hits = Retriever.load(big, embedder).search("What did Peskov say about the talks?", k=3)
    assert any("Peskov" in h.text for h in hits)


def test_compressed_index_keeps_exact_vectors_for_rebuilds(corpus, tmp_path, embedder):
    import numpy as np

    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    store = Generation.load(index)
    exact = store.vectors().copy()
    Generation.write(index, store.manifest["embedder"], store.documents, list(store.paragraphs), exact,
                index_kind="ivf-sq8")
    ivf = Generation.load(index)
    assert ivf.manifest["index_type"] == "ivf-sq8" and ivf.manifest["index_params"]["nprobe"] >= 1
    assert (index / ivf.manifest["files"]["vectors_npy"]).exists()
    assert np.abs(np.asarray(ivf.vectors(), dtype=np.float32) - exact).max() < 1e-3  # not the 8-bit codes
    hits = Retriever.load(index, embedder).search("What did Peskov say about the talks?", k=3)
    assert any("Peskov" in h.text for h in hits)
    # the next build (an article added) reuses those vectors and drops the old generation's files
    shutil.copy(DATA / "harbour_bridge.md", corpus / "harbour_bridge.md")
    r = build_index(corpus, index, embedder=embedder, progress=False)
    assert r.embedded == 4 and Generation.load(index).manifest["index_type"] == "flat"
    assert not list(index.glob("vectors.*.npy")) and len(list(index.glob("bm25.*"))) == 1


def test_a_second_indexer_waits_for_the_first_and_loses_nothing(corpus, tmp_path, embedder):
    from qa.stores import IndexBusy

    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    shutil.copy(DATA / "harbour_bridge.md", corpus / "harbour_bridge.md")
    # The first indexer writes part of its new generation, then stalls while holding the lock.
    proc = stalled_build(corpus, index)
    try:
        in_progress = {f.name for f in index.iterdir()}
        with pytest.raises(IndexBusy, match="Another build"):
            build_index(corpus, index, embedder=embedder, progress=False, lock_wait=1.0)
        assert in_progress <= {f.name for f in index.iterdir()}  # the stalled build's files untouched
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    # Its holder died: the lock is free again, the old index is whole, the next build completes.
    assert {p.doc_id for p in Generation.load(index).paragraphs} == {"nato_russia_talks.txt"}
    r = build_index(corpus, index, embedder=embedder, progress=False, lock_wait=5.0)
    assert r.added == ["harbour_bridge.md"]
    assert len(Generation.load(index).paragraphs) == 19
