"""The LKjIP workbook built from a small in-memory report (the e2e checks are in test_documents)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from iku_helpers.core.layout import Layout
from iku_helpers.core.params import Params
from iku_helpers.core.settings import Pengaturan
from iku_helpers.documents.workbook import (
    _BORDER,
    DOTS,
    PERSEN,
    SHEETS,
    TITLE_ROWS,
    ZIP_TIME,
    build_workbook,
    workbook_bytes,
)
from iku_helpers.indicators.evaluation import perbandingan
from iku_helpers.indicators.registry import REGISTRY

PARAMS = Params(year=2026)


def _table() -> pd.DataFrame:
    rows = []
    for i, kode in enumerate(REGISTRY):
        ok = kode != "IT-1"
        rows.append({"kode": kode, "indikator": REGISTRY[kode].nama, "pembilang": 10.0 + i, "penyebut": 40.0,
                     "realisasi": (10.0 + i) / 40 * 100 if ok else None, "target": 20.0,
                     "capaian": (10.0 + i) / 40 * 100 / 20 * 100 if ok else None,
                     "kategori": "Sangat Tinggi" if ok else None, "status": "ok" if ok else "belum tersedia",
                     "keterangan": "" if ok else "PDRB belum dirilis"})
    return pd.DataFrame(rows)


def _laporan(pengaturan: Pengaturan, sample: bool = False) -> SimpleNamespace:
    table = _table()
    before = table.assign(realisasi=table["realisasi"] - 1)
    targets = pd.DataFrame({"kode": list(REGISTRY), "tahun": 2029, "triwulan": pd.NA, "target": 50.0,
                            "polaritas": "positif"})
    evaluation = pd.DataFrame([{"kode": k, "sasaran": REGISTRY[k].sasaran, "indikator": REGISTRY[k].nama,
                                "target_tahunan": 20.0, **{f"target_tw{q}": None for q in (1, 2, 3, 4)},
                                **{f"realisasi_tw{q}": 5.0 * q for q in (1, 2, 3, 4)}, "capaian": 90.0,
                                "kategori": "Tinggi", "penanggung_jawab": "Bidang X", "catatan": ""}
                               for k in REGISTRY])
    recon = pd.DataFrame({"tabel": ["koperasi"], "berkas": ["2026/koperasi.xlsx"], "baris_dibaca": [1250],
                          "baris_diterima": [1200], "baris_ditolak": [40], "baris_kosong": [9], "baris_total": [1]})
    return SimpleNamespace(params=PARAMS, table=table, comparison=perbandingan(PARAMS, table, before, targets, 2029),
                           evaluation=evaluation, reconciliation=recon, pengaturan=pengaturan,
                           tanggal=dt.date(2027, 3, 15), layout=Layout(PARAMS), is_sample=sample)


SIGNED = Pengaturan("Nama Contoh", "198001012005011001", "Kepala Dinas", "Pembina (IV/a)", "Jember", "pengaturan.toml")


def _reopen(laporan) -> object:
    return load_workbook(io.BytesIO(workbook_bytes(build_workbook(laporan))))


def test_same_report_same_bytes_and_no_save_time_inside():
    a = workbook_bytes(build_workbook(_laporan(SIGNED)))
    assert a == workbook_bytes(build_workbook(_laporan(SIGNED)))
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {info.date_time for info in z.infolist()} == {ZIP_TIME}
        core = z.read("docProps/core.xml").decode()
    assert "2027-03-15T00:00:00Z" in core and core.count("2027-03-15") == 2


def test_sheets_titles_and_sample_notice():
    wb = _reopen(_laporan(SIGNED, sample=True))
    assert wb.sheetnames == list(SHEETS)
    for ws in wb.worksheets:
        assert ws["A3"].value == "Tahun 2026"
        assert ws["A4"].value.startswith("DATA CONTOH")
    assert _reopen(_laporan(SIGNED))["Perbandingan"]["A4"].value is None


def test_values_are_numbers_with_indonesian_formats():
    ws = _reopen(_laporan(SIGNED))["Pengukuran Kinerja"]
    row = TITLE_ROWS + 2 + list(REGISTRY).index("IKU-1")
    assert ws.cell(row, 3).value.startswith("IKU-1")
    assert ws.cell(row, 6).value == pytest.approx(_table().set_index("kode").at["IKU-1", "realisasi"], rel=1e-15)
    assert ws.cell(row, 6).number_format == PERSEN and PERSEN.startswith("[$-421]")
    first = TITLE_ROWS + 2  # IT-1 has no realisasi: an empty cell, the status as kategori
    assert ws.cell(first, 6).value is None and ws.cell(first, 8).value == "belum tersedia"
    assert any("IT-1: PDRB belum dirilis" == c.value for c in ws["A"] if isinstance(c.value, str))


def test_signature_block_when_complete_and_when_absent():
    ws = _reopen(_laporan(SIGNED))["Pengukuran Kinerja"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Jember, 15 Maret 2027" in texts and "NIP. 198001012005011001" in texts and "Nama Contoh" in texts
    assert not any("pengaturan.toml" in t for t in texts)
    blank = _reopen(_laporan(Pengaturan()))["Pengukuran Kinerja"]
    texts = [c.value for row in blank.iter_rows() for c in row if isinstance(c.value, str)]
    assert f"{DOTS}, {DOTS}" in texts and f"NIP. {DOTS}" in texts and f"( {DOTS} )" in texts
    assert any("pengaturan.toml tidak ada" in t for t in texts)
    partial = _reopen(_laporan(Pengaturan(nama="Nama Contoh", sumber="pengaturan.toml")))["Pengukuran Kinerja"]
    texts = [c.value for row in partial.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Nama Contoh" in texts and f"NIP. {DOTS}" in texts and any("belum lengkap" in t for t in texts)


def test_evaluation_sheet_spans_its_quarter_headers():
    ws = _reopen(_laporan(SIGNED))["Evaluasi Triwulan"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    top = TITLE_ROWS + 1
    assert ws.cell(top, 4).value == "Target Triwulan" and f"D{top}:G{top}" in merged
    assert ws.cell(top, 8).value == "Realisasi s.d. Triwulan" and f"H{top}:K{top}" in merged
    assert f"A{top}:A{top + 1}" in merged  # single headers span both header rows


def test_comparison_sheet_names_a_published_earlier_realisasi_that_changed():
    laporan = _laporan(SIGNED)
    table = laporan.table.assign(realisasi=laporan.table["realisasi"].fillna(15.0))
    before = table.assign(realisasi=table["realisasi"] - 1)
    published = dict(zip(before["kode"], before["realisasi"]))
    published["IKU-1"] += 0.04  # the published 2025 report said more than 2025's data says now
    laporan.comparison = perbandingan(PARAMS, table, before, None, 2029, published=published)
    ws = _reopen(laporan)["Perbandingan"]
    rows = {ws.cell(r, 1).value: r for r in range(TITLE_ROWS + 2, TITLE_ROWS + 2 + len(REGISTRY))}
    iku1 = rows["IKU-1"]
    assert ws.cell(iku1, 4).value == pytest.approx(before.set_index("kode").at["IKU-1", "realisasi"], rel=1e-15)
    assert ws.cell(iku1, 4).number_format == PERSEN and ws.cell(iku1, 4).font.color.rgb.endswith("8B0000")
    assert ws.cell(iku1, 6).value == pytest.approx(1.0)  # the change from the recomputed number
    assert ws.cell(iku1, 9).value.endswith("realisasi Tahun 2025 berubah sejak dilaporkan (dilaporkan 29,04%)")
    assert not any("berubah sejak" in str(ws.cell(r, 9).value) for k, r in rows.items() if k != "IKU-1")
    notes = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Perubahan =")]
    assert len(notes) == 1 and "Perubahan dihitung dari angka hasil hitung ulang" in notes[0]
    plain = _reopen(_laporan(SIGNED))["Perbandingan"]
    assert not any("berubah sejak" in str(c.value) or "hitung ulang" in str(c.value)
                   for row in plain.iter_rows() for c in row)


def test_zip_parts_say_the_same_system_everywhere():
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(build_workbook(_laporan(SIGNED))))) as z:
        assert {info.create_system for info in z.infolist()} == {3}


def test_an_ok_indicator_without_target_has_an_empty_kategori_and_no_report_files_break_the_sheets():
    laporan = _laporan(SIGNED)
    laporan.table.loc[laporan.table["kode"] == "IKU-2", ["target", "capaian", "kategori"]] = [None, None, None]
    laporan.comparison, laporan.evaluation, laporan.reconciliation = None, None, None
    wb = _reopen(laporan)
    ws = wb["Pengukuran Kinerja"]
    row = TITLE_ROWS + 2 + list(REGISTRY).index("IKU-2")
    assert ws.cell(row, 8).value is None
    assert wb["Perbandingan"].cell(TITLE_ROWS + 1, 4).value == "Realisasi Tahun 2025"
    assert wb["Kualitas Data"].cell(TITLE_ROWS + 2, 1).value == "Jumlah"


def test_evaluation_sheet_shows_the_annual_target_as_the_tw4_target():
    """Spec sections 7 and 10: without a triwulan-4 row the TW IV target cell holds the annual target."""
    from iku_helpers.indicators.evaluation import evaluasi_triwulan

    laporan = _laporan(SIGNED)
    targets = pd.DataFrame([{"kode": "IKU-2", "tahun": 2026, "triwulan": pd.NA, "target": 12.5, "polaritas": "positif"},
                            {"kode": "IKU-2", "tahun": 2026, "triwulan": 2, "target": 6.25, "polaritas": "positif"}])
    laporan.evaluation = evaluasi_triwulan(2026, 4, dict.fromkeys((1, 2, 3, 4), laporan.table), targets)
    ws = _reopen(laporan)["Evaluasi Triwulan"]
    r = next(c.row for c in ws["A"] if c.value == "IKU-2")
    tw = [ws.cell(TITLE_ROWS + 2, col).value for col in range(4, 8)]
    assert tw == ["TW I", "TW II", "TW III", "TW IV"]
    assert [ws.cell(r, col).value for col in range(3, 8)] == [12.5, None, 6.25, None, 12.5]
    assert ws.cell(r, 7).number_format == PERSEN


def test_comparison_sheet_perubahan_and_capaian_are_from_the_printed_realisasi():
    """19,42 % → 17,29 %: perubahan −2,13 (not −2,1249) and capaian 17,29 / 12 × 100 = 144,0833…; the
    realisasi cells keep the unrounded numbers."""
    laporan = _laporan(SIGNED)
    now = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [17.2907], "status": "ok", "keterangan": ""})
    before = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [19.4156]})
    targets = pd.DataFrame({"kode": ["IKU-1"], "tahun": [2029], "triwulan": [pd.NA], "target": [12.0],
                            "polaritas": ["positif"]})
    laporan.comparison = perbandingan(PARAMS, now, before, targets, 2029, registry={"IKU-1": REGISTRY["IKU-1"]})
    ws = _reopen(laporan)["Perbandingan"]
    r = next(c.row for c in ws["A"] if c.value == "IKU-1")
    assert (ws.cell(r, 4).value, ws.cell(r, 5).value, ws.cell(r, 6).value) == (19.4156, 17.2907, -2.13)
    assert ws.cell(r, 8).value == pytest.approx(17.29 / 12 * 100)
    notes = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Perubahan =")]
    assert "dibulatkan 2 desimal seperti tercetak" in notes[0]


# --- 5. Tindak Lanjut (spec section 11) -------------------------------------------------------------

def _summary(quarter: bool) -> pd.DataFrame:
    """audit/tindak_lanjut_<label>.csv as load_report reads it back (counts decimal where a cell is empty)."""
    return pd.DataFrame({
        "kode": ["IKU-1", "IKU-2", "IKU-3"], "pembilang": [98, 1368, 91], "penyebut": [562, 16999, 348],
        "target": [12.0, 6.5, 25.0], "kebutuhan": [0.0, None, 3.0],
        "proyeksi": [20.625, 14.97, 40.99] if quarter else [None] * 3,
        "proyeksi_min": [19.5, 14.0, 40.0] if quarter else [None] * 3,
        "proyeksi_max": [21.75, 15.5, 42.0] if quarter else [None] * 3,
        "jumlah_kandidat": [464.0, 15631.0, None], "jumlah_risiko": [1.0, None, None] if quarter else [None] * 3,
        "keterangan": [None, "target belum ditetapkan", "proyeksi: median 1 tahun sebelumnya (2025)"]})


def _with_tindak_lanjut(q: int) -> SimpleNamespace:
    laporan = _laporan(SIGNED)
    laporan.params = Params(year=2026, triwulan=q)
    laporan.layout = Layout(laporan.params)
    laporan.table = laporan.table.assign(realisasi=[None, 86.0, 98 / 562 * 100, 1368 / 16999 * 100, 91 / 348 * 100])
    laporan.evaluation = laporan.evaluation.assign(
        target_tahunan=laporan.evaluation["kode"].map({"IKU-1": 23.0, "IKU-2": 12.5, "IKU-3": 50.0}).fillna(20.0))
    laporan.tindak_lanjut = _summary(q < 4)
    return laporan


def _table_rows(ws) -> tuple[list, dict[str, dict]]:
    """The Tindak Lanjut table: its header and each indicator's cells by header."""
    head = next(c.row for c in ws["A"] if c.value == "Kode")
    names = [c.value for c in ws[head] if c.value]
    rows = {}
    for r in range(head + 1, head + 4):
        rows[ws.cell(r, 1).value] = {name: ws.cell(r, col) for col, name in enumerate(names, start=1)}
    return names, rows


