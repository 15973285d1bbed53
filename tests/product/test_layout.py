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
    assert "qa/genre/paraphrases.json" in names  # genre knowledge kept as data ships with the code reading it
    assert not [n for n in names if "qa_lab" in n or n.startswith(("tests/", "benchmarks/"))]


def module_imports(package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports, at module level or inside a function (a
    lazy import in a cycle still ties the two modules together)."""
    graph = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = here[:len(here) - node.level + 1] if node.level else []
                name = ".".join(base + ([node.module] if node.module else [])) if node.level else node.module
                deps.add(name)
                if node.level and not node.module:  # from . import x: the module x
                    deps.update(f"{name}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
        graph[module] = {d for d in deps if d and d.split(".")[0] == package and d != module}
    return {m: {d for d in deps if d in graph} for m, deps in graph.items()}


def test_no_import_cycles_in_the_product_or_the_lab():
    for package in ("qa", "qa_lab"):
        graph = module_imports(package)
        cycles, done = [], set()

        def visit(node, path):
            if node in path:
                cycles.append(path[path.index(node):] + [node])
                return
            if node in done:
                return
            for dep in sorted(graph.get(node, ())):
                visit(dep, path + [node])
            done.add(node)

        for module in sorted(graph):
            visit(module, [])
        assert cycles == [], cycles
