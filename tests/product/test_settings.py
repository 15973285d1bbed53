"""One settings object: every setting's default, variable and flag in one place, read once."""
import ast
import re

import pytest

from qa.errors import QAError
from qa.settings import DEFAULT_K, FIELDS, MAX_K, Settings, current, table_markdown, use

from conftest import ROOT


def test_defaults_and_the_environment():
    s = Settings.from_env({})
    assert (s.k, s.reader_backend, s.embedder_backend, s.collection, s.milvus_timeout, s.hub_offline) == \
        (DEFAULT_K, "onnx-int8", "auto", "qa", 5.0, True)
    env = {"QA_K": "7", "QA_READER_BACKEND": "torch", "QA_MILVUS_TIMEOUT": "2.5", "HF_HUB_OFFLINE": "0",
           "QA_STORE": "http://h:19530", "QA_COLLECTION": "news"}
    s = Settings.from_env(env)
    assert (s.k, s.reader_backend, s.milvus_timeout, s.hub_offline, s.store, s.collection) == \
        (7, "torch", 2.5, False, "http://h:19530", "news")


def test_flags_override_the_environment_and_none_means_not_given():
    s = Settings.from_env({"QA_K": "7", "QA_STORE": "http://h:1"}, k=3, store=None)
    assert s.k == 3 and s.store == "http://h:1"
    assert s.with_(collection="other", k=None).collection == "other" and s.with_(k=None).k == 3


@pytest.mark.parametrize("env, says", [
    ({"QA_K": "many"}, "QA_K='many' is not a int"),
    ({"QA_K": "0"}, f"from 1 to {MAX_K}"),
    ({"QA_K": str(MAX_K + 1)}, f"from 1 to {MAX_K}"),
    ({"QA_READER_BACKEND": "tensorrt"}, "QA_READER_BACKEND takes onnx-int8, onnx, torch"),
    ({"QA_EMBEDDER_BACKEND": "cuda"}, "QA_EMBEDDER_BACKEND takes"),
    ({"QA_MILVUS_TIMEOUT": "-1"}, "positive number of seconds"),
])
def test_a_bad_setting_is_one_clear_error(env, says):
    with pytest.raises(QAError, match=re.escape(says)):
        Settings.from_env(env)


def test_where_the_index_lives():
    s = Settings.from_env({"QA_STORE": "http://h:19530"})
    assert s.store_location("index") == "http://h:19530"  # the default folder gives way to QA_STORE
    assert s.store_location("my-index") == "my-index"  # a folder named on purpose does not
    assert s.store_location("index", store="other/") == "other/"
    assert Settings.from_env({}).store_location("index") == "index"
    assert s.collection_name() == "qa" and s.collection_name("news") == "news"


def test_current_is_read_once_and_use_replaces_it(settings_env):
    settings_env(QA_K="9")
    first = current()
    assert first.k == 9 and current() is first
    use(first.with_(k=4))
    assert current().k == 4
    settings_env(QA_K=None)  # read again on next use
    assert current().k == DEFAULT_K


def test_the_readme_table_is_generated_from_the_settings():
    table = table_markdown()
    for f in FIELDS:
        assert f"`{f.metadata['env']}`" in table, f.name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert table in readme  # qa_lab readme writes it; an edit by hand shows here


def test_the_environment_is_read_only_in_settings():
    readers = []
    for path in sorted((ROOT / "qa").rglob("*.py")):
        if path.name == "settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = ast.unparse(node) if isinstance(node, (ast.Attribute, ast.Call)) else ""
            if re.match(r"os\.(environ\.get|getenv|environ\[)", text) or text.startswith("os.environ.setdefault"):
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert readers == []