def test_tindak_lanjut_is_the_fifth_sheet():
    assert SHEETS[-1] == "Tindak Lanjut" and len(SHEETS) == 5
    wb = _reopen(_with_tindak_lanjut(2))
    assert wb.sheetnames == list(SHEETS)
    assert wb["Tindak Lanjut"]["A1"].value == "RENCANA TINDAK LANJUT"


def test_tindak_lanjut_sheet_in_a_quarter_holds_the_summary_and_the_annual_kebutuhan():
    ws = _reopen(_with_tindak_lanjut(2))["Tindak Lanjut"]
    names, rows = _table_rows(ws)
    assert names[:5] == ["Kode", "Indikator Kinerja", "Pembilang", "Penyebut", "Realisasi (%)"]
    assert "Kebutuhan terhadap target tahunan" in names and "Berisiko" in names and "Proyeksi tertinggi (%)" in names
    summary = _summary(True).set_index("kode")
    for kode, cells in rows.items():
        kebutuhan = summary.at[kode, "kebutuhan"]
        cell = cells["Kebutuhan: tambahan untuk target TW II"]
        assert cell.value == ("–" if pd.isna(kebutuhan) else kebutuhan), kode
        assert cells["Proyeksi akhir tahun (%)"].value == summary.at[kode, "proyeksi"]
        assert cells["Proyeksi akhir tahun (%)"].number_format == PERSEN
        assert cells["Pembilang"].value == summary.at[kode, "pembilang"] and isinstance(cells["Pembilang"].value, int)
    assert rows["IKU-1"]["Kebutuhan: tambahan untuk target TW II"].number_format.startswith("[$-421]")
    # against the annual target at the current penyebut: ⌈23·562/100⌉ − 98 = 32, ⌈12,5·16999/100⌉ − 1368 = 757
    # (also where the quarter has no target); IKU-3 ⌈(50·348 − 100·91)/(100 − 50)⌉ = 166
    annual = {k: c["Kebutuhan terhadap target tahunan"].value for k, c in rows.items()}
    assert annual == {"IKU-1": 32, "IKU-2": 757, "IKU-3": 166}
    assert [c["Target tahunan (%)"].value for c in rows.values()] == [23.0, 12.5, 50.0]
    assert rows["IKU-1"]["Berisiko"].value == 1 and rows["IKU-2"]["Berisiko"].value == "–"
    assert rows["IKU-3"]["Kandidat"].value == "–" and rows["IKU-2"]["Kandidat"].value == 15631
    assert rows["IKU-2"]["Keterangan"].value == "target belum ditetapkan"
    notes = " ".join(c.value for c in ws["A"] if isinstance(c.value, str))
    for word in ("Kebutuhan =", "Kandidat =", "Berisiko =", "Proyeksi akhir tahun =", "tindak_lanjut_2026-tw2.xlsx"):
        assert word in notes, word


