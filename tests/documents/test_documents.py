"""The documents the Dinas submits (spec section 8), read back from a real `iku run` of the sample:
the LKjIP workbook, the year-on-year comparison, the map in the report, the index's trends, the
A4 print (with headless Chromium where it is installed) and ``iku verify`` over the workbook."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from iku_helpers.commands.cli import main
from iku_helpers.core.facts import RPJMD_END
from iku_helpers.core.formats import rounded
from iku_helpers.core.layout import Layout
from iku_helpers.core.params import PROJECT_ROOT, Params
from iku_helpers.core.settings import read_pengaturan
from iku_helpers.core.tables import TABLES
from iku_helpers.documents.workbook import ANGKA, HEADER_PENGUKURAN, PERSEN, SHEETS, header_row, kop_rows
from iku_helpers.indicators.registry import REGISTRY
from iku_helpers.publish.manifest import read_manifest
from iku_helpers.publish.printing import find_browser, find_soffice

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("sample_run")]  # one worker builds the sample run
SAMPLE = PROJECT_ROOT / "data" / "raw"
IMG = re.compile(r'<img[^>]+src="data:image/png;base64')
#: The rows above each sheet's table header in the sample's workbooks (under the sample's [kop]).
TITLE_ROWS = header_row(read_pengaturan(SAMPLE).kop) - 1
KOP_ROWS = kop_rows(read_pengaturan(SAMPLE).kop)


def _lay(root: Path, year: int, q: int = 4) -> Layout:
    return Layout(Params(year=year, triwulan=q, output_dir=root))


def _rows(ws) -> list[tuple]:
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def _find(ws, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not in sheet {ws.title}")


# --- the workbook ---------------------------------------------------------------------------

@pytest.mark.parametrize("year", [2025, 2026])
def test_workbook_holds_its_sheets_with_the_published_numbers(sample_run, year):
    lay = _lay(sample_run, year)
    wb = load_workbook(lay.workbook)
    assert wb.sheetnames == list(SHEETS)
    ws = wb["Pengukuran Kinerja"]
    head_row = TITLE_ROWS + 1
    assert tuple(c.value for c in ws[head_row][:len(HEADER_PENGUKURAN)]) == HEADER_PENGUKURAN
    published = pd.read_csv(lay.results_csv).set_index("kode")
    seen = set()
    for row in ws.iter_rows(min_row=head_row + 1, max_row=head_row + len(published)):
        kode = row[2].value.split()[0]
        seen.add(kode)
        expected = published.loc[kode]
        for col, name in ((4, "target"), (5, "realisasi"), (6, "capaian")):
            value = row[col].value
            if pd.isna(expected[name]):
                assert value is None, (kode, name)
            else:
                # numbers, not text, not rounded: openpyxl stores 16 significant digits (Excel shows 15)
                assert isinstance(value, (int, float)) and not isinstance(value, bool)
                assert value == pytest.approx(expected[name], rel=1e-15), (kode, name)
        assert row[4].number_format == PERSEN and row[5].number_format == PERSEN
        assert row[7].value == (expected["kategori"] if expected["status"] == "ok" else expected["status"])
    assert seen == set(REGISTRY)


def test_the_sasaran_is_merged_over_its_indicators(sample_run):
    ws = load_workbook(_lay(sample_run, 2026).workbook)["Pengukuran Kinerja"]
    first = TITLE_ROWS + 2
    kode_row = {ws.cell(r, 3).value.split()[0]: r for r in range(first, first + len(REGISTRY))}
    merged = {str(r) for r in ws.merged_cells.ranges}
    by_sasaran: dict[str, list[int]] = {}
    for kode, ind in REGISTRY.items():
        by_sasaran.setdefault(ind.sasaran, []).append(kode_row[kode])
    for sasaran, rows in by_sasaran.items():
        top = min(rows)
        assert ws.cell(top, 2).value == sasaran
        if len(rows) > 1:
            assert f"B{top}:B{max(rows)}" in merged, sasaran


def test_print_settings_a4_landscape_with_repeated_title_rows(sample_run):
    wb = load_workbook(_lay(sample_run, 2026).workbook)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_margins.left >= 2 / 2.54 and ws.page_margins.bottom >= 2 / 2.54  # 2 cm
        assert ws.page_margins.footer <= ws.page_margins.bottom - 0.5 / 2.54  # the footer inside its margin
        # the title rows repeat on every page; the letterhead above them prints once
        kop = KOP_ROWS
        assert ws.print_title_rows == f"${kop + 1}:${TITLE_ROWS + 1 + (ws.title == 'Evaluasi Triwulan')}", ws.title
        assert ws["A1"].value == read_pengaturan(SAMPLE).kop.pemerintah
        assert ws[f"A{kop + 2}"].value.startswith("Dinas Koperasi")
        assert ws[f"A{kop + 3}"].value == "Tahun 2026"
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Arial"}, ws.title


def test_signature_block_from_pengaturan(sample_run):
    p = read_pengaturan(SAMPLE)
    assert p.lengkap and "CONTOH" in p.nama  # the sample's placeholder, never a real person
    ws = load_workbook(_lay(sample_run, 2026).workbook)["Pengukuran Kinerja"]
    values = [v for row in _rows(ws) for v in row if isinstance(v, str)]
    manifest = read_manifest(_lay(sample_run, 2026).period_dir)
    day = pd.Timestamp(manifest["tanggal_laporan"])
    from iku_helpers.core.formats import fmt_tanggal

    assert f"{p.tempat}, {fmt_tanggal(day)}" in values
    for text in (p.jabatan, p.nama, p.pangkat, f"NIP. {p.nip}"):
        assert text in values
    r_nama, _ = _find(ws, p.nama)
    r_jabatan, _ = _find(ws, p.jabatan)
    assert r_nama - r_jabatan >= 3  # room to sign
    assert ws.cell(r_nama, _find(ws, p.nama)[1]).font.b


def test_comparison_equals_the_published_results_of_both_years(sample_run):
    before = pd.read_csv(_lay(sample_run, 2025).results_csv).set_index("kode")
    now = pd.read_csv(_lay(sample_run, 2026).results_csv).set_index("kode")
    comparison = pd.read_csv(_lay(sample_run, 2026).comparison).set_index("kode")
    history = pd.read_csv(_lay(sample_run, 2026).history)
    for kode in REGISTRY:
        row = comparison.loc[kode]
        for got, published in ((row["realisasi_sebelumnya"], before.at[kode, "realisasi"]),
                               (row["realisasi"], now.at[kode, "realisasi"])):
            assert got == published or (pd.isna(got) and pd.isna(published)), kode
        if pd.notna(now.at[kode, "realisasi"]):  # from the printed realisasi (spec section 10)
            assert row["perubahan"] == rounded(rounded(now.at[kode, "realisasi"]) - rounded(before.at[kode, "realisasi"]))
        assert row["tahun_akhir_periode"] == RPJMD_END
    end = history[(history["tahun"] == RPJMD_END) & (history["kode"] == "IKU-1")]["target"]
    assert comparison.at["IKU-1", "target_akhir_periode"] == end.iloc[0]
    assert comparison.at["IKU-1", "capaian_target_akhir"] == pytest.approx(
        rounded(now.at["IKU-1", "realisasi"]) / comparison.at["IKU-1", "target_akhir_periode"] * 100)
    assert "belum tersedia" in comparison.at["IT-1", "keterangan"]  # PDRB 2026 not out yet
    # the workbook's Perbandingan sheet holds the same numbers
    ws = load_workbook(_lay(sample_run, 2026).workbook)["Perbandingan"]
    r, _ = _find(ws, "IKU-2")
    assert ws.cell(r, 4).value == pytest.approx(before.at["IKU-2", "realisasi"], rel=1e-15)
    assert ws.cell(r, 5).value == pytest.approx(now.at["IKU-2", "realisasi"], rel=1e-15)
    assert ws.cell(TITLE_ROWS + 1, 4).value == "Realisasi Tahun 2025"


def test_first_year_compares_with_nothing_and_says_why(sample_run):
    comparison = pd.read_csv(_lay(sample_run, 2025).comparison)
    assert comparison["realisasi_sebelumnya"].isna().all()
    assert comparison["keterangan"].str.contains("data tahun 2024 tidak ada").all()


def test_quality_sheet_counts_equal_the_reconciliation(sample_run):
    lay = _lay(sample_run, 2026)
    recon = pd.read_csv(lay.reconciliation)
    ws = load_workbook(lay.workbook)["Kualitas Data"]
    first = TITLE_ROWS + 2
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=first, max_row=first + len(recon) - 1)]
    assert [r[1] for r in rows] == recon["berkas"].tolist()
    assert [r[2] for r in rows] == recon["baris_dibaca"].tolist()
    # words, not field names (spec section 10): the table's title and the columns' labels
    assert [r[0] for r in rows] == [TABLES[t].judul for t in recon["tabel"]]
    header = [c.value for c in next(ws.iter_rows(min_row=first - 1, max_row=first - 1))]
    assert header[:4] == ["Tabel", "Berkas", "Baris dibaca", "Diterima"] and not any("_" in str(h) for h in header)
    assert ws.cell(first, 3).number_format == ANGKA
    total_row = first + len(recon)
    assert ws.cell(total_row, 1).value == "Jumlah"
    assert ws.cell(total_row, 3).value == int(recon["baris_dibaca"].sum())


def test_workbook_is_a_hashed_output_and_byte_stable(sample_run, tmp_path):
    lay = _lay(sample_run, 2026)
    manifest = read_manifest(lay.period_dir)
    assert lay.workbook.name in {Path(e["path"]).name for e in manifest["keluaran"]}
    assert "pengaturan.toml" in {e["path"] for e in manifest["masukan"]}
    assert lay.workbook in lay.data_outputs()  # what iku verify compares byte for byte


def test_report_shows_map_comparison_and_workbook(sample_run):
    html = _lay(sample_run, 2026).report.read_text(encoding="utf-8")
    assert "Sebaran per kecamatan" in html and len(IMG.findall(html)) == 5  # incl. the map
    assert 'class="lkjip perbandingan"' in html and "Target akhir periode RPJMD (2029)" in html
    assert 'href="lkjip_2026.xlsx"' in html
    assert "NAMA KEPALA DINAS (CONTOH)" in html


def test_index_has_a_trend_per_indicator(sample_run):
    html = (sample_run / "index.html").read_text(encoding="utf-8")
    assert "Tren realisasi tahunan" in html
    assert html.count('<svg class="tren"') == len(REGISTRY)
    assert html.count(">2025</text>") == len(REGISTRY) and html.count(">2026</text>") == len(REGISTRY)


# --- a quarter, and the workbook without pengaturan.toml ------------------------------------

@pytest.fixture(scope="module")
def quarter_run(tmp_path_factory):
    """The sample without pengaturan.toml, 2026 triwulan II only."""
    base = tmp_path_factory.mktemp("quarter")
    raw = base / "raw"
    shutil.copytree(SAMPLE, raw)
    (raw / "pengaturan.toml").unlink()
    assert main(["run", "--raw-dir", str(raw), "--out", str(base / "out"), "--processed-dir",
                 str(base / "processed"), "--year", "2026", "--triwulan", "2"]) == 0
    return base / "out"


def test_quarter_workbook_compares_the_same_quarter_and_shows_its_quarters(quarter_run):
    lay = _lay(quarter_run, 2026, 2)
    wb = load_workbook(lay.workbook)
    assert wb["Pengukuran Kinerja"]["A3"].value == "Triwulan II 2026 (s.d. 30 Juni 2026)"
    comparison = pd.read_csv(lay.comparison)
    assert set(comparison["periode_sebelumnya"]) == {"2025-tw2"}
    ws = wb["Evaluasi Triwulan"]
    header = [c.value for c in ws[header_row(None) + 1]]  # no pengaturan.toml: no kop
    assert header.count("TW I") == 2 and header.count("TW II") == 2 and header.count("TW III") == 1
    evaluation = pd.read_csv(lay.evaluation).set_index("kode")
    r, _ = _find(ws, "IKU-1")
    realisasi = [c.value for c in ws[r]][7:9]
    assert realisasi == pytest.approx([evaluation.at["IKU-1", "realisasi_tw1"], evaluation.at["IKU-1", "realisasi_tw2"]],
                                      rel=1e-15)


def test_without_pengaturan_the_block_is_left_to_fill_by_hand(quarter_run):
    lay = _lay(quarter_run, 2026, 2)
    ws = load_workbook(lay.workbook)["Pengukuran Kinerja"]
    values = [v for row in _rows(ws) for v in row if isinstance(v, str)]
    assert any(v.startswith("NIP. …") for v in values)
    assert any("pengaturan.toml tidak ada" in v for v in values)
    html = lay.report.read_text(encoding="utf-8")
    assert "Blok tanda tangan dikosongkan" in html


# --- the PDFs of the run (spec section 10) ------------------------------------------------------

POPPLER = shutil.which("pdfinfo") and shutil.which("pdfimages") and shutil.which("pdftotext") and shutil.which("pdffonts")
needs_pdfs = pytest.mark.skipif(not (POPPLER and find_browser() and find_soffice()),
                                reason="Chromium/Chrome/Edge, LibreOffice or poppler-utils not installed")
A4 = (595, 842)  # points
CM2 = 2 / 2.54 * 72  # 2 cm in points
#: Field names a reader must never see (spec section 10, "Words, not field names").
#: A file name (baris_ditolak_2026.csv, pdrb_lapangan_usaha.xlsx) is a name people open, so it may appear.
FIELD_NAMES = re.compile(r"(?<![/\w])(baris_(dibaca|diterima|ditolak|kosong|total|dilewati)|fasilitasi_(usaha_mikro|koperasi|"
                         r"perdagangan)|pdrb_lapangan_usaha|target_iku|usaha_mikro|koperasi_aktif)(?![_./\w])"
                         r"|np\.float64|file://")


def _pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """The words of a page with their boxes (xMin, yMin, xMax, yMax, in points from the top left)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]


