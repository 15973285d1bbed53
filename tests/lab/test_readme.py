"""Every results block in the README says what the JSON it cites says."""
import json
import re

from qa_lab import readme


def test_readme_and_docs_results_blocks_match_the_json():
    texts = {p.name: p.read_text(encoding="utf-8") for p in readme.pages()}
    names = [n for text in texts.values() for n in readme.blocks_in(text)]
    assert sorted(names) == sorted(readme.BLOCKS)  # every block in the README or a docs page, once each
    for name, text in texts.items():
        assert readme.render(text) == text, f"{name} disagrees with benchmarks/results/: run python -m qa_lab readme"


def test_the_readme_is_a_front_door_linking_every_docs_page():
    text = readme.README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    for page in readme.pages()[1:]:
        assert f"docs/{page.name}" in text, f"the README does not link docs/{page.name}"
    for page in readme.pages():
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not target.startswith(("http://", "https://", "mailto:")):
                assert (page.parent / target).exists(), f"{page.name} links {target}, which is not there"


def test_a_changed_number_is_caught():
    text = next(t for t in (p.read_text(encoding="utf-8") for p in readme.pages()) if "<!-- results: reader " in t)
    f1 = f"{json.loads((readme.RESULTS / 'reader.json').read_text())['f1']:.1f}"
    block = re.search(r"<!-- results: reader .*?<!-- /results -->", text, re.DOTALL).group(0)
    assert f1 in block
    tampered = text.replace(block, block.replace(f1, f"{float(f1) + 1:.1f}", 1))
    assert tampered != text and readme.render(tampered) == text
