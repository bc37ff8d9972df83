"""A period's kernel: started with the notebooks' imports done, one client for all its notebooks."""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest

from iku_helpers.core.params import PROJECT_ROOT
from iku_helpers.publish.build import Kernel, _shared_client_engine

pytestmark = pytest.mark.e2e


def _notebook(path, *sources: str) -> str:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return str(path)


def _printed(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def test_notebooks_share_the_kernel_and_its_client_and_find_the_imports_done(tmp_path, monkeypatch):
    kernel = Kernel(PROJECT_ROOT, {"IKU_UJI": "ya"})
    try:
        kernel.connect()
        client = kernel.kc
        monkeypatch.setattr(kernel.km, "client", lambda *a, **k: pytest.fail("a notebook connected a client of its own"))
        first = pm.execute_notebook(
            _notebook(tmp_path / "a.ipynb", "import os, sys\nx = 41",
                      "print(sorted(m for m in ('pandas', 'matplotlib.pyplot', 'iku_helpers.steps.workflow') "
                      "if m in sys.modules), os.environ['IKU_UJI'])"),
            str(tmp_path / "a_out.ipynb"), kernel_name="python3", progress_bar=False, km=kernel.km,
            shared_kc=kernel.kc, engine_name=_shared_client_engine())
        second = pm.execute_notebook(_notebook(tmp_path / "b.ipynb", "print(x + 1)"), str(tmp_path / "b_out.ipynb"),
                                     kernel_name="python3", progress_bar=False, km=kernel.km, shared_kc=kernel.kc,
                                     engine_name=_shared_client_engine())
        assert kernel.kc is client
    finally:
        kernel.close()
    kernel.close()  # a second call does nothing
    assert _printed(first) == "['iku_helpers.steps.workflow', 'matplotlib.pyplot', 'pandas'] ya\n"
    assert [c.execution_count for c in first.cells] == [1, 2]  # the imports at start-up count for nothing
    assert _printed(second) == "42\n" and second.cells[0].execution_count == 3
