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

from iku_helpers.core.layout import EXPLORATION_NOTEBOOK
from iku_helpers.core.params import Params
from iku_helpers.core.tables import SKALA_BATAS

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


def test_every_module_lives_in_a_sub_package_of_a_layer_of_the_import_contract():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")
    layered = {m.strip() for layer in layers["layers"] for m in layer.split("|")}
    packages = {p.parent.name for p in (REPO / "iku_helpers").glob("*/__init__.py")}
    assert layered == packages
    assert len(layers["layers"]) <= 8
    top = {p.stem for p in (REPO / "iku_helpers").glob("*.py")}
    assert top == {"__init__", "__main__"}, "a module beside the sub-packages belongs in one of them"


def test_output_file_names_are_spelled_only_in_layout():
    pattern = re.compile(r'(iku|laporan_iku|entitas_\w*|baris_ditolak|catatan|rekonsiliasi|riwayat_iku|rincian_\w*)_\{'
                         r'|"manifest\.json"|"audit"|"_gagal"|\.tmp-|meta\.json')
    for path in (REPO / "iku_helpers").rglob("*.py"):
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_lab_experiment_writes_apart_from_iku_run_in_folders_that_follow_the_year(path):
    """Issue 16: trying another RAT window in JupyterLab must not touch what `iku run` and the
    auditors use (data/processed/<tahun>/, outputs/<periode>/)."""
    from iku_helpers.core.layout import Layout

    cell = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    values = {t.id: ast.literal_eval(n.value) for n in ast.parse(cell.source).body for t in n.targets}
    for year, triwulan in ((values["year"], 4), (2027, 2)):
        lab = Layout(Params.from_notebook({**values, "year": year, "triwulan": triwulan}))
        official = Layout(Params.from_record(Params(year=year, triwulan=triwulan).to_record()))  # in the project
        lab_processed = (REPO / "notebooks" / lab.processed).resolve()
        lab_period = (REPO / "notebooks" / lab.period_dir).resolve()
        assert lab_processed != official.processed and lab_period != official.period_dir
        assert lab_processed.name == str(year) and lab_period.name == lab.label == official.label
        assert official.processed not in lab_processed.parents and official.period_dir not in lab_period.parents


def test_make_clean_keeps_published_outputs_and_clean_outputs_names_what_it_deletes(tmp_path):
    """Issue 16: reports and manifests are not in git; `make clean` must not lose them."""
    import shutil

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    files = ["outputs/.gitkeep", "outputs/2026/manifest.json", "outputs/2026-tw2/iku_2026-tw2.json",
             "outputs/index.html", "data/processed/.gitkeep", "data/processed/2026/meta.json",
             "data/processed/_lab/2026/meta.json", ".venv/bin/python", "iku_helpers/__pycache__/a.pyc"]
    for rel in files:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")

    done = subprocess.run(["make", "clean"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    left = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()} - {"Makefile"}
    assert left == {"outputs/.gitkeep", "outputs/2026/manifest.json", "outputs/2026-tw2/iku_2026-tw2.json",
                    "outputs/index.html", "data/processed/.gitkeep"}
    assert "make clean-outputs" in done.stdout

    done = subprocess.run(["make", "clean-outputs"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    left = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()} - {"Makefile"}
    assert left == {"outputs/.gitkeep", "data/processed/.gitkeep"}
    assert {"hapus outputs/2026", "hapus outputs/2026-tw2", "hapus outputs/index.html"} <= \
        {line.strip() for line in done.stdout.splitlines()}
