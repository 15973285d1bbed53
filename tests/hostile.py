"""Hostile and broken article files, generated (no committed binaries): what a careless or hostile
user drops into the corpus. Each entry: file name -> bytes."""
import json
import zlib


def pdf(stream: bytes, filters: bytes = b"") -> bytes:
    """A one-page PDF around one content stream, written by hand (no PDF writer needed)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d %s>>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def text_pdf(text: str) -> bytes:
    return pdf(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())


GOOD_RECORD = json.dumps({"title": "Good record", "text": "This record is fine and long enough to be a "
                                                          "paragraph of its own, said the harbour master."})


def hostile_files() -> dict[str, bytes]:
    bomb = zlib.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * 6_000_000, 9)  # ~200 MB inflated, ~200 KB here
    return {
        "nested.jsonl": ('{"title": "x", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + GOOD_RECORD + "\n").encode(),
        "bigint.jsonl": ('{"title": "x", "text": "a", "n": ' + "9" * 5000 + "}\n" + GOOD_RECORD + "\n").encode(),
        "surrogate.jsonl": b'{"title": "Lone \\ud800 surrogate", "text": "Text with a lone \\udc00 surrogate in the '
                           b'middle of a sentence that is long enough."}\n',
        "not_objects.jsonl": b'[1, 2, 3]\n"just a string"\nnull\n' + GOOD_RECORD.encode() + b"\n",
        "bomb.pdf": pdf(bomb, b"/Filter /FlateDecode "),
        "truncated.pdf": text_pdf("The harbour bridge will cost 14 million euros.")[:150],
        "garbage.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 50,
        "binary.txt": bytes(range(256)) * 16,
        "empty.md": b"",
        "only_spaces.txt": b"   \n\n\t\n",
        "latin1.txt": "Caf\xe9 society\n\nThe caf\xe9 on the quay reopened after the storm, the owner said.".encode("latin-1"),
        "no_sentences.txt": ("Endless " + "word " * 30_000).encode(),  # 150 KB, no sentence end
        "deep.html": b"<html><body>" + b"<div>" * 50_000 + b"Deep text." + b"</div>" * 50_000 + b"</body></html>",
        "broken.html": b"<html><head><title>Half a page</title></head><body><p>The ferry leaves at noon from the "
                       b"north pier, the port authority said in a statement on",
        "script_only.html": b"<html><head><script>while(true){}</script></head><body></body></html>",
        "bad\xffname.txt".encode("latin-1").decode("utf-8", "surrogateescape"): b"Odd name\n\nA perfectly fine "
                                                                                b"article under a file name that is not UTF-8.",
        "unsupported.exe": b"MZ\x90\x00",
        "crlf_bom.md": "\ufeff# Windows article\r\n\r\nLines end with CR LF and the file starts with a BOM, "
                       "said the clerk.\r\n".encode("utf-8"),
    }
