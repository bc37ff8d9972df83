"""Annotated copies of the raw files (iku validate --annotate): what is highlighted, said and linked."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from iku_helpers.core.params import Params
from iku_helpers.documents.annotate import (
    ADVICE,
    FALLBACK_ADVICE,
    FILL_CELL,
    FILL_NOTE,
    FILL_ROW,
    MASALAH,
    SUMMARY_SHEET,
    advice,
    copy_name,
)
from iku_helpers.documents.feedback import write_feedback
from iku_helpers.ingest.dataset import load_year

REPO = Path(__file__).resolve().parents[2]


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _rgb(cell) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    return "#" + str(fill.fgColor.rgb)[-6:].upper()


def _masalah_col(ws) -> int:
    for row in ws.iter_rows(max_row=40):
        for cell in row:
            if cell.value == MASALAH:
                return cell.column
    raise AssertionError("no Masalah header")


def _annotate(raw: Path, out: Path, years=(2025, 2026)):
    datas = [load_year(Params(year=y, raw_dir=raw)) for y in years]
    return datas, write_feedback(datas, {}, out)


@pytest.fixture(scope="module")
def fixture_feedback(tmp_path_factory):
    from rawfixture import build_raw

    raw = build_raw(tmp_path_factory.mktemp("raw") / "raw")
    before = _hashes(raw)
    out = tmp_path_factory.mktemp("fb") / "umpan_balik"
    datas, statuses = _annotate(raw, out)
    return raw, before, out, datas, statuses


def test_raw_folder_is_untouched(fixture_feedback):
    raw, before, *_ = fixture_feedback
    assert _hashes(raw) == before


def test_exactly_the_ledger_rows_are_highlighted_with_their_reasons(fixture_feedback):
    raw, _, out, datas, statuses = fixture_feedback
    copies = {s.label: s.copy for s in statuses if s.copy}
    assert copies, "the fixture has rejected rows"
    checked = 0
    for data in datas:
        problems = data.problems()
        for label, rows in data.ledger().groupby("berkas"):
            info = copies[label]
            wb = openpyxl.load_workbook(out / info.copy)
            assert wb.sheetnames[0] == SUMMARY_SHEET
            sheet = rows["sheet"].iloc[0]
            ws = wb[sheet if isinstance(sheet, str) and sheet else wb.sheetnames[1]]
            col = _masalah_col(ws)
            highlighted = {c.row for row in ws.iter_rows() for c in row[:col - 1] if _rgb(c) in (FILL_ROW, FILL_CELL)}
            with_masalah = {r for r in range(1, ws.max_row + 1) if ws.cell(r, col).value and ws.cell(r, col).value != MASALAH}
            expected = set(rows["baris"].astype(int))
            assert highlighted == expected, label
            assert with_masalah == expected, label
            for baris, group in problems[problems["berkas"] == label].groupby("baris"):
                text = ws.cell(int(baris), col).value
                for alasan in group["alasan"]:
                    assert alasan in text and advice(alasan, data.year) in text
            checked += 1
    assert checked >= 6


def test_the_cell_at_fault_is_darker_and_corrections_are_light_with_a_comment(fixture_feedback):
    _, _, out, datas, statuses = fixture_feedback
    info = next(s.copy for s in statuses if s.label == "2025/koperasi.xlsx")
    ws = openpyxl.load_workbook(out / info.copy)["Koperasi"]
    # row 7: the NIK in scientific notation (column A), row 6: "Bangsarsari" corrected (column C)
    assert _rgb(ws["A7"]) == FILL_CELL and _rgb(ws["B7"]) == FILL_ROW
    assert _rgb(ws["C6"]) == FILL_NOTE
    assert "Bangsalsari" in ws["C6"].comment.text and "Dibaca sebagai: Bangsalsari" in ws["C6"].comment.text
    assert _rgb(ws["B6"]) is None  # a used row is not highlighted
    # a numeric NIK cell keeps every digit and says what it was read as
    assert ws["A6"].value == 3509010000000003 and ws["A6"].number_format == "0"
    assert "3509010000000003" in ws["A6"].comment.text


def test_summary_links_point_at_the_cells(fixture_feedback):
    _, _, out, datas, statuses = fixture_feedback
    info = next(s.copy for s in statuses if s.label == "2025/koperasi.xlsx")
    wb = openpyxl.load_workbook(out / info.copy)
    summary = wb[SUMMARY_SHEET]
    links = [c for row in summary.iter_rows() for c in row if c.hyperlink is not None]
    assert links
    problems = datas[0].problems()
    expected = len(problems[problems["berkas"] == "2025/koperasi.xlsx"]) + info.corrected
    assert len(links) == expected
    for cell in links:
        m = re.fullmatch(r"'(.+)'!([A-Z]+)(\d+)", cell.hyperlink.location)
        assert m, cell.hyperlink.location
        sheet, column, row = m.groups()
        baris = int(summary.cell(cell.row, 1).value)
        assert int(row) == baris and sheet == "Koperasi"
        # the linked cell is the column the problem names (header text in column B of the summary)
        header_row = next(r for r in range(1, 10) if wb[sheet].cell(r, 1).value == "No. Induk Koperasi")
        assert wb[sheet][f"{column}{header_row}"].value == summary.cell(cell.row, 2).value


def _texts(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_a_duplicate_names_the_row_used_and_its_kind_reads_without_a_row(fixture_feedback):
    _, _, out, _, statuses = fixture_feedback
    info = next(s.copy for s in statuses if s.label == "2025/koperasi.xlsx")
    wb = openpyxl.load_workbook(out / info.copy)
    ws = wb["Koperasi"]
    assert ws.cell(10, _masalah_col(ws)).value == (
        "No. Induk Koperasi: NIK koperasi ganda; yang dipakai baris 4 (2025/koperasi.xlsx, sheet Koperasi) → "
        "hapus baris ganda ini, atau perbaiki nomornya bila ini koperasi/usaha yang lain")
    summary = _texts(wb[SUMMARY_SHEET])
    assert "NIK koperasi ganda; yang dipakai baris lain (disebut pada tiap baris ganda)" in summary  # the kind
    assert "NIK koperasi ganda; yang dipakai baris 4 (2025/koperasi.xlsx, sheet Koperasi)" in summary  # the row
    assert "Tanggal RAT tidak ada di kalender" in summary and "Tanggal RAT tidak ada di kalender (31/02/2025)" in summary
    assert not [t for t in summary if "…" in t]


def test_dates_in_the_copies_read_dd_mm_yyyy(fixture_feedback):
    _, _, out, _, statuses = fixture_feedback
    wb = openpyxl.load_workbook(out / next(s.copy.copy for s in statuses if s.label == "2025/fasilitasi_usaha_mikro.xlsx"))
    summary = _texts(wb[SUMMARY_SHEET])
    assert "tanggal di luar tahun 2025; tidak dihitung untuk tahun ini" in summary  # the kind: no date
    assert "01/01/2024" in summary and "tanggal 01/01/2024 di luar tahun 2025; tidak dihitung untuk tahun ini" in summary
    ws = wb["fasilitasi_usaha_mikro"]
    assert ws.cell(6, _masalah_col(ws)).value.startswith(
        "Tanggal Kegiatan: tanggal 01/01/2024 di luar tahun 2025; tidak dihitung untuk tahun ini → kegiatan tahun lain")
    for s in statuses:  # a date written year first is only ever shown with the date it is read as
        if s.copy:
            for text in _texts(openpyxl.load_workbook(out / s.copy.copy)[SUMMARY_SHEET]):
                assert re.sub(r"\d{4}-\d\d-\d\d \(= \d\d/\d\d/\d{4}\)", "", text) == re.sub(
                    r"\d{4}-\d\d-\d\d", "", text), (s.label, text)


def test_an_excel_serial_is_shown_with_the_date_it_stands_for(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2026").mkdir(parents=True)
    wb = openpyxl.Workbook()
    wb.active.append(["NIK", "Nama Koperasi", "Kecamatan", "Tahun RAT"])
    wb.active.append(["3509010000000001", "Kop A", "Patrang", 2026])
    wb.save(raw / "2026" / "koperasi.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Fasilitasi"
    for row in (["Tanggal", "NIK Koperasi", "Jenis Fasilitasi"], [45994, "3509010000000001", "pelatihan"],
                ["2026-01-05", "3509010000000001", "pelatihan"]):
        ws.append(row)
    wb.save(raw / "2026" / "fasilitasi_koperasi.xlsx")
    _, statuses = _annotate(raw, tmp_path / "fb", years=(2026,))
    copy = openpyxl.load_workbook(tmp_path / "fb" / next(s.copy.copy for s in statuses if s.copy))
    assert copy["Fasilitasi"]["A2"].value == 45994  # the cell as the clerk wrote it
    assert copy["Fasilitasi"]["D2"].value == (
        "Tanggal: tanggal 45994 (= 03/12/2025) di luar tahun 2026; tidak dihitung untuk tahun ini → kegiatan tahun "
        "lain dilaporkan di berkas tahun itu: pindahkan baris ini, atau perbaiki tanggalnya bila salah ketik")
    assert copy["Fasilitasi"]["D3"].value is None
    summary = _texts(copy[SUMMARY_SHEET])
    assert "45994 (= 03/12/2025)" in summary  # the Nilai column
    assert "tanggal di luar tahun 2026; tidak dihitung untuk tahun ini" in summary


def test_a_workbook_keeps_all_its_sheets_and_values(tmp_path):
    raw = tmp_path / "raw"
    wb = openpyxl.Workbook()
    wb.active.title = "Catatan"
    wb.active.append(["dibuat oleh", "Bidang Pengawasan"])
    ws = wb.create_sheet("Koperasi")
    ws.append(["NIK", "Nama Koperasi", "Kecamatan", "Tahun RAT"])
    ws.append(["3509010000000001", "Kop A", "Patrang", 2026])
    ws.append(["123", "Kop B", "Patrang", 2026])
    wb.create_sheet("Rekap").append(["Jumlah", 2])
    (raw / "2026").mkdir(parents=True)
    wb.save(raw / "2026" / "koperasi.xlsx")
    _, statuses = _annotate(raw, tmp_path / "fb", years=(2026,))
    copy = openpyxl.load_workbook(tmp_path / "fb" / "2026" / "koperasi.xlsx")
    assert copy.sheetnames == [SUMMARY_SHEET, "Catatan", "Koperasi", "Rekap"]
    assert [c.value for c in copy["Catatan"][1]] == ["dibuat oleh", "Bidang Pengawasan"]
    assert [c.value for c in copy["Rekap"][1]] == ["Jumlah", 2]
    assert copy["Koperasi"]["A2"].value == "3509010000000001" and copy["Koperasi"]["D3"].value == 2026
    assert "16 digit" in copy["Koperasi"]["E3"].value


def test_a_cp1252_semicolon_csv_gets_an_xlsx_copy_with_its_exact_text(tmp_path):
    raw = tmp_path / "raw"
    lines = ["Tanggal;Kategori;Uraian;Jumlah",
             "05/02/2026;Pasar murah;Operasi pasar di Kecamatan Sumbersari – Café;1",
             "31/02/2026;Sarpras;Rehab pasar Tanjung;2",
             "07/02/2026;Ekspor;Pendampingan ekspor kopi;1.000",
             "08/02/2026;Sosialisasi;Sosialisasi \"tertib ukur\";01"]
    (raw / "2026").mkdir(parents=True)
    csv_path = raw / "2026" / "fasilitasi_perdagangan.csv"
    csv_path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    before = csv_path.read_bytes()
    _, statuses = _annotate(raw, tmp_path / "fb", years=(2026,))
    assert csv_path.read_bytes() == before
    status = next(s for s in statuses if s.label == "2026/fasilitasi_perdagangan.csv")
    assert status.copy.copy == "2026/fasilitasi_perdagangan.xlsx"
    assert "cp1252" in status.copy.format.lower() or "1252" in status.copy.format
    wb = openpyxl.load_workbook(tmp_path / "fb" / status.copy.copy)
    ws = wb[wb.sheetnames[1]]
    import csv
    expected = list(csv.reader(lines, delimiter=";"))
    for r, row in enumerate(expected, start=1):
        assert [ws.cell(r, c).value for c in range(1, len(row) + 1)] == row
    assert ws.cell(3, 5).value and ws.cell(5, 5).value  # the impossible date and the unknown kategori
    assert ws.cell(2, 5).value is None and ws.cell(4, 5).value is None
    summary = "\n".join(str(c.value) for row in wb[SUMMARY_SHEET].iter_rows() for c in row if c.value)
    assert "disimpan sebagai .xlsx" in summary


def test_files_without_problems_get_no_copy(fixture_feedback):
    _, _, out, datas, statuses = fixture_feedback
    for s in statuses:
        has = not datas[0].problems().query("berkas == @s.label").empty or not datas[-1].problems().query(
            "berkas == @s.label").empty
        if s.copy is None:
            assert not has
    assert (out / "index.html").exists()


def test_every_reason_of_the_sample_has_specific_advice():
    datas = [load_year(Params(year=y, raw_dir=REPO / "data" / "raw")) for y in (2025, 2026)]
    reasons = pd.concat([d.problems()["alasan"] for d in datas]).unique()
    assert len(reasons) > 10
    for alasan in reasons:
        assert advice(alasan, 2026) != FALLBACK_ADVICE, alasan


@pytest.mark.parametrize("alasan, part", [
    ("Tanggal tidak ada di kalender (31/04/2026)", "periksa hari dan bulannya"),
    ("NIK koperasi harus 16 digit angka", "16 digit"),
    ("Omzet tahunan tidak dapat dibaca sebagai angka (contoh yang benar: 1.250.000 atau 1,5 M)", "1.250.000"),
    ("Jumlah minimal 1", "paling sedikit 1"),
    ("bukan salah satu dari 31 kecamatan di Kabupaten Jember", "31 kecamatan"),
    ("Kecamatan kosong", "31 kecamatan"),
    ("Nama koperasi kosong", "isi sel ini"),
    ("tanggal 45994 (= 03/12/2025) di luar tahun 2026; tidak dihitung untuk tahun ini", "kegiatan tahun lain"),
    ("tanggal di luar tahun 2026; tidak dihitung untuk tahun ini", "kegiatan tahun lain"),
    ("NIK koperasi ganda; yang dipakai baris 4 (2026/koperasi.xlsx, sheet Koperasi)", "hapus baris ganda"),
    ("NIK koperasi ganda; yang dipakai baris lain (disebut pada tiap baris ganda)", "hapus baris ganda"),
    ("Tanggal: angka yang bukan nomor seri tanggal Excel", "hari/bulan/tahun"),
])
def test_advice_says_the_expected_form(alasan, part):
    assert part in advice(alasan, 2026)


def test_advice_patterns_compile_and_are_distinct():
    patterns = [p for p, _ in ADVICE]
    assert len(patterns) == len(set(patterns))


def test_copy_names():
    assert copy_name("2026/koperasi.xlsx") == "2026/koperasi.xlsx"
    assert copy_name("2026/koperasi.ods") == "2026/koperasi.xlsx"
    assert copy_name("2026/usaha_mikro/a.csv", {"2026/usaha_mikro/a.xlsx"}) == "2026/usaha_mikro/a.csv.xlsx"


@pytest.mark.parametrize("kind", ["unicode_text", "html"])
def test_exports_get_a_copy_that_names_their_format(tmp_path, kind):
    rows = [["DAFTAR KOPERASI 2026", "", "", ""],
            ["NIK", "Nama Koperasi", "Kecamatan", "Tanggal RAT"],
            ["3509010100000001", "KSP Maju", "Patrang", "12/03/2026"],
            ["3509010100000002", "KUD Tani", "Jember Kota", "13/03/2026"]]
    raw = tmp_path / "raw"
    (raw / "2026").mkdir(parents=True)
    path = raw / "2026" / "koperasi.xls"
    if kind == "unicode_text":
        path.write_bytes("".join("\t".join(r) + "\r\n" for r in rows).encode("utf-16"))
    else:
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows[1:])
        path.write_text(f"<html><body><table><tr><td colspan=4>{rows[0][0]}</td></tr>{body}</table></body></html>",
                        encoding="utf-8")
    _, statuses = _annotate(raw, tmp_path / "fb", years=(2026,))
    status = next(s for s in statuses if s.label == "2026/koperasi.xls")
    wb = openpyxl.load_workbook(tmp_path / "fb" / status.copy.copy)
    ws = wb[wb.sheetnames[1]]
    assert [ws.cell(2, c).value for c in range(1, 6)] == ["NIK", "Nama Koperasi", "Kecamatan", "Tanggal RAT", MASALAH]
    assert _rgb(ws["C4"]) == FILL_CELL and "31 kecamatan" in ws["E4"].value and ws["E3"].value is None
    summary = "\n".join(str(c.value) for row in wb[SUMMARY_SHEET].iter_rows() for c in row if c.value)
    assert status.copy.format in summary and "disimpan sebagai .xlsx" in summary
    assert ("UTF-16" if kind == "unicode_text" else "HTML") in status.copy.format
