"""Project hygiene: dependencies in step, thin notebooks without outputs, the documented commands."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def _name(requirement: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = dict(_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"])
    listed = {}
    text = (REPO / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s+-\s+([^#]+)$", line)
        if m:
            name, spec = _name(m.group(1).strip())
            if name not in ("python", "pip"):  # the interpreter and installer, not dependencies
                listed[name] = spec
    assert listed == wanted


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "outputs committed"
    assert "parameters" in code[0].metadata.get("tags", []), "first code cell must be the parameters cell"
    params = ast.parse(code[0].source)
    assert {t.id for n in params.body for t in n.targets} == {
        "year", "raw_dir", "processed_dir", "output_dir", "rat_window_years", "accumulation_start_year"}
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
