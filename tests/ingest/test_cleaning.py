"""Table rules (spec section 4), the ledger and the reconciliation identity."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from iku_helpers.core.errors import DuplicateKeyError
from iku_helpers.core.params import Params
from iku_helpers.indicators import formulas
from iku_helpers.ingest import audit_trail, table_rules
from iku_helpers.ingest.dataset import load_year
from iku_helpers.ingest.pdrb_cleaning import clean_pdrb
from iku_helpers.ingest.processed import read_processed, write_processed
from iku_helpers.ingest.reading import RawTable
from rawfixture import OWNER_NIK, raw_table

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "raw"


def kop(nik, tanggal=None, tahun=None, kec="Ajung", nama="K"):
    return {"nik": nik, "nama_koperasi": nama, "kecamatan": kec, "tanggal_rat": tanggal, "tahun_rat": tahun}


def test_koperasi_aktif_window_and_duplicates():
    raw = raw_table("koperasi", [
        kop("3509000000000001", "01/03/2026"),
        kop("3509000000000001", "01/03/2025"),          # older duplicate → ledger
        kop("3509000000000002", "05/05/2024"),          # aktif only with a 3-year window
        kop("3509000000000003"),                        # no RAT: kept, not aktif
        kop("3509000000000004", tahun="2026"),
        kop("3509000000000005", "02/02/2026"),
        kop("3509000000000005", "02/02/2026", nama="second"),  # equal: first kept
    ])
    one = table_rules.clean_koperasi(raw, 2026, 1)
    aktif = one.data.set_index("nik")["aktif"]
    assert aktif.to_dict() == {"3509000000000001": True, "3509000000000002": False, "3509000000000003": False,
                               "3509000000000004": True, "3509000000000005": True}
    assert one.data.set_index("nik").loc["3509000000000005", "nama_koperasi"] == "K"
    assert sorted(one.ledger["baris"]) == [3, 8]
    assert all("ganda" in a for a in one.ledger["alasan"])
    three = table_rules.clean_koperasi(raw, 2026, 3)
    assert three.data.set_index("nik").loc["3509000000000002", "aktif"]


def test_koperasi_latest_rat_wins_even_when_listed_later():
    raw = raw_table("koperasi", [kop("3509000000000001", "01/03/2024", nama="lama"),
                                 kop("3509000000000001", "01/03/2026", nama="baru")])
    c = table_rules.clean_koperasi(raw, 2026)
    assert c.data["nama_koperasi"].tolist() == ["baru"] and c.ledger["baris"].tolist() == [2]


def test_every_problem_of_a_row_is_in_one_ledger_row():
    raw = raw_table("koperasi", [kop("123", "31/02/2026", kec="Atlantis")])
    c = table_rules.clean_koperasi(raw, 2026)
    assert len(c.ledger) == 1
    row = c.ledger.iloc[0]
    assert row["kolom"] == "nik; kecamatan; tanggal_rat"
    assert "16 digit" in row["alasan"] and "kecamatan" in row["alasan"] and "kalender" in row["alasan"]
    assert list(c.ledger.columns) == audit_trail.LEDGER_COLUMNS


def test_empty_and_totals_rows_are_counted_not_rejected():
    raw = raw_table("koperasi", [
        kop("3509000000000001", "01/03/2026"),
        {"nik": None, "nama_koperasi": "  ", "kecamatan": None, "tanggal_rat": None, "tahun_rat": None},
        {"nik": "Jumlah", "nama_koperasi": None, "kecamatan": None, "tanggal_rat": None, "tahun_rat": 12},
        {"nik": None, "nama_koperasi": "GRAND TOTAL", "kecamatan": None, "tanggal_rat": None, "tahun_rat": None},
    ])
    c = table_rules.clean_koperasi(raw, 2026)
    counts = c.counts.iloc[0]
    assert (counts.baris_dibaca, counts.baris_diterima, counts.baris_kosong, counts.baris_total, counts.baris_ditolak) \
        == (4, 1, 1, 2, 0)


def um(i, omzet=None, modal=None, status=None, kec="Ajung"):
    return {"id_usaha": i, "nama_usaha": "U", "kecamatan": kec, "omzet_tahunan": omzet, "modal_usaha": modal,
            "status_aktif": status}


def test_usaha_skala_status_and_disagreement():
    raw = raw_table("usaha_mikro", [
        um("1", "2 M", "500 jt", "ya"),          # omzet exactly 2 M: mikro
        um("2", "2.000.000.001", None, None),    # kecil, aktif by omzet > 0
        um("3", None, "1,5 M", None),            # by modal: kecil; no omzet: not aktif
        um("4", "0", "0", "ya"),                 # status wins over omzet
        um("5", "100 jt", "6 M", "tidak"),       # omzet mikro, modal menengah: noted
        um("6", None, None, "ya"),               # neither: rejected
        um("7", "1", None, "mungkin"),           # unknown status: rejected
        um("1", "1", None, None),                # duplicate: rejected
    ])
    c = table_rules.clean_usaha_mikro(raw)
    d = c.data.set_index("id_usaha")
    assert d["skala"].to_dict() == {"1": "mikro", "2": "kecil", "3": "kecil", "4": "mikro", "5": "mikro"}
    assert d["aktif"].to_dict() == {"1": True, "2": True, "3": False, "4": True, "5": False}
    assert sorted(c.ledger["baris"]) == [7, 8, 9]
    assert c.notes["baris"].tolist() == [6] and "berbeda" in c.notes["catatan"].iloc[0]


def test_usaha_owner_data_is_masked_and_name_dropped():
    row = um("1", "1 jt")
    row.update({"nik_pemilik": OWNER_NIK, "nama_pemilik": "Budi"})
    c = table_rules.clean_usaha_mikro(raw_table("usaha_mikro", [row]))
    assert c.data["nik_pemilik"].tolist() == ["3509********0001"]
    assert "nama_pemilik" not in c.data.columns


def test_facilitation_outside_year_or_register_is_rejected():
    raw = raw_table("fasilitasi_koperasi", [
        {"tanggal": "01/01/2026", "nik": "3509000000000001", "jenis_fasilitasi": "x"},
        {"tanggal": "31/12/2025", "nik": "3509000000000001", "jenis_fasilitasi": "x"},
        {"tanggal": "01/06/2026", "nik": "3509000000000009", "jenis_fasilitasi": "x"},
    ])
    register = pd.DataFrame({"nik": ["3509000000000001"]})
    c = table_rules.clean_fasilitasi_koperasi(raw, 2026, register)
    assert len(c.data) == 1
    reasons = c.ledger.set_index("baris")["alasan"]
    assert "di luar tahun 2026" in reasons[3] and "tidak terdaftar" in reasons[4]
    missing = table_rules.clean_fasilitasi_koperasi(raw, 2026, None)
    assert len(missing.data) == 0 and len(missing.ledger) == 3


def test_ledger_and_notes_carry_the_rows_id_so_a_rejected_row_is_found_by_it():
    """Issue 16: a facilitation row rejected by its date holds the date in ``nilai``; its NIK is in ``id``."""
    fas = table_rules.clean_fasilitasi_koperasi(raw_table("fasilitasi_koperasi", [
        {"tanggal": "31/12/2025", "nik": " 3509000000000001 ", "jenis_fasilitasi": "x"},
        {"tanggal": "01/06/2026", "nik": None, "jenis_fasilitasi": "x"},
    ]), 2026, pd.DataFrame({"nik": ["3509000000000001"]}))
    by_row = fas.ledger.set_index("baris")
    assert by_row.loc[2, "kolom"] == "tanggal" and by_row.loc[2, "nilai"] == "31/12/2025"
    assert by_row.loc[2, "id"] == "3509000000000001" and by_row.loc[3, "id"] == ""
    assert list(fas.problems.columns) == audit_trail.LEDGER_COLUMNS and fas.problems["id"].iloc[0] == "3509000000000001"
    usaha = table_rules.clean_usaha_mikro(raw_table("usaha_mikro", [um("U-77", None, None, "ya"),
                                                                    um("U-78", "5 jt", "6 M")]))
    assert usaha.ledger["id"].tolist() == ["U-77"] and usaha.notes["id"].tolist() == ["U-78"]
    assert list(usaha.notes.columns) == audit_trail.NOTE_COLUMNS
    trade = table_rules.clean_fasilitasi_perdagangan(raw_table("fasilitasi_perdagangan", [
        {"tanggal": "x", "kategori": "Operasi Pasar", "uraian": "u"}]), 2026)
    assert trade.ledger["id"].tolist() == [""]  # no identifier in this table


def test_a_count_that_is_not_a_number_gets_a_whole_number_example():
    trade = table_rules.clean_fasilitasi_perdagangan(raw_table("fasilitasi_perdagangan", [
        {"tanggal": "01/02/2026", "kategori": "Operasi Pasar", "uraian": "u", "jumlah": "dua"}]), 2026)
    assert "contoh yang benar: 2)" in trade.ledger["alasan"].iloc[0]


@pytest.mark.parametrize("kategori, expected", [
    ("Rehab sarana pasar", "sarana_prasarana"), ("SARPRAS", "sarana_prasarana"),
    ("Operasi Pasar", "pasar_murah_bapokting"), ("Bapokting", "pasar_murah_bapokting"),
    ("Export kopi", "ekspor_produk_umkm"), ("Sosialisasi", None), ("Pasar murah dan ekspor", None),
])
def test_trade_categories(kategori, expected):
    raw = raw_table("fasilitasi_perdagangan", [{"tanggal": "01/02/2026", "kategori": kategori, "uraian": "u"}])
    c = table_rules.clean_fasilitasi_perdagangan(raw, 2026)
    assert (c.data["kategori"].tolist() or [None]) == [expected]


@pytest.mark.parametrize("jumlah, ok", [(None, 1), ("3", 3), ("0", None), ("2,5", None)])
def test_trade_jumlah(jumlah, ok):
    raw = raw_table("fasilitasi_perdagangan", [{"tanggal": "01/02/2026", "kategori": "pasar murah",
                                                 "uraian": "u", "jumlah": jumlah}])
    c = table_rules.clean_fasilitasi_perdagangan(raw, 2026)
    assert (c.data["jumlah"].tolist() or [None]) == [ok]


def test_pdrb_subcategory_total_and_duplicates():
    rows = [{"tahun": "2025", "kategori": k, "adhb": "1,5"} for k in "ABG"]
    rows += [{"tahun": "2025", "kategori": "C1", "adhb": "1"}, {"tahun": "2025", "kategori": "H.2", "adhb": "1"},
             {"tahun": "2025", "kategori": "PDRB", "adhb": "4,5"}]
    c = clean_pdrb(raw_table("pdrb_lapangan_usaha", rows))
    assert sorted(c.data["kategori"]) == ["A", "B", "G"]
    # sub-categories are dilewati (listed with the notes), not ditolak
    assert len(c.ledger) == 0 and c.counts.iloc[0].baris_total == 1 and c.counts.iloc[0].baris_dilewati == 2
    assert c.notes["catatan"].str.startswith("dilewati (sub-kategori").sum() == 2
    assert c.extra["total_pdrb"]["adhb"].tolist() == [4.5]
    with pytest.raises(DuplicateKeyError):
        clean_pdrb(raw_table("pdrb_lapangan_usaha", rows + [{"tahun": "2025", "kategori": "G", "adhb": "2"}]))


def test_targets_codes_and_duplicates():
    rows = [{"kode": "iku 1", "tahun": "2026", "target": "45,5", "polaritas": None},
            {"kode": "IKU-9", "tahun": "2026", "target": "1", "polaritas": None},
            {"kode": "IT-2", "tahun": "2026", "target": "80", "polaritas": "Negatif"}]
    c = table_rules.clean_target(raw_table("target_iku", rows), ["IKU-1", "IT-2"])
    assert c.data[["kode", "target", "polaritas"]].values.tolist() == [["IKU-1", 45.5, "positif"],
                                                                      ["IT-2", 80.0, "negatif"]]
    with pytest.raises(DuplicateKeyError):
        table_rules.clean_target(raw_table("target_iku", rows + [rows[0]]), ["IKU-1", "IT-2"])


# --- whole years: fixture and bundled sample ------------------------------------------------

def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _check_identity(data):
    recon = data.reconciliation()
    assert list(recon.columns) == audit_trail.COUNT_COLUMNS
    lhs = recon["baris_dibaca"]
    rhs = recon[audit_trail.ROW_BUCKETS].sum(axis=1)
    assert (lhs == rhs).all()
    # the ledger holds exactly the rejected rows, the clean tables exactly the accepted ones
    ledger = data.ledger()
    for table, cleaned in data.tables.items():
        per = recon[recon["tabel"] == table]
        assert per["baris_ditolak"].sum() == (ledger["tabel"] == table).sum()
        # the PDRB table is long: one row per (tahun, kategori), from the accepted raw rows
        rows = cleaned.data[["sumber_berkas", "sumber_baris"]]
        kept = len(rows.drop_duplicates()) if table == "pdrb_lapangan_usaha" else len(cleaned.data)
        assert per["baris_diterima"].sum() == kept


def test_fixture_year_reconciles_and_raw_is_untouched(raw_fixture):
    before = _hashes(raw_fixture)
    for year in (2025, 2026):
        _check_identity(load_year(Params(year=year, raw_dir=raw_fixture)))
    assert _hashes(raw_fixture) == before


@pytest.mark.skipif(not (SAMPLE / "2025").is_dir(), reason="bundled sample not generated")
@pytest.mark.parametrize("year", [2025, 2026])
def test_sample_years_reconcile_for_every_table(year):
    before = _hashes(SAMPLE)
    data = load_year(Params(year=year, raw_dir=SAMPLE))
    _check_identity(data)
    assert not data.missing or data.missing == []
    assert _hashes(SAMPLE) == before


def test_processed_round_trip(raw_fixture, tmp_path):
    params = Params(year=2026, raw_dir=raw_fixture, processed_dir=tmp_path)
    data = load_year(params)
    write_processed(data)
    back = read_processed(params)
    pd.testing.assert_frame_equal(back.get("koperasi"), data.tables["koperasi"].data)
    assert back.meta["riwayat_perdagangan"] == {"2025": True, "2026": True}


def test_usaha_personal_extra_columns_are_not_carried_on():
    row = um("1", "1 jt")
    row.update({"nik": "3509123456780009", "alamat_pemilik": "Jl. Mawar 1", "no_hp": "0812", "sektor_usaha": "kuliner"})
    c = table_rules.clean_usaha_mikro(raw_table("usaha_mikro", [row]))
    assert "nik" not in c.data.columns and "alamat_pemilik" not in c.data.columns and "no_hp" not in c.data.columns
    assert c.data["sektor_usaha"].tolist() == ["kuliner"]  # other extra columns are kept


def test_a_header_nik_in_the_umkm_register_is_the_owner_nik(tmp_path):
    from iku_helpers.ingest.reading import read_file

    path = tmp_path / "usaha_mikro.csv"
    path.write_text("NIB,Nama Usaha,Kecamatan,Omzet,NIK\n1,A,Ajung,1,3509123456780001\n", encoding="utf-8")
    frame, _, _ = read_file(path, "usaha_mikro", "usaha_mikro.csv")
    c = table_rules.clean_usaha_mikro(RawTable("usaha_mikro", frame, ["usaha_mikro.csv"]))
    assert c.data["nik_pemilik"].tolist() == ["3509********0001"]


def test_totals_row_judged_in_its_own_files_column_order(tmp_path):
    """A later file of a folder may have a column the first lacks ('No.'); stacking puts it last,
    but its JUMLAH row is still the file's first non-empty cell."""
    from iku_helpers.ingest.discovery import Found
    from iku_helpers.ingest.reading import read_table

    folder = tmp_path / "usaha_mikro"
    folder.mkdir()
    (folder / "a.csv").write_text("NIB,Nama Usaha,Kecamatan,Omzet\n1,A,Ajung,5\n", encoding="utf-8")
    (folder / "b.csv").write_text("No.,NIB,Nama Usaha,Kecamatan,Omzet\n1,2,B,Ajung,5\nJUMLAH,,,,10\n",
                                  encoding="utf-8")
    raw = read_table(Found("usaha_mikro", sorted(folder.iterdir()), folder), tmp_path)
    cols = list(raw.frame.columns)
    assert cols.index("no") > cols.index("id_usaha")  # the shape that hid the bug: 'no' stacked last
    c = table_rules.clean_usaha_mikro(raw)
    counts = c.counts.set_index("berkas")
    assert counts.loc["usaha_mikro/b.csv", "baris_total"] == 1
    assert c.ledger.empty and len(c.data) == 2