@needs_pdfs
def test_the_run_prints_the_report_on_a4_with_page_numbers_and_the_kop(sample_run, tmp_path):
    lay = _lay(sample_run, 2026)
    pdf = lay.report_pdf
    sizes = _pdf_pages(pdf)
    pages = len(sizes)
    assert 5 <= pages <= 14
    assert sizes[0] == pytest.approx(A4, abs=1)  # portrait
    landscape = [page for page, s in enumerate(sizes, start=1) if s == pytest.approx(A4[::-1], abs=1)]
    assert len(landscape) == 1 and "Evaluasi per triwulan (model E.81)" in _page_text(pdf, landscape[0])
    kop = read_pengaturan(SAMPLE).kop
    first = " ".join(_page_text(pdf, 1).split())
    assert kop.pemerintah in first and kop.instansi in first
    assert first.index(kop.pemerintah) < first.index("Laporan Indikator Kinerja Utama") < first.index("DATA CONTOH")
    assert "Sasaran" in first and "Strategis" in first and "IKU-3" in first and "sasaran 2" in first
    for page in range(1, pages + 1):
        text = _page_text(pdf, page)
        assert f"Halaman {page} dari {pages}" in text, page
        assert not re.search(r"\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}[.:]\d{2}", text)  # no browser date header
        assert not FIELD_NAMES.search(text), (page, FIELD_NAMES.search(text))
        width, height = sizes[page - 1]
        for word, x0, y0, x1, y1 in _words(pdf, page):  # margins of 2 cm around everything but the page number
            assert x0 >= CM2 - 1 and x1 <= width - CM2 + 1, (page, word, x0, x1)
            if not (y0 > height - CM2 and re.fullmatch(r"Halaman|\d+|dari", word)):
                assert CM2 - 1 <= y0 and y1 <= height - CM2 + 1, (page, word, y0, y1)
    # every chart is drawn once, on one page: an image cut across a page break appears on two
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    images = [p for p in (line.split() for line in listing.splitlines()[2:] if line.strip()) if p[2] == "image"]
    assert len(images) == len(IMG.findall(lay.report.read_text(encoding="utf-8"))), listing
    # every page has something on it (no page left empty by a break rule)
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), str(tmp_path / "p")], check=True)
    shots = sorted(tmp_path.glob("p-*.pgm"))
    assert len(shots) == pages
    for shot in shots:
        data = shot.read_bytes()
        pixels = data[data.index(b"255\n") + 4:]
        assert sum(1 for b in pixels if b < 200) > 50, shot.name


