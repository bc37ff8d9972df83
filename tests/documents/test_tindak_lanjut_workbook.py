"""The bidang's tindak lanjut workbook (spec section 11): from a small in-memory report, and once
from the sample run."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from iku_helpers.core.layout import Layout
from iku_helpers.core.params import Params
from iku_helpers.core.settings import Kop, Pengaturan
from iku_helpers.core.tables import KECAMATAN
from iku_helpers.documents import tindak_lanjut as tl
from iku_helpers.documents.workbook import PERSEN, SHEET_BUILDERS, ZIP_TIME, workbook_bytes
from iku_helpers.indicators.registry import REGISTRY

KOP = Kop(pemerintah="PEMERINTAH KABUPATEN JEMBER", instansi="DINAS CONTOH")
OWNER = ("3509999999999999", "Pemilik Rahasia")


def _koperasi() -> pd.DataFrame:
    """Five candidates, sorted as the indicator step sorts them; owner columns the sheet must leave out."""
    return pd.DataFrame({
        "nik": pd.array(["3509010259353849", "3509010254878406", "3509020005616278", "3509020005610001",
                         "3509030000000007"], dtype="string"),
        "nama_koperasi": pd.array(["Koperasi A", "=Koperasi B", "KSP C", "KSP D", "KUD E"], dtype="string"),
        "kecamatan": pd.array(["Kencong", "Kencong", "Gumukmas", "Gumukmas", None], dtype="string"),
        "tanggal_rat_terakhir": pd.to_datetime(["2026-04-01", None, "2025-07-23", None, None]),
        "tahun_rat_terakhir": pd.array([2026, 2025, 2025, 2024, None], dtype="Int64"),
        "jenis_koperasi": pd.array(["Koperasi Konsumen", "Koperasi Produsen", "Koperasi Simpan Pinjam",
                                    "Koperasi Jasa", "Koperasi Serba Usaha"], dtype="string"),
        "nik_pemilik": OWNER[0], "nama_pemilik": OWNER[1]})


def _usaha() -> pd.DataFrame:
    return pd.DataFrame({"id_usaha": pd.array(["1200325859554", "8120554826611"], dtype="string"),
                         "nama_usaha": pd.array(["Anyaman Bambu", "Bakso Lancar"], dtype="string"),
                         "kecamatan": pd.array(["Kencong", "Puger"], dtype="string"),
                         "sektor": pd.array(["Kerajinan", "Makanan dan Minuman"], dtype="string"),
                         "nik_pemilik": OWNER[0], "nama_pemilik": OWNER[1]})


def _laporan(q: int = 2, tmp_path=None) -> SimpleNamespace:
    params = Params(year=2026, triwulan=q, output_dir=tmp_path or "outputs")
    quarter = q < 4
    table = pd.DataFrame([{"kode": k, "indikator": REGISTRY[k].nama, "realisasi": 10.0 + i, "status": "ok"}
                          for i, k in enumerate(REGISTRY)])
    evaluation = pd.DataFrame({"kode": list(REGISTRY), "target_tahunan": [14.0, 86.0, 23.0, 12.5, 50.0]})
    summary = pd.DataFrame({
        "kode": ["IKU-1", "IKU-2", "IKU-3"], "pembilang": [98, 1368, 91], "penyebut": [562, 16999, 348],
        "target": [12.0, 6.5, 25.0], "kebutuhan": [0, 37, 5],
        "proyeksi": [20.6, 15.0, 41.0] if quarter else [None] * 3, "proyeksi_min": [19.0, 14.0, 40.0] if quarter
        else [None] * 3, "proyeksi_max": [22.0, 16.0, 42.0] if quarter else [None] * 3,
        "jumlah_kandidat": [5.0, 2.0, None], "jumlah_risiko": [2.0, None, None] if quarter else [None] * 3,
        "keterangan": ["", "", "proyeksi: median 1 tahun sebelumnya (2025)"]})
    koperasi = _koperasi()
    return SimpleNamespace(params=params, layout=Layout(params), table=table, evaluation=evaluation, comparison=None,
                           pengaturan=Pengaturan(kop=KOP), tanggal=dt.date(2026, 7, 10), is_sample=False,
                           tindak_lanjut=summary, kandidat={"IKU-1": koperasi, "IKU-2": _usaha()},
                           risiko=koperasi.iloc[2:4].reset_index(drop=True) if quarter else None)


def _reopen(laporan):
    return load_workbook(io.BytesIO(workbook_bytes(tl.build_tindak_lanjut_workbook(laporan))))


def _head(ws) -> int:
    """The row of a list's header (the frozen one)."""
    return int(ws.freeze_panes[1:]) - 1