# --- quarterly targets (spec section 7) -------------------------------------------------------

KODES = ["IT-2", "IKU-1", "IKU-2"]


def _target(kode, tahun, target, triwulan=None, polaritas=None):
    return {"kode": kode, "tahun": tahun, "triwulan": triwulan, "target": target, "polaritas": polaritas}


def test_target_triwulan_column_and_polaritas_from_annual_row():
    rows = [_target("IT-2", "2026", "80", polaritas="negatif"), _target("IT-2", "2026", "20", "1"),
            _target("IKU-1", "2026", "23"), _target("IKU-1", "2026", "23", "4"), _target("IKU-1", "2026", "5", "0"),
            _target("IKU-1", "2026", "6", "5")]
    c = table_rules.clean_target(raw_table("target_iku", rows), KODES)
    got = c.data[["kode", "triwulan", "target", "polaritas"]].astype(object).where(c.data.notna(), None)
    assert got.values.tolist() == [["IT-2", None, 80.0, "negatif"], ["IT-2", 1, 20.0, "negatif"],
                                   ["IKU-1", None, 23.0, "positif"], ["IKU-1", 4, 23.0, "positif"]]
    assert sorted(c.ledger["baris"].tolist()) == [6, 7]  # triwulan 0 and 5 are rejected rows
    assert c.ledger["kolom"].tolist() == ["triwulan", "triwulan"]


