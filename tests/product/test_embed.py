"""The embedder's transformers-only path gives sentence-transformers' vectors."""
import numpy as np

from qa.embed import Embedder, _Plain


def test_plain_path_matches_sentence_transformers():
    from sentence_transformers import SentenceTransformer

    emb = Embedder(backend="torch")
    assert isinstance(emb.model, _Plain)  # the packaged MiniLM is the plain recipe
    texts = ["What did Peskov say about the talks?", "Zürich’s “café” — naïve?",
             " ".join(f"word{i} and more text" for i in range(400)),  # longer than 256 tokens
             "x"]
    ours = emb.encode(texts, batch_size=2)
    st = SentenceTransformer(emb.path, device="cpu", local_files_only=True)
    ref = st.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == ref.shape == (4, emb.dim) and np.abs(ours - ref).max() < 1e-5


def test_import_qa_embed_does_not_import_sentence_transformers():
    import subprocess
    import sys

    code = ("import sys; from qa.embed import Embedder; e = Embedder(); e.encode(['hello']); "
            "print('sentence_transformers' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_batches_across_tokenising_chunks_give_the_same_vectors_in_order(monkeypatch):
    import qa.embed

    emb = Embedder(backend="torch")
    texts = [("short " * n).strip() for n in (3, 40, 1, 300, 12, 7, 90)]  # lengths out of order
    whole = emb.encode(texts, batch_size=2)
    monkeypatch.setattr(qa.embed, "TOKENIZE_CHUNK", 3)
    chunked = emb.encode(texts, batch_size=2)
    one_by_one = np.stack([emb.encode([t])[0] for t in texts])
    assert np.abs(chunked - whole).max() < 1e-5 and np.abs(one_by_one - whole).max() < 1e-5


def test_a_model_that_pads_on_the_left_goes_through_sentence_transformers(tmp_path):
    import json
    import shutil

    from qa.embed import _plain_recipe

    src = Embedder(backend="torch").path
    copy = tmp_path / "model"
    shutil.copytree(src, copy)
    assert _plain_recipe(str(copy)) is not None
    cfg = json.loads((copy / "tokenizer_config.json").read_text())
    (copy / "tokenizer_config.json").write_text(json.dumps({**cfg, "padding_side": "left"}))
    assert _plain_recipe(str(copy)) is None


def test_the_dimension_is_known_without_loading_a_model():
    emb = Embedder()
    assert emb.dim == 384 and emb._models == {}  # a build that only removes articles loads nothing