def _texts(wb) -> list[str]:
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_sheets_in_order_for_a_quarter_and_for_the_year():
    assert _reopen(_laporan(2)).sheetnames == ["Ringkasan", "IKU-1 Koperasi", "IKU-2 Usaha Mikro", "Per Kecamatan",
                                               "Berisiko"]
    assert _reopen(_laporan(4)).sheetnames == ["Ringkasan", "IKU-1 Koperasi", "IKU-2 Usaha Mikro", "Per Kecamatan"]


def test_ringkasan_holds_the_same_table_as_the_lkjip_sheet():
    laporan = _laporan(2)
    wb = _reopen(laporan)
    ws = wb["Ringkasan"]
    assert ws["A1"].value == KOP.pemerintah and "RENCANA TINDAK LANJUT" in [c.value for c in ws["A"]]
    head = next(c.row for c in ws["A"] if c.value == "Kode")
    table = [[c.value for c in ws[r]] for r in range(head, head + 4)]
    kebutuhan = table[0].index("Kebutuhan: tambahan untuk target TW II")
    assert [row[kebutuhan] for row in table[1:]] == laporan.tindak_lanjut["kebutuhan"].tolist()
    lkjip = Workbook().active
    SHEET_BUILDERS["Tindak Lanjut"](lkjip, laporan)  # the LKjIP workbook's sheet
    other = next(c.row for c in lkjip["A"] if c.value == "Kode")
    stored = [[None if c.value == "" else c.value for c in lkjip[r]] for r in range(other, other + 4)]  # '' unsaved
    assert stored == table


def test_candidate_sheet_kebutuhan_on_top_then_the_list_with_a_filter_and_frozen_header():
    laporan = _laporan(2)
    ws = _reopen(laporan)["IKU-1 Koperasi"]
    head = _head(ws)
    assert [c.value for c in ws[head]] == ["NIK koperasi", "Nama koperasi", "Kecamatan", "RAT terakhir",
                                           "Jenis koperasi"]
    assert ws.auto_filter.ref == f"A{head}:E{head + 5}"
    assert ws.freeze_panes == f"A{head + 1}"
    top = {ws.cell(r, 1).value: ws.cell(r, 3) for r in range(1, head)}
    assert top["Kebutuhan"].value == 0 and top["Kebutuhan terhadap target tahunan"].value == 32  # ⌈23·562/100⌉ − 98
    assert top["Proyeksi akhir tahun"].value == 20.6 and top["Proyeksi akhir tahun"].number_format == PERSEN
    assert top["Kandidat"].value == 5 and top["Berisiko"].value == 2
    names = [ws.cell(r, 2).value for r in range(head + 1, head + 6)]
    assert names == _koperasi()["nama_koperasi"].tolist()  # the indicator step's order, kept
    assert ws.cell(head + 2, 2).data_type == "s"  # '=Koperasi B' is a name, not a formula