def test_target_tw4_and_annual_rows_that_differ_name_both_rows():
    rows = [_target("IKU-2", "2026", "12,5"), _target("IKU-1", "2026", "23"), _target("IKU-2", "2026", "13", "4")]
    with pytest.raises(DuplicateKeyError) as exc:
        table_rules.clean_target(raw_table("target_iku", rows), KODES)
    text = exc.value.message()
    assert "IKU-2 tahun 2026" in text and "baris 2" in text and "baris 4" in text
    assert "12,50" in text and "13,00" in text and "baris 3" not in text


def test_duplicate_target_message_names_only_the_clashing_rows_with_whole_years():
    rows = [_target("IKU-1", "2026", "23"), _target("IT-2", "2026", "80"), _target("IT-2", "2026", "81"),
            _target("IKU-1", "2026", "24"), _target("IKU-1", "2026", "5", "2"), _target("IKU-1", "2026", "6", "2")]
    with pytest.raises(DuplicateKeyError) as exc:
        table_rules.clean_target(raw_table("target_iku", rows), KODES)
    text = exc.value.message()
    assert "IKU-1 / 2026 / kosong" in text and "2026.0" not in text
    assert "target_iku.xlsx baris 2, target_iku.xlsx baris 5)" in text
    assert "baris 3" not in text and "baris 4" not in text  # IT-2's rows clash too, but are another key
    assert "2 kunci lain juga ganda" in text


