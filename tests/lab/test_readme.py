"""Every results block in the README says what the JSON it cites says."""
import json
import re

from qa_lab import readme


def test_readme_results_blocks_match_the_json():
    text = readme.README.read_text(encoding="utf-8")
    assert set(readme.blocks_in(text)) == set(readme.BLOCKS)  # every block is in the README, once each
    assert len(readme.blocks_in(text)) == len(readme.BLOCKS)
    assert readme.render(text) == text, "README disagrees with benchmarks/results/: run python -m qa_lab readme"


def test_a_changed_number_is_caught():
    text = readme.README.read_text(encoding="utf-8")
    f1 = f"{json.loads((readme.RESULTS / 'reader.json').read_text())['f1']:.1f}"
    block = re.search(r"<!-- results: reader .*?<!-- /results -->", text, re.DOTALL).group(0)
    assert f1 in block
    tampered = text.replace(block, block.replace(f1, f"{float(f1) + 1:.1f}", 1))
    assert tampered != text and readme.render(tampered) == text