@needs_pdfs
def test_the_run_prints_the_lkjip_workbook_one_sheet_a_page_with_its_footer_inside_the_margin(sample_run):
    lay = _lay(sample_run, 2026)
    pdf = lay.workbook_pdf
    sizes = _pdf_pages(pdf)
    assert len(sizes) == len(SHEETS)  # each sheet fits one landscape page
    assert all(s == pytest.approx(A4[::-1], abs=1) for s in sizes)
    kop = read_pengaturan(SAMPLE).kop
    titles = ("PENGUKURAN KINERJA", "PERBANDINGAN REALISASI KINERJA", "EVALUASI CAPAIAN KINERJA PER TRIWULAN",
              "KUALITAS DATA PER BERKAS", "RENCANA TINDAK LANJUT")
    assert len(titles) == len(SHEETS)
    for page, title in enumerate(titles, start=1):
        text = " ".join(_page_text(pdf, page).split())
        assert kop.pemerintah in text and title in text, page
        assert f"Halaman {page} dari {len(sizes)}" in text
        assert not FIELD_NAMES.search(text), (page, FIELD_NAMES.search(text))
        width, height = sizes[page - 1]
        footer = [w for w in _words(pdf, page) if w[0] == "Halaman"]
        assert len(footer) == 1
        _, _, y0, _, y1 = footer[0]
        assert height - 0.8 * 72 <= y0 and y1 <= height - 0.25 * 72, (y0, y1)  # inside the bottom margin, whole
    assert re.search(r"99,43\s*%|\d+,\d\d%\s+(Sangat|Tinggi|Sedang|Rendah)", _page_text(pdf, 1))  # capaian with %
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    families = {re.sub(r"^[A-Z]{6}\+", "", n).split("-")[0].split(",")[0] for n in names}
    assert len(families) == 1, families  # one font family, set explicitly