def test_a_duplicate_across_files_names_the_file_of_the_row_used():
    """The rejected duplicate points at the row that was kept, in that row's own file."""
    from iku_helpers.ingest.reading import RawTable
    from iku_helpers.ingest.table_rules import clean_usaha_mikro

    frame = pd.DataFrame({"id_usaha": ["111", "111"], "nama_usaha": ["A", "A"], "kecamatan": ["Ajung", "Ajung"],
                          "omzet_tahunan": ["1000", "1000"], "modal_usaha": ["10", "10"], "status_aktif": ["ya", "ya"],
                          "_berkas": ["2026/usaha_mikro/01_barat.xlsx", "2026/usaha_mikro/03_timur.csv"],
                          "_sheet": ["Data", None], "_baris": [5, 271]}, dtype="object")
    cleaned = clean_usaha_mikro(RawTable("usaha_mikro", frame, list(frame["_berkas"]), [], {}))
    reason = cleaned.ledger.set_index("baris").at[271, "alasan"]
    assert reason == "ID usaha (NIB) ganda; yang dipakai baris 5 (2026/usaha_mikro/01_barat.xlsx, sheet Data)"
    # the other way round: the row used is in the text file, which has no sheet
    swapped = frame.iloc[::-1].reset_index(drop=True)
    cleaned = clean_usaha_mikro(RawTable("usaha_mikro", swapped, list(swapped["_berkas"]), [], {}))
    reason = cleaned.ledger.set_index("baris").at[5, "alasan"]
    assert reason == "ID usaha (NIB) ganda; yang dipakai baris 271 (2026/usaha_mikro/03_timur.csv)"


