"""Write the real-news collection's articles (benchmarks/data/news/sources.json) into data/news/corpus/.

    python benchmarks/news_collection.py            # from ../shared/data/fomc-statements/ (CI has it)
    python benchmarks/news_collection.py --snapshot /path/to/fomc-statements.git

The texts stay out of the repository: they are read from the project's shared data folder
(../shared/data/fomc-statements/, the 160 statements as kept in github:fomc/statements at 5b4df02,
public domain), or from a git folder of that repository at the recorded commit; each statement is read, its hard-wrapped lines joined into paragraphs, and saved as a text article with a title line
and a Date: line, named fomc-YYYY-MM-DD.txt. The further dev collections (EXTRAS: extra.json,
extra3.json, extra4.json, extra5.json) go to data/news/extra/, extra3/, extra4/, extra5/.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "news"
CORPUS = ROOT / "data" / "news" / "corpus"
# The further dev collections (half, questions file, articles folder), each indexed on its own so the
# main collection's halves keep their conditions.
EXTRAS = (("dev2", "extra.json", ROOT / "data" / "news" / "extra"),
          ("dev3", "extra3.json", ROOT / "data" / "news" / "extra3"),
          ("dev4", "extra4.json", ROOT / "data" / "news" / "extra4"),
          ("dev5", "extra5.json", ROOT / "data" / "news" / "extra5"))


def article_name(stamp: str) -> str:
    return f"fomc-{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}.txt"


SHARED = ROOT.parent / "shared" / "data" / "fomc-statements"


def statement_text(snapshot: Path | None, commit: str, stamp: str) -> str:
    if snapshot is None:
        raw = (SHARED / f"{stamp}.txt").read_text(encoding="utf-8")
    else:
        raw = subprocess.run(["git", "--git-dir", str(snapshot), "show", f"{commit}:statements/{stamp}.txt"],
                             check=True, capture_output=True, text=True).stdout
    paragraphs = [re.sub(r"\s+", " ", block).strip() for block in re.split(r"\n\s*\n", raw)]
    # A link-only line ("[Implementation Note issued ...](https://...)") is the site's navigation, not text.
    paragraphs = [p for p in paragraphs if not re.fullmatch(r"\[[^\]]*\]\([^)]*\)", p)]
    date = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}"
    return "FOMC statement\nDate: " + date + "\n\n" + "\n\n".join(p for p in paragraphs if p) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot", type=Path, default=None,
                        help="git folder of github:fomc/statements (default: read ../shared/data/fomc-statements/)")
    parser.add_argument("--out", type=Path, default=CORPUS)
    args = parser.parse_args()
    sources = json.loads((DATA / "sources.json").read_text())
    collections = [(sources["clusters"], args.out)] + [
        (json.loads((DATA / name).read_text())["clusters"], folder) for _, name, folder in EXTRAS]
    for clusters, out in collections:
        out.mkdir(parents=True, exist_ok=True)
        for stamps in clusters.values():
            for stamp in stamps:
                text = statement_text(args.snapshot, sources["commit"], stamp)
                (out / article_name(stamp)).write_text(text, encoding="utf-8")
        print(f"wrote {sum(map(len, clusters.values()))} articles to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
