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