def test_a_duplicate_names_the_row_used_by_its_sheet_and_its_row_in_the_spreadsheet(tmp_path):
    """Title rows, an empty first column and a first sheet of another name: the clerk finds the row
    used where the message says, and the kind of reason reads without a row."""
    import datetime as dt

    import openpyxl

    from iku_helpers.ingest.discovery import discover
    from iku_helpers.ingest.reading import read_table

    wb = openpyxl.Workbook()
    wb.active.title = "Rekap"
    wb.active["A1"] = "lihat sheet Koperasi"
    ws = wb.create_sheet("Koperasi")
    ws["B1"] = "DAFTAR KOPERASI 2026"
    rows = [["NIK Koperasi", "Nama Koperasi", "Kecamatan", "Tanggal RAT"],          # row 3
            ["3509000000000001", "Kop A lama", "Ajung", dt.datetime(2025, 3, 1)],  # row 4: older RAT, rejected
            ["3509000000000002", "Kop B", "Ajung", dt.datetime(2026, 2, 1)],       # row 5
            ["3509000000000001", "Kop A", "Ajung", dt.datetime(2026, 3, 1)]]       # row 6: latest RAT, used
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=2):
            ws.cell(r, c, value)
    (tmp_path / "2026").mkdir()
    wb.save(tmp_path / "2026" / "koperasi.xlsx")
    raw = read_table(discover(tmp_path / "2026", ("koperasi",), base=tmp_path).tables["koperasi"], tmp_path)
    ledger = table_rules.clean_koperasi(raw, 2026).ledger
    assert ledger[["baris", "sheet", "alasan"]].values.tolist() == [
        [4, "Koperasi", "NIK koperasi ganda; yang dipakai baris 6 (2026/koperasi.xlsx, sheet Koperasi)"]]
    assert audit_trail.reason_key(ledger.at[0, "alasan"]) == (
        "NIK koperasi ganda; yang dipakai baris lain (disebut pada tiap baris ganda)")


