"""The product (qa/) and the lab (qa_lab/) stay apart: imports go one way, the wheel ships qa/ alone."""
import ast
import subprocess
import sys
import zipfile

from conftest import ROOT


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_the_product_never_imports_the_lab():
    offenders = [(p.relative_to(ROOT).as_posix(), m) for p in sorted((ROOT / "qa").rglob("*.py"))
                 for m in imported_modules(p) if m == "qa_lab" or m.startswith("qa_lab.")]
    assert offenders == []
    # and at run time: every product module imported, the lab still not loaded
    code = ("import pkgutil, importlib, sys, qa\n"
            "for m in pkgutil.walk_packages(qa.__path__, 'qa.'):\n"
            "    if m.name not in ('qa.__main__',):\n"
            "        importlib.import_module(m.name)\n"
            "print(sorted(n for n in sys.modules if n.split('.')[0] == 'qa_lab'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT / "tests")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_wheel_holds_the_product_only(built_wheel):
    wheel, build_log = built_wheel
    assert "Created wheel" in build_log  # -v shows the build backend's own output, warnings included
    assert "BuildBackendWarning" not in build_log and "absent from the" not in build_log
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"qa", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}
    assert "qa/models/reader/model.safetensors" in names and "qa/models/reader/qa_reader.json" in names
    assert not [n for n in names if "qa_lab" in n or n.startswith(("tests/", "benchmarks/"))]