def test_tindak_lanjut_sheet_of_the_year_has_no_projection_or_risk():
    ws = _reopen(_with_tindak_lanjut(4))["Tindak Lanjut"]
    names, rows = _table_rows(ws)
    assert "Berisiko" not in names and "Kebutuhan terhadap target tahunan" not in names
    assert "Proyeksi terendah (%)" not in names
    assert {c["Proyeksi akhir tahun (%)"].value for c in rows.values()} == {"–"}
    assert rows["IKU-3"]["Kebutuhan: tambahan untuk target tahunan"].value == 3


def test_tindak_lanjut_sheet_of_older_outputs_says_it_was_not_computed():
    ws = _reopen(_laporan(SIGNED))["Tindak Lanjut"]  # no tindak_lanjut attribute at all
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("belum dihitung" in t and "tindak_lanjut_2026.csv" in t for t in texts)
    assert ws.page_setup.orientation == "landscape" and ws.oddFooter.center.text.endswith("Halaman &P dari &N")


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _openpyxl_parts(wb) -> dict[str, bytes]:
    """The parts openpyxl's own writer makes of ``wb``."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        ExcelWriter(wb, archive).save()
    return _parts(raw.getvalue())


def _odd_cells() -> Workbook:
    """A sheet of every kind of cell the fast row writer writes or hands back to openpyxl."""
    wb = Workbook()
    ws = wb.active
    values = ["teks", "a < b & c > d", ' "kutip" ', "  ", "", None, "=SUM(A1:A2)", "#N/A", "baris\nbaru\ttab",
              0, -7, 2 ** 60, 1.5, float("nan"), float("inf"), True, Decimal("1.10"), np.int64(3), np.float64(0.25),
              dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 3, 4), CellRichText("kaya ", TextBlock(InlineFont(b=True), "tebal"))]
    for row, value in enumerate(values, start=1):
        ws.cell(row, 1, value)
        styled = ws.cell(row, 2, value)
        styled.font, styled.border, styled.number_format = Font(bold=True), _BORDER, PERSEN
        ws.cell(row, 3).border = _BORDER  # styled, empty
    text = ws.cell(3, 4, "=teks, bukan rumus")
    text.data_type = "s"
    ws.cell(4, 4, "tautan").hyperlink = "https://example.org/?a=1&b=2"
    ws.cell(5, 4, "catatan").comment = Comment("isi catatan", "iku")
    ws.merge_cells("E1:F2")
    ws.row_dimensions[2].height = 30
    ws.row_dimensions[40].height = 12  # a row with a height and no cells
    return wb


@pytest.mark.parametrize("make", [_odd_cells, lambda: build_workbook(_laporan(SIGNED, sample=True)),
                                  lambda: build_workbook(_laporan(Pengaturan()))], ids=["cells", "lkjip", "unsigned"])
def test_workbook_bytes_hold_the_xml_openpyxl_writes(make):
    assert _parts(workbook_bytes(make())) == _openpyxl_parts(make())