def test_a_row_dated_in_another_year_names_its_date_as_dd_mm_yyyy_and_an_excel_serial_with_its_date():
    import datetime as dt

    rows = [{"tanggal": t, "nik": "3509000000000001", "jenis_fasilitasi": "pelatihan"}
            for t in (45994.0, "45994", "2025-12-04", dt.datetime(2025, 12, 5), "06/12/2025", "7 Des 2025",
                      "20/01/2026")]
    register = pd.DataFrame({"nik": ["3509000000000001"]})
    c = table_rules.clean_fasilitasi_koperasi(raw_table("fasilitasi_koperasi", rows), 2026, register)
    assert c.ledger[["baris", "kolom", "nilai", "alasan"]].values.tolist() == [
        [2, "tanggal", "45994 (= 03/12/2025)",
         "tanggal 45994 (= 03/12/2025) di luar tahun 2026; tidak dihitung untuk tahun ini"],
        [3, "tanggal", "45994 (= 03/12/2025)",
         "tanggal 45994 (= 03/12/2025) di luar tahun 2026; tidak dihitung untuk tahun ini"],
        [4, "tanggal", "2025-12-04 (= 04/12/2025)",
         "tanggal 2025-12-04 (= 04/12/2025) di luar tahun 2026; tidak dihitung untuk tahun ini"],
        [5, "tanggal", "05/12/2025", "tanggal 05/12/2025 di luar tahun 2026; tidak dihitung untuk tahun ini"],
        [6, "tanggal", "06/12/2025", "tanggal 06/12/2025 di luar tahun 2026; tidak dihitung untuk tahun ini"],
        [7, "tanggal", "7 Des 2025", "tanggal 07/12/2025 di luar tahun 2026; tidak dihitung untuk tahun ini"],
    ]
    assert len(c.data) == 1
    # one kind of reason, as the pages and the report count them
    assert audit_trail.reasons_table(c.ledger).values.tolist() == [
        ["fasilitasi_koperasi", "tanggal di luar tahun 2026; tidak dihitung untuk tahun ini", 6]]


def test_a_date_cell_where_a_number_belongs_reads_dd_mm_yyyy_in_the_ledger():
    import datetime as dt

    raw = raw_table("koperasi", [kop(dt.datetime(2026, 1, 31), "01/03/2026")])
    row = table_rules.clean_koperasi(raw, 2026).ledger.iloc[0]
    assert (row["id"], row["nilai"], row["alasan"]) == ("31/01/2026", "31/01/2026",
                                                         "bukan nomor identitas (sel tanggal/boolean)")


