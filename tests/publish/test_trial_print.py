"""A trial run with a letterhead, printed (spec section 10): the kop with its logo on page 1 of the
report and above every LKjIP sheet, and "PERCOBAAN — parameter: …" on every page, sheet and index
entry, read back from the PDFs the run printed."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from iku_helpers.commands.cli import main
from iku_helpers.core.layout import Layout
from iku_helpers.core.params import PROJECT_ROOT, Params
from iku_helpers.documents.workbook import SHEETS
from iku_helpers.publish.printing import find_browser, find_soffice

pytestmark = [pytest.mark.e2e, pytest.mark.cetak,
              pytest.mark.skipif(not (find_browser() and find_soffice() and shutil.which("pdftotext")),
                                 reason="Chromium/Chrome/Edge, LibreOffice or poppler-utils not installed")]
SAMPLE = PROJECT_ROOT / "data" / "raw"
MARK = "PERCOBAAN — parameter: jendela RAT 2 tahun (bawaan 1)"
#: A 1×1 PNG: the letterhead's logo.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5e0a1f20000000049454e44ae426082")


def _text(pdf, page=None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_a_trial_run_says_so_on_every_page_and_carries_the_kop(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw)
    (raw / "logo_dinas.png").write_bytes(PNG)
    settings = raw / "pengaturan.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + 'logo = "logo_dinas.png"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--raw-dir", str(raw), "--out", str(out), "--processed-dir", str(tmp_path / "p"),
                 "--year", "2026", "--rat-window-years", "2"]) == 0
    lay = Layout(Params(year=2026, rat_window_years=2, output_dir=out))
    report = lay.report_pdf
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(report)], capture_output=True,
                                                             text=True, check=True).stdout).group(1))
    for page in range(1, pages + 1):
        assert MARK in _text(report, page), page
    first = _text(report, 1)
    assert first.index("PEMERINTAH KABUPATEN JEMBER") < first.index("Laporan Indikator Kinerja Utama")
    images = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "1", str(report)], capture_output=True,
                            text=True, check=True).stdout
    assert len(images.splitlines()) - 2 >= 1  # the logo
    workbook = lay.workbook_pdf
    for page in range(1, len(SHEETS) + 1):
        text = _text(workbook, page)
        assert text.count(MARK) >= 1 and "PEMERINTAH KABUPATEN JEMBER" in text, page
    wb = load_workbook(lay.workbook)
    assert all(any(c.value == MARK for row in ws.iter_rows() for c in row) for ws in wb.worksheets)
    assert all(ws.oddHeader.center.text and MARK in ws.oddHeader.center.text for ws in wb.worksheets)
    with zipfile.ZipFile(lay.workbook) as z:
        assert sum(1 for n in z.namelist() if n.startswith("xl/media/")) == len(SHEETS)  # the logo on each sheet
    index = (out / "index.html").read_text(encoding="utf-8")
    assert MARK in index
    # iku verify prints both documents again and finds the same text on every page
    capsys.readouterr()
    assert main(["verify", str(lay.period_dir)]) == 0
    said = capsys.readouterr().out
    assert "COCOK" in said and "tidak dicetak ulang" not in said and "pdf: " in said