def test_nik_and_id_are_text_and_rat_is_a_date_or_the_year():
    wb = _reopen(_laporan(2))
    ws = wb["IKU-1 Koperasi"]
    head = _head(ws)
    niks = [ws.cell(r, 1) for r in range(head + 1, head + 6)]
    assert [c.value for c in niks] == _koperasi()["nik"].tolist()
    assert all(c.data_type == "s" and c.number_format == "@" for c in niks)
    rat = [ws.cell(r, 4) for r in range(head + 1, head + 6)]
    assert rat[0].value == dt.datetime(2026, 4, 1) and rat[0].number_format == tl.DATE_FORMAT == "DD/MM/YYYY"
    assert rat[1].value == 2025 and rat[1].number_format == "0"  # only the year known: 2025, not 2.025
    assert rat[4].value is None
    usaha = wb["IKU-2 Usaha Mikro"]
    ids = [usaha.cell(r, 1) for r in range(_head(usaha) + 1, _head(usaha) + 3)]
    assert [c.value for c in ids] == ["1200325859554", "8120554826611"] and {c.data_type for c in ids} == {"s"}
    assert [c.value for c in usaha[_head(usaha)]] == ["ID usaha (NIB)", "Nama usaha", "Kecamatan", "Sektor"]


def test_no_owner_data_anywhere():
    for q in (2, 4):
        texts = _texts(_reopen(_laporan(q)))
        assert not any(OWNER[0] in t or OWNER[1] in t or "pemilik" in t.lower() for t in texts)


def test_a_long_list_is_cut_at_max_rows_and_says_where_the_complete_one_is(monkeypatch):
    monkeypatch.setattr(tl, "MAX_ROWS", 3)
    laporan = _laporan(2)
    ws = _reopen(laporan)["IKU-1 Koperasi"]
    head = _head(ws)
    assert ws.cell(head + 3, 1).value == _koperasi()["nik"].iloc[2] and ws.cell(head + 4, 1).value is None
    assert ws.auto_filter.ref == f"A{head}:E{head + 3}"
    note = ws.cell(head - 1, 1).value
    assert "3 kandidat pertama dari 5" in note and "audit/kandidat_IKU-1_2026-tw2.parquet" in note
    assert "kandidat_IKU-1_2026-tw2.csv" in note  # 5 ≤ 100.000: the CSV holds the whole list too
    monkeypatch.setattr(tl, "CSV_MAX_ROWS", 4)
    note = _reopen(laporan)["IKU-1 Koperasi"].cell(head - 1, 1).value
    assert "parquet" in note and ".csv" not in note
    uncut = _reopen(laporan)["IKU-2 Usaha Mikro"]
    assert "semuanya tercantum" in uncut.cell(_head(uncut) - 1, 1).value


def test_per_kecamatan_counts_the_complete_lists():
    ws = _reopen(_laporan(2))["Per Kecamatan"]
    head = next(c.row for c in ws["A"] if c.value == "No")
    assert [c.value for c in ws[head]] == ["No", "Kecamatan", "Kandidat IKU-1 (koperasi)",
                                           "Kandidat IKU-2 (usaha mikro)", "Berisiko (koperasi)"]
    rows = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in (3, 4, 5)] for r in range(head + 1, ws.max_row + 1)
            if ws.cell(r, 2).value}
    assert list(rows)[:31] == list(KECAMATAN)
    assert rows["Kencong"] == [2, 1, 0] and rows["Gumukmas"] == [2, 0, 2] and rows["Puger"] == [0, 1, 0]
    assert rows["Tanpa kecamatan"] == [1, 0, 0]
    assert rows["Jumlah"] == [5, 2, 2]


def test_berisiko_lists_the_koperasi_at_risk():
    ws = _reopen(_laporan(2))["Berisiko"]
    head = _head(ws)
    assert [ws.cell(r, 1).value for r in range(head + 1, head + 3)] == ["3509020005616278", "3509020005610001"]
    assert any("sebelum tahun 2026" in str(c.value) for c in ws["A"])