def test_impossible_dates_and_bad_serials_are_one_kind_each_and_say_the_number_the_indonesian_way():
    raw = raw_table("koperasi", [kop("3509000000000001", "31/02/2026"), kop("3509000000000002", "31/04/2026"),
                                 kop("3509000000000003", 123456.5), kop("3509000000000004", -3.0)])
    ledger = table_rules.clean_koperasi(raw, 2026).ledger
    assert ledger["alasan"].tolist() == ["Tanggal RAT tidak ada di kalender (31/02/2026)",
                                         "Tanggal RAT tidak ada di kalender (31/04/2026)",
                                         "Tanggal RAT: angka 123456,5 bukan nomor seri tanggal Excel",
                                         "Tanggal RAT: angka -3 bukan nomor seri tanggal Excel"]
    assert audit_trail.reasons_table(ledger)[["alasan", "jumlah"]].values.tolist() == [
        ["Tanggal RAT tidak ada di kalender", 2], ["Tanggal RAT: angka yang bukan nomor seri tanggal Excel", 2]]


# --- trade facilitation from two bidang (spec section 9, issue 23 item 5) -------------------------

PERDAGANGAN = "2026/fasilitasi_perdagangan/perdagangan.xlsx"
SARPRAS = "2026/fasilitasi_perdagangan/sarpras.csv"


def _trade_folder(rows: list[tuple]) -> RawTable:
    """A trade folder of two files: rows are (berkas, baris, tanggal, kategori, uraian, jumlah[, bidang])."""
    frame = pd.DataFrame([{"_berkas": r[0], "_sheet": None, "_baris": r[1], "tanggal": r[2], "kategori": r[3],
                           "uraian": r[4], "jumlah": r[5], **({"bidang": r[6]} if len(r) > 6 else {})} for r in rows],
                         dtype="object")
    return RawTable("fasilitasi_perdagangan", frame, sorted(set(frame["_berkas"])))


def test_an_activity_in_two_files_of_the_trade_folder_is_noted_on_both_rows_and_still_counted():
    from iku_helpers.indicators import model as ind

    raw = _trade_folder([
        (PERDAGANGAN, 2, "01/03/2026", "Pasar murah", "Pasar murah Ramadan", "2"),
        (PERDAGANGAN, 3, "02/03/2026", "Ekspor kopi", "Ekspor kopi", "1"),      # same in sarpras.csv but jumlah 3
        (PERDAGANGAN, 4, "05/03/2026", "Sarpras", "Rehab los", None),           # twice in one file only
        (PERDAGANGAN, 5, "05/03/2026", "Sarpras", "Rehab los", None),
        (PERDAGANGAN, 6, "06/03/2025", "Sarpras", "Rehab kios", None),          # another year: rejected
        (SARPRAS, 12, "01/03/2026", "operasi pasar", "  PASAR murah\u00a0 ramadan ", "2"),  # the same activity
        (SARPRAS, 13, "02/03/2026", "Ekspor", "Ekspor kopi", "3"),
        (SARPRAS, 14, "06/03/2025", "Sarpras", "rehab kios", None),             # rejected: not compared
    ])
    c = table_rules.clean_fasilitasi_perdagangan(raw, 2026)
    notes = c.notes.set_index(["berkas", "baris"])["catatan"]
    assert sorted(notes.index) == [(PERDAGANGAN, 2), (SARPRAS, 12)]
    assert notes[PERDAGANGAN, 2] == (f"sama dengan baris 12 ({SARPRAS}) pada tanggal, kategori, uraian dan jumlah: "
                                     "satu kegiatan yang dicatat dua bidang akan terhitung dua kali di IKU-3; periksa")
    assert notes[SARPRAS, 12].startswith(f"sama dengan baris 2 ({PERDAGANGAN}) pada tanggal")
    assert set(c.notes["kolom"]) == {"uraian"}
    assert c.notes.set_index("baris").at[12, "nilai"] == "PASAR murah\u00a0 ramadan"  # the cell as written
    assert len(c.data) == 6 and sorted(c.ledger["baris"]) == [6, 14]  # noted rows are kept
    sources = ind.Sources(2026, trade_history={2026: c.data}, accumulation_start_year=2026)
    r = formulas.iku3_perdagangan_ditingkatkan(sources)
    assert r.pembilang == 2 + 1 + 1 + 1 + 2 + 3  # F counts both rows of the activity: hence the note