# --- iku verify over the workbook -----------------------------------------------------------

def test_verify_reproduces_the_workbook_and_notices_an_edit(sample_run, tmp_path, capsys):
    period = tmp_path / "out" / "2026"
    shutil.copytree(sample_run / "2026", period)
    assert main(["verify", str(period), "--raw-dir", str(SAMPLE)]) == 0
    wb_path = _lay(tmp_path / "out", 2026).workbook
    wb = load_workbook(wb_path)
    wb["Pengukuran Kinerja"].cell(TITLE_ROWS + 4, 6).value = 99.0
    wb.save(wb_path)
    assert "COCOK" in capsys.readouterr().out
    assert main(["verify", str(period), "--raw-dir", str(SAMPLE)]) == 1
    out = capsys.readouterr().out
    assert "berkas keluaran telah diubah setelah diterbitkan: lkjip_2026.xlsx" in out
    assert "lkjip_2026.xlsx: isi berbeda dengan hasil eksekusi ulang" in out


def test_the_report_plans_the_tindak_lanjut(sample_run):
    html = _lay(sample_run, 2026).report.read_text(encoding="utf-8")
    section = html[html.index("Rencana tindak lanjut"):]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    # IKU-3 2026: F 186 of A 443, target 50% → 71 more events (100·257 = 50·514); 463 koperasi candidates
    assert "41,99% 186 / 443 50,00% 71 kegiatan" in text
    assert "Kecamatan dengan kandidat terbanyak" in text and "463" in text
