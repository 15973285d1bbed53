import pytest

from qa import uploads
from qa.errors import BadInput


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\evil.md", "evil.md"),
    ("My Article (final).HTML", "My_Article_final.html"),
    ("/abs/path/news.jsonl", "news.jsonl"),
    ("....txt", "article.txt"),
])
def test_safe_names(name, expected):
    assert uploads.safe_name(name) == expected


def test_add_file_validates_and_never_escapes_the_folder(tmp_path):
    folder = tmp_path / "corpus"
    src = tmp_path / "upload.bin"
    src.write_text("A title\n\nSome article text that is long enough to count as a paragraph.")
    dest = uploads.add_file(src, "../../outside.txt", folder)
    assert dest.parent == folder and dest.name == "outside.txt" and not (tmp_path / "outside.txt").exists()
    again = uploads.add_file(src, "outside.txt", folder)  # never overwrites
    assert again.name == "outside-2.txt"

    with pytest.raises(BadInput, match="unsupported file type"):
        uploads.add_file(src, "virus.exe", folder)
    binary = tmp_path / "b"
    binary.write_bytes(b"\x00" * 100)
    with pytest.raises(BadInput, match="binary"):
        uploads.add_file(binary, "fake.txt", folder)
    big = tmp_path / "big"
    with open(big, "wb") as f:
        f.truncate(uploads.MAX_UPLOAD_BYTES + 1)
    with pytest.raises(BadInput, match="limit"):
        uploads.add_file(big, "big.txt", folder)
    assert sorted(p.name for p in folder.iterdir()) == ["outside-2.txt", "outside.txt"]


def test_remove_refuses_paths_outside_the_corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    outside = tmp_path / "keep.txt"
    outside.write_text("x")
    with pytest.raises(BadInput):
        uploads.remove_file(outside, folder)
    assert outside.exists()


def test_removed_articles_go_to_the_trash_and_come_back(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a--b.md").write_text("nested")
    (folder / "top.txt").write_text("top")
    trashed_path = uploads.remove_file("sub/a--b.md", folder)
    assert not (folder / "sub" / "a--b.md").exists() and trashed_path.parent == folder / uploads.TRASH
    assert uploads.trashed(folder) == [trashed_path.name]
    assert uploads.original_name(trashed_path.name) == "sub/a--b.md"
    back = uploads.restore_file(trashed_path.name, folder)
    assert back == (folder / "sub" / "a--b.md").resolve() and back.read_text() == "nested"
    assert uploads.trashed(folder) == []
    # restoring over a file of the same name keeps both
    first = uploads.remove_file(folder / "top.txt", folder)
    (folder / "top.txt").write_text("a new top")
    again = uploads.restore_file(first.name, folder)
    assert again.name == "top-2.txt" and (folder / "top.txt").read_text() == "a new top"


def test_trash_and_restore_refuse_paths_outside(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(BadInput):
        uploads.remove_file("../keep.txt", folder)
    with pytest.raises(BadInput):
        uploads.restore_file("../../keep.txt", folder)
    assert (tmp_path / "keep.txt").exists()


def test_two_uploads_and_restores_of_one_name_at_once_keep_every_file(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    folder = tmp_path / "corpus"
    sources = []
    for i in range(40):
        src = tmp_path / f"src{i}"
        src.write_text(f"Report {i}\n\nThe harbour master said upload number {i} arrived on time today.")
        sources.append(src)
    with ThreadPoolExecutor(8) as pool:
        added = list(pool.map(lambda s: uploads.add_file(s, "same.txt", folder), sources))
    assert len(set(added)) == 40 and len(list(folder.glob("*.txt"))) == 40
    assert sorted(p.read_text() for p in added) == sorted(s.read_text() for s in sources)  # none lost
    assert not list(folder.glob(".upload-*"))  # no temporary file left
    trashed = [uploads.remove_file(p, folder) for p in added[:10]]
    for p in added[:10]:
        (folder / p.name).write_text("a newer file of that name")  # the names are taken again
    with ThreadPoolExecutor(8) as pool:
        back = list(pool.map(lambda t: uploads.restore_file(t.name, folder), trashed))
    assert len(set(back)) == 10 and len(list(folder.glob("*.txt"))) == 50 and uploads.trashed(folder) == []


def test_restore_works_with_a_relative_corpus_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.md").write_text("A\n\nAn article.")
    gone = uploads.remove_file("a.md", "news")
    back = uploads.restore_file(gone.name, "news")  # "news", as `qa restore --corpus news` passes it
    assert back == (tmp_path / "news" / "a.md").resolve() and back.read_text() == "A\n\nAn article."


def test_an_upload_that_cannot_be_written_leaves_nothing_in_the_corpus(tmp_path, monkeypatch):
    import shutil as sh

    folder = tmp_path / "corpus"
    src = tmp_path / "in.txt"
    src.write_text("Title\n\nA paragraph long enough to be an article of its own, said the council.")

    def full(*a, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sh, "copyfileobj", full)
    with pytest.raises(BadInput, match="could not be saved .No space left on device.; nothing was added") as e:
        uploads.add_file(src, "in.txt", folder)
    assert str(tmp_path) not in str(e.value) and list(folder.iterdir()) == []


def test_the_add_event_takes_only_gradio_uploads(tmp_path):
    from qa.ui import add_articles

    class NeverCalled:
        def add_files(self, pairs):
            raise AssertionError(f"a file outside the upload folder reached the corpus: {pairs}")

    uploads_dir = tmp_path / "gradio"
    uploads_dir.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("Server secret\n\nThe database password is hunter2, said nobody.")
    link = uploads_dir / "link.txt"
    link.symlink_to(secret)
    for path in (secret, link, uploads_dir / ".." / "secret.txt"):
        msg, added = add_articles(NeverCalled(), [str(path)], upload_root=uploads_dir)
        assert added == [] and "not an upload" in msg and str(tmp_path) not in msg