def test_the_same_activity_note_names_the_sheet_of_a_workbook_row():
    raw = _trade_folder([(PERDAGANGAN, 2, "01/03/2026", "Pasar murah", "Pasar murah", "2"),
                         (SARPRAS, 12, "01/03/2026", "Pasar murah", "Pasar murah", "2")])
    raw.frame["_sheet"] = raw.frame["_sheet"].where(raw.frame["_berkas"] != PERDAGANGAN, "Kegiatan")
    notes = table_rules.clean_fasilitasi_perdagangan(raw, 2026).notes.set_index("baris")["catatan"]
    assert notes[12].startswith(f"sama dengan baris 2 ({PERDAGANGAN}, sheet Kegiatan) pada tanggal")
    assert notes[2].startswith(f"sama dengan baris 12 ({SARPRAS}) pada tanggal")


def test_a_single_file_trade_table_gets_no_same_activity_note():
    row = {"tanggal": "01/03/2026", "kategori": "Pasar murah", "uraian": "Pasar murah", "jumlah": "2"}
    c = table_rules.clean_fasilitasi_perdagangan(raw_table("fasilitasi_perdagangan", [row, dict(row)]), 2026)
    assert c.notes.empty and len(c.data) == 2


@pytest.mark.parametrize("written, read", [
    ("Perdagangan", "Bidang Perdagangan"), (" bidang  PERDAGANGAN ", "Bidang Perdagangan"),
    ("Sarana dan Prasarana", "Bidang Sarana dan Prasarana"), ("SARANA & PRASARANA", "Bidang Sarana dan Prasarana"),
    ("Sarpras", "Bidang Sarana dan Prasarana"), ("Bidang Sarpras", "Bidang Sarana dan Prasarana"), (None, None),
])
def test_trade_bidang_column_accepts_case_space_and_sarpras(written, read):
    from iku_helpers.documents.feedback import bidang_of

    c = table_rules.clean_fasilitasi_perdagangan(raw_table("fasilitasi_perdagangan", [
        {"tanggal": "01/03/2026", "kategori": "Ekspor", "uraian": "u", "bidang": written}]), 2026)
    assert c.notes.empty
    got = c.data["bidang"].iloc[0]
    assert (None if pd.isna(got) else got) == read
    assert read is None or read in bidang_of("fasilitasi_perdagangan")  # spelled as tables.py does
    assert c.extra["bidang_berkas"] == ({} if read is None else {"fasilitasi_perdagangan.xlsx": (read,)})


def test_an_unknown_trade_bidang_is_noted_not_rejected():
    c = table_rules.clean_fasilitasi_perdagangan(raw_table("fasilitasi_perdagangan", [
        {"tanggal": "01/03/2026", "kategori": "Ekspor", "uraian": "u", "bidang": "UMKM"}]), 2026)
    assert c.ledger.empty and len(c.data) == 1 and pd.isna(c.data["bidang"].iloc[0])
    note = c.notes.iloc[0]
    assert (note["kolom"], note["nilai"]) == ("bidang", "UMKM")
    assert note["catatan"].startswith("bidang tidak dikenal")
    assert note["catatan"].endswith(audit_trail.OPTIONAL_SET_ASIDE)
    assert c.extra["bidang_berkas"] == {}


def test_the_bidang_a_trade_file_names_is_kept_per_file_even_on_rejected_rows():
    raw = _trade_folder([
        (PERDAGANGAN, 2, "01/03/2026", "Ekspor", "u", None, "Perdagangan"),
        (SARPRAS, 2, "01/03/2025", "Ekspor", "v", None, "sarpras"),  # rejected (another year): still the file's bidang
    ])
    c = table_rules.clean_fasilitasi_perdagangan(raw, 2026)
    assert c.extra["bidang_berkas"] == {PERDAGANGAN: ("Bidang Perdagangan",), SARPRAS: ("Bidang Sarana dan Prasarana",)}


@pytest.mark.parametrize("by, col", [("omzet", 1), ("modal", 2)])
def test_skala_usaha_at_every_limit(by, col):
    """An amount equal to a limit belongs to the smaller scale; one rupiah more to the next."""
    from iku_helpers.core.tables import SKALA_BATAS
    from iku_helpers.ingest.table_rules import skala_usaha

    amounts, expected = [0.0, float("nan")], ["mikro", None]
    for i, (name, *limits) in enumerate(SKALA_BATAS):
        nxt = SKALA_BATAS[i + 1][0] if i + 1 < len(SKALA_BATAS) else "besar"
        amounts += [limits[col - 1], limits[col - 1] + 1]
        expected += [name, nxt]
    got = skala_usaha(pd.Series(amounts), by)
    assert [None if pd.isna(x) else x for x in got] == expected