def test_same_report_same_bytes(tmp_path):
    a = tl.write_tindak_lanjut_workbook(_laporan(2), tmp_path / "a.xlsx").read_bytes()
    b = tl.write_tindak_lanjut_workbook(_laporan(2), tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {info.date_time for info in z.infolist()} == {ZIP_TIME}


@pytest.mark.parametrize("q", [2, 4])
def test_every_sheet_prints_on_a4_with_the_kop_margins_and_page_numbers(q):
    wb = _reopen(_laporan(q))
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        m = ws.page_margins
        assert min(m.left, m.right, m.top, m.bottom) >= 2 / 2.54, ws.title  # 2 cm
        assert m.footer < m.bottom and m.header < m.top, ws.title  # inside the margins
        assert ws.oddFooter.center.text.endswith("Halaman &P dari &N"), ws.title
        assert ws.print_title_rows, ws.title
        assert ws["A1"].value == KOP.pemerintah, ws.title
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Arial"}, ws.title
    assert wb["IKU-1 Koperasi"].page_setup.orientation == "landscape"  # five columns, the names long
    assert wb["IKU-2 Usaha Mikro"].page_setup.orientation == "portrait"
    assert wb["Per Kecamatan"].page_setup.orientation == "portrait"
    lists = wb["IKU-1 Koperasi"]
    assert lists.print_title_rows == f"${_head(lists)}:${_head(lists)}"  # the list's header on every page


def _list_rows_cell_by_cell(ws, first, frame, columns):
    """The list rows written through openpyxl's per-cell API (``ws.cell``, ``cell.style = name``),
    as :func:`tl._list_rows` did before it copied each style's array."""
    empty = pd.Series(pd.NA, index=frame.index, dtype="string")
    values = [tl._rat_values(frame) if key == "rat" else
              [(v, tl.TEXT_STYLE) for v in tl._clean_text(frame.get(key, empty))] for key in columns]
    per_line = [max(1, int((width - 1) * tl.CHARS_PER_UNIT)) for _, width in columns.values()]
    row = first - 1
    for row, cells in enumerate(zip(*values), start=first):
        lines = 1
        for col, ((value, style), fits) in enumerate(zip(cells, per_line), start=1):
            cell = ws.cell(row, col, value)
            cell.style = style
            if isinstance(value, str):
                if value.startswith("="):
                    cell.data_type = "s"
                lines = max(lines, -(-len(value) // fits))
        if lines > 1:
            ws.row_dimensions[row].height = min(tl.MAX_ROW_HEIGHT, tl.LINE_HEIGHT * lines + 4)
    return row


@pytest.mark.parametrize("q", [2, 4])
def test_list_rows_are_the_cells_openpyxls_own_api_makes(monkeypatch, q):
    laporan = _laporan(q)
    laporan.kandidat["IKU-1"] = pd.concat([_koperasi().assign(nama_koperasi=f"Koperasi {i} " + "panjang " * i)
                                           for i in range(12)], ignore_index=True)  # tall rows too
    fast = workbook_bytes(tl.build_tindak_lanjut_workbook(laporan))
    monkeypatch.setattr(tl, "_list_rows", _list_rows_cell_by_cell)
    assert fast == workbook_bytes(tl.build_tindak_lanjut_workbook(laporan))


# --- from the sample run ---------------------------------------------------------------------------

@pytest.mark.e2e
@pytest.mark.xdist_group("sample_run")
def test_the_run_writes_the_workbook_with_the_numbers_of_the_csv(sample_run):
    lay = Layout(Params(year=2026, output_dir=sample_run))
    wb = load_workbook(lay.tindak_lanjut_workbook)
    assert wb.sheetnames == ["Ringkasan", "IKU-1 Koperasi", "IKU-2 Usaha Mikro", "Per Kecamatan"]
    summary = pd.read_csv(lay.tindak_lanjut).set_index("kode")
    ws = wb["Ringkasan"]
    head = next(c.row for c in ws["A"] if c.value == "Kode")
    names = [c.value for c in ws[head]]
    for r in range(head + 1, head + 4):
        kode = ws.cell(r, 1).value
        expected = summary.at[kode, "kebutuhan"]
        got = ws.cell(r, names.index("Kebutuhan: tambahan untuk target tahunan") + 1).value
        assert got == ("–" if pd.isna(expected) else expected), kode
    for kode, sheet in tl.KANDIDAT_SHEETS.items():
        kandidat = pd.read_parquet(lay.kandidat(kode).parquet)
        ws = wb[sheet]
        assert ws.max_row - _head(ws) == min(len(kandidat), tl.MAX_ROWS) == summary.at[kode, "jumlah_kandidat"]
    assert lay.tindak_lanjut_workbook in lay.data_outputs()  # iku verify compares it byte for byte
