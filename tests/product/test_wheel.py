"""From the wheel, as a user who installed it: `qa serve` in an empty folder, then an article added
through the page and asked about over /api/ask and gradio_client."""
import os
import site
import subprocess
import sys

import pytest

from conftest import DATA


@pytest.fixture(scope="module")
def installed(tmp_path_factory, built_wheel):
    """A fresh venv holding the qa wheel alone; its dependencies (torch and the rest, already
    installed here) are visible through a .pth line, but not this checkout's editable qa."""
    d = tmp_path_factory.mktemp("wheel")
    wheel, _ = built_wheel
    venv = d / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    fresh_site = next(venv.glob("lib/python*/site-packages"))
    # A path listed in a .pth file is added to sys.path but its own .pth files are not run, so the
    # checkout's editable install (a .pth finder) stays out: `import qa` finds the wheel's copy.
    (fresh_site / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # --ignore-installed: pip must not uninstall this environment's own (editable) qa on the way.
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--ignore-installed",
                        "--prefix", str(venv), str(wheel)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (venv / "bin" / "qa").exists()  # the console script
    return venv, fresh_site


def test_qa_serve_from_the_wheel_in_an_empty_folder(installed, tmp_path, server):
    venv, fresh_site = installed
    python = venv / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import qa, sys; print(qa.__file__)"], capture_output=True, text=True,
                           cwd=tmp_path)
    assert where.returncode == 0 and where.stdout.startswith(str(fresh_site)), where
    empty = tmp_path / "empty"
    empty.mkdir()
    home = tmp_path / "home"
    port = server.free_port()
    log = open(tmp_path / "serve.log", "w")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QA_HOME")}
    env.update(XDG_DATA_HOME=str(home), PYTHONUNBUFFERED="1")
    # The `qa` script, run by the fresh venv's python (pip wrote the building interpreter's shebang).
    proc = subprocess.Popen([str(python), str(venv / "bin" / "qa"), "serve", "--port", str(port)], cwd=empty, stdout=log,
                            stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        server.wait_until_up(url, proc, tmp_path / "serve.log")
        assert (home / "qa" / "articles").is_dir() and (home / "qa" / "index" / "manifest.json").exists()
        assert list(empty.iterdir()) == []  # nothing written where it was started
        status, r = server.http(url + "api/ask", {"question": "How much will the harbour bridge cost?"})
        assert status == 200 and r["answer"] is None and r["passages"] == []
        assert server.http(url + "api/articles")[1] == {"articles": []}

        server.need_chromium()
        from playwright.sync_api import expect, sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=server.CHROMIUM, args=["--headless", "--no-sandbox",
                                                                         "--disable-gpu"])
            page = browser.new_page()
            page.goto(url)
            expect(page.locator("#chat")).to_contain_text("No articles yet", timeout=60_000)
            page.locator("#upload input[type=file]").set_input_files([str(DATA / "harbour_bridge.md")])
            expect(page.locator("#upload")).to_contain_text("harbour_bridge", timeout=60_000)  # uploaded
            page.locator("#add").click()
            expect(page.locator("#status")).to_contain_text("Added harbour_bridge.md", timeout=120_000)
            browser.close()
        assert (home / "qa" / "articles" / "harbour_bridge.md").exists()
        status, r = server.http(url + "api/ask", {"question": "How much will the harbour bridge cost?"})
        assert status == 200 and "14 million euros" in r["answer"] and r["file"] == "harbour_bridge.md"
        from gradio_client import Client

        g = Client(url, verbose=False).predict("Who designed the harbour bridge?", 5, api_name="/ask")
        assert "Delacroix" in g["answer"]
    finally:
        server.stop(proc)
