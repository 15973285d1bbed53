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
