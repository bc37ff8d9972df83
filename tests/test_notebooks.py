"""Every notebook run on its own in a fresh kernel, as an analyst runs it in JupyterLab: none may
depend on a variable another one left behind in the kernel `iku run` shares between them.

01 → 02 → 03 run one after another for one period, each in a new kernel, into temporary folders
(each reads what the one before wrote to disk, nothing else); 04_eksplorasi runs top to bottom
with its own default parameters, as it opens in `make lab`, except the two folders it writes
(`data/processed/_lab`, `outputs/_lab` by default), which point into the test's temporary folder:
no test writes into the checkout.
"""

from __future__ import annotations

import json
import re

import nbformat
import papermill as pm
import pytest

from iku_helpers.core.layout import EXPLORATION_NOTEBOOK as EXPLORATION
from iku_helpers.core.layout import NOTEBOOKS, Layout
from iku_helpers.core.params import PROJECT_ROOT, Params

pytestmark = pytest.mark.e2e
NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
SAMPLE = PROJECT_ROOT / "data" / "raw"


def _outputs(nb) -> str:
    return json.dumps([c.get("outputs", []) for c in nb.cells])


def _errors(nb) -> list[str]:
    return [o.get("ename", "") for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


@pytest.mark.parametrize("triwulan", [4, 2])
def test_report_notebooks_each_in_a_fresh_kernel(tmp_path, triwulan):
    params = {"year": 2026, "raw_dir": str(SAMPLE), "processed_dir": str(tmp_path / "processed"),
              "output_dir": str(tmp_path / "out"), "triwulan": triwulan}
    for name in NOTEBOOKS:  # papermill starts a new kernel for every call
        out = tmp_path / f"{name}.ipynb"
        pm.execute_notebook(str(NOTEBOOK_DIR / f"{name}.ipynb"), str(out), parameters=params, kernel_name="python3",
                            cwd=str(NOTEBOOK_DIR), progress_bar=False)
        assert not _errors(nbformat.read(out, as_version=4)), name
    lay = Layout(Params(year=2026, triwulan=triwulan, output_dir=tmp_path / "out"))
    assert lay.results_json.exists() and lay.workbook.exists() and lay.comparison.exists()


def test_exploration_notebook_runs_with_its_defaults(tmp_path):
    out = tmp_path / f"{EXPLORATION}.ipynb"
    folders = {"processed_dir": str(tmp_path / "processed"), "output_dir": str(tmp_path / "out")}
    pm.execute_notebook(str(NOTEBOOK_DIR / f"{EXPLORATION}.ipynb"), str(out), parameters=folders,
                        kernel_name="python3", cwd=str(NOTEBOOK_DIR), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    assert not _errors(nb)
    text = _outputs(nb)
    for expected in ("jendela RAT 2 tahun", "penyebut: semua usaha mikro", "Januari", "IKU-1: persen",
                     "(usaha_mikro): ", "Daftar koperasi", "ID usaha (NIB)", "Selisih (poin persen)"):
        assert expected in text, expected
    # as people read them: counts with a thousands dot, percentages with a decimal comma, the bidang's
    # `no` as written (1, never 1.0), headers in words (never the field names)
    assert re.search(r">\d{1,3}(\.\d{3})+<", text) and re.search(r">\d+,\d\d%<", text)
    assert not re.search(r">\d+\.0<", text) and not re.search(r">\d{4,}\.\d+<", text)
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", text)
    assert headers and not [h for h in headers if "_" in h], [h for h in headers if "_" in h]
    # personal data stays out of what the analyst sees: owner names, and owner NIKs but masked
    from iku_helpers.ingest.discovery import discover
    from iku_helpers.ingest.reading import read_table

    raw = read_table(discover(SAMPLE / "2026", ("usaha_mikro",), base=SAMPLE).tables["usaha_mikro"], SAMPLE).frame
    owners = {str(v).strip() for v in raw.get("nik_pemilik", []) if isinstance(v, str) and len(v.strip()) >= 16}
    assert owners and not [nik for nik in owners if nik in text]
    assert "nama_pemilik" not in text
