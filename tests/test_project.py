"""Project hygiene: dependencies in step, thin notebooks without outputs, the documented commands."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest

from iku_helpers.layout import EXPLORATION_NOTEBOOK
from iku_helpers.params import Params
from iku_helpers.tables import SKALA_BATAS

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


#: Parameters a notebook has besides the run's (the exploration notebook's table to walk through).
NOTEBOOK_ONLY_PARAMETERS = {EXPLORATION_NOTEBOOK: {"tabel"}}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "outputs committed"
    assert "parameters" in code[0].metadata.get("tags", []), "first code cell must be the parameters cell"
    params = ast.parse(code[0].source)
    names = {t.id for n in params.body for t in n.targets}
    assert names - set(Params.fields()) == NOTEBOOK_ONLY_PARAMETERS.get(path.stem, set())
    assert set(Params.fields()) <= names
    assert Params.from_notebook({t.id: ast.literal_eval(n.value) for n in params.body for t in n.targets})
    for cell in code:
        tree = ast.parse(cell.source)
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))]
        assert "matplotlib.use" not in cell.source
    assert sum(1 for c in nb.cells if c.cell_type == "markdown") >= 3


def test_readme_gives_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_every_module_is_in_a_layer_of_the_import_contract():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    layered = {m.strip() for layer in contract["layers"] for m in layer.split("|")}
    modules = {p.stem for p in (REPO / "iku_helpers").glob("*.py")} - {"__init__", "__main__"}
    assert layered == modules


def test_output_file_names_are_spelled_only_in_layout():
    pattern = re.compile(r'(iku|laporan_iku|entitas_\w*|baris_ditolak|catatan|rekonsiliasi|riwayat_iku|rincian_\w*)_\{'
                         r'|"manifest\.json"|"audit"|"_gagal"|\.tmp-|meta\.json')
    for path in (REPO / "iku_helpers").glob("*.py"):
        if path.name != "layout.py":
            assert not pattern.search(path.read_text(encoding="utf-8")), path.name


def test_alias_table_in_the_data_contract_is_generated_from_tables():
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "alias_table.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_skala_thresholds_in_the_data_contract_are_the_packages():
    text = (REPO / "docs" / "data-contract.md").read_text(encoding="utf-8")
    for name, omzet, modal in SKALA_BATAS:
        row = re.search(rf"^\s*\| {name} \|(.*)$", text, re.M).group(1)
        limits = [float(x) for x in re.findall(r"≤ Rp(\d+)", row)]
        assert limits == [omzet / 1e9, modal / 1e9], name
