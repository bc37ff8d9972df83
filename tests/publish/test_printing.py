"""Printing the documents to PDF (spec section 10): finding the programs, what a failed or missing
program leaves, and comparing two prints by their text (what ``iku verify`` does)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from iku_helpers.core.errors import PrintError
from iku_helpers.core.layout import Layout
from iku_helpers.core.params import Params
from iku_helpers.publish import printing
from iku_helpers.publish.printing import (
    BROWSER_ENV,
    SOFFICE_ENV,
    Printers,
    find_browser,
    find_soffice,
    html_to_pdf,
    pdf_text,
    print_period,
)
from iku_helpers.publish.verify import pdf_differences


def _program(tmp_path: Path, name: str, body: str) -> Path:
    """A stand-in for a printing program: a Python script with an exit code and maybe an output."""
    path = tmp_path / name
    path.write_text(f"#!{sys.executable}\nimport sys\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_an_env_variable_names_the_program_and_a_wrong_one_finds_nothing(tmp_path, monkeypatch):
    fake = _program(tmp_path, "edge", "sys.exit(0)")
    monkeypatch.setenv(BROWSER_ENV, str(fake))
    assert find_browser() == fake
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "tidak-ada" / "soffice.exe"))
    assert find_soffice() is None


def test_nothing_found_says_how_to_get_each_pdf(monkeypatch):
    monkeypatch.setattr(printing.shutil, "which", lambda name: None)
    monkeypatch.delenv(BROWSER_ENV, raising=False)
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    missing = Printers.found().missing()
    assert len(missing) == 2
    assert "laporan_iku_<label>.pdf tidak dibuat" in missing[0] and BROWSER_ENV in missing[0]
    assert "lkjip_<label>.pdf tidak dibuat" in missing[1] and "LibreOffice" in missing[1]


def test_a_failing_program_leaves_no_pdf_and_says_which_file(tmp_path):
    lay = Layout(Params(year=2026, output_dir=tmp_path))
    lay.period_dir.mkdir(parents=True)
    lay.report.write_text("<p>laporan</p>", encoding="utf-8")
    lay.workbook.write_bytes(b"PK")
    broken = _program(tmp_path, "chromium", "print('crash', file=sys.stderr); sys.exit(3)")
    silent = _program(tmp_path, "soffice", "sys.exit(0)")  # says nothing, writes nothing
    problems = print_period(lay, Printers(broken, silent))
    assert problems == [
        "laporan_iku_2026.pdf tidak dibuat: laporan_iku_2026.html: pencetakan ke PDF gagal (kode 3: crash)",
        "lkjip_2026.pdf tidak dibuat: lkjip_2026.xlsx: program pencetak tidak menghasilkan PDF",
    ]
    assert not lay.report_pdf.exists() and not lay.workbook_pdf.exists()


def test_a_program_that_hangs_is_stopped(tmp_path):
    slow = _program(tmp_path, "chromium", "import time; time.sleep(30)")
    html = tmp_path / "a.html"
    html.write_text("<p>a</p>", encoding="utf-8")
    with pytest.raises(PrintError, match="tidak selesai dalam 1 detik"):
        html_to_pdf(html, tmp_path / "a.pdf", slow, timeout=1)


BROWSER = find_browser()


@pytest.mark.cetak
@pytest.mark.skipif(BROWSER is None or shutil.which("pdftotext") is None, reason="no Chromium-family browser")
def test_two_prints_compare_by_their_text_page_by_page(tmp_path):
    pages = {name: tmp_path / f"{name}.html" for name in ("a", "b", "c")}
    pages["a"].write_text("<p>IKU-1 23,22%</p><p style='break-before:page'>Halaman dua</p>", encoding="utf-8")
    pages["b"].write_text("<p>IKU-1 23,22%</p><p style='break-before:page'>Halaman dua</p>", encoding="utf-8")
    pages["c"].write_text("<p>IKU-1 23,23%</p><p style='break-before:page'>Halaman dua</p>", encoding="utf-8")
    pdfs = {name: html_to_pdf(html, tmp_path / f"{name}.pdf", BROWSER) for name, html in pages.items()}
    assert pdf_text(pdfs["a"]) == ["IKU-1 23,22%", "Halaman dua"]
    assert pdf_differences(pdfs["a"], pdfs["b"]) == []
    assert pdf_differences(pdfs["a"], pdfs["c"]) == ["a.pdf: teks halaman 1 berbeda dengan cetak ulang"]
