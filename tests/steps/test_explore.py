"""The exploration notebook's tables on the small hand-counted raw fixture (tests/rawfixture.py)."""

from __future__ import annotations

import pytest

from iku_helpers.core.params import Params
from iku_helpers.ingest.processed import processed_year
from iku_helpers.steps import explore


def _processed(raw, tmp_path, year: int):
    return processed_year(Params(year=year, raw_dir=raw, processed_dir=tmp_path / "p", output_dir=tmp_path / "o"))


def _counts(table, tafsir: str, kode: str) -> tuple[int, int]:
    row = table[(table["tafsir"] == tafsir) & (table["kode"] == kode)].iloc[0]
    return int(row["pembilang"]), int(row["penyebut"])


# Counted by hand from tests/rawfixture.py:
# 2026 koperasi: A RAT 2026, B 2025, C 2026; facilitated in 2026: B, C.
# 2026 usaha: A mikro aktif, B mikro aktif, C kecil, D mikro not aktif; facilitated: A, C.
# 2025 koperasi: A 2025, B 2025, C 2024, G no RAT; facilitated in 2025: A, C (B's row is dated 2024).
# 2025 usaha: U1, U2, U6, U7 mikro (U1, U6 aktif); facilitated in 2025: U1, U2, U3 (kecil).
@pytest.mark.parametrize("year, expected", [
    (2026, {"spec IKU-1": (1, 2), "window": (2, 3), "semua IKU-1": (2, 2), "spec IKU-2": (1, 2),
            "semua IKU-2": (1, 3)}),
    (2025, {"spec IKU-1": (1, 2), "window": (2, 3), "semua IKU-1": (2, 2), "spec IKU-2": (1, 2),
            "semua IKU-2": (2, 4)}),  # U2 is mikro, facilitated, not aktif
])
def test_sensitivity_matches_hand_counts(raw_fixture, tmp_path, year, expected):
    table = explore.sensitivity(_processed(raw_fixture, tmp_path, year))
    spec = "tafsir yang dipakai laporan resmi"
    assert _counts(table, spec, "IKU-1") == expected["spec IKU-1"]
    assert _counts(table, spec, "IKU-2") == expected["spec IKU-2"]
    assert _counts(table, "jendela RAT 2 tahun (bukan 1)", "IKU-1") == expected["window"]
    every_koperasi = "pembilang: semua koperasi yang difasilitasi, aktif atau tidak"
    assert _counts(table, every_koperasi, "IKU-1") == expected["semua IKU-1"]
    assert _counts(table, "penyebut: semua usaha mikro, aktif atau tidak", "IKU-2") == expected["semua IKU-2"]
    base = table.iloc[0]["realisasi"]
    window = table[table["tafsir"].str.startswith("jendela")].iloc[0]
    assert window["selisih_poin"] == pytest.approx(window["realisasi"] - base)


def test_raw_steps_show_every_raw_row_without_owner_data(raw_fixture, tmp_path):
    processed = _processed(raw_fixture, tmp_path, 2025)
    steps = explore.raw_steps(processed, "usaha_mikro")
    assert len(steps.raw) == 9 and {"berkas", "sheet", "baris"} <= set(steps.raw.columns)
    assert "nik_pemilik" not in steps.raw and "nama_pemilik" not in steps.raw
    assert len(steps.clean) + len(steps.rejected) == 9  # no empty or total rows in these files
    assert set(steps.rejected["tabel"]) == {"usaha_mikro"}
    with pytest.raises(ValueError, match="bukan tabel tahunan"):
        explore.raw_steps(processed, "target_iku")


def test_facilitation_per_kind_and_month_counts_distinct_entities(raw_fixture, tmp_path):
    table = explore.fasilitasi_per_jenis_bulan(_processed(raw_fixture, tmp_path, 2025), "fasilitasi_usaha_mikro")
    # 2025 rows kept: U1 pelatihan (Mar), U1 pendampingan (Apr), U2 pelatihan (May), U3 pelatihan (Jun)
    assert table.loc["semua jenis", "setahun"] == 3
    assert table.loc["semua jenis", "Maret"] == 1 and table.loc["semua jenis", "Januari"] == 0
    assert table["setahun"].drop("semua jenis").sum() == 4  # U1 under two kinds


def test_cakupan_lists_all_31_kecamatan_lowest_first(raw_fixture, tmp_path):
    table = explore.cakupan(_processed(raw_fixture, tmp_path, 2026))
    assert len(table) == 31
    assert table.loc["Patrang", "iku2_penyebut"] == 2 and table.loc["Patrang", "iku2_pembilang"] == 1
    assert table.loc["Kaliwates", "iku1_penyebut"] == 1 and table.loc["Kaliwates", "iku1_pembilang"] == 0


def test_raw_view_drops_every_personal_column(raw_fixture, tmp_path):
    path = raw_fixture / "2026" / "usaha_mikro.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",Alamat Pemilik,No HP"] + [line + ",Jl. Mawar 1,0812" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    steps = explore.raw_steps(_processed(raw_fixture, tmp_path, 2026), "usaha_mikro")
    shown = " ".join(steps.raw.columns)
    assert "alamat" not in shown and "hp" not in shown.split() and "Jl. Mawar" not in steps.raw.to_string()


def test_a_quarter_counts_facilitation_up_to_its_end_only(raw_fixture, tmp_path):
    params = Params(year=2026, triwulan=1, raw_dir=raw_fixture, processed_dir=tmp_path / "p", output_dir=tmp_path / "o")
    processed = processed_year(params)
    table = explore.fasilitasi_per_jenis_bulan(processed, "fasilitasi_usaha_mikro")
    assert table.loc["semua jenis", "setahun"] == 0  # both 2026 rows are dated in May
    koperasi = explore.fasilitasi_per_jenis_bulan(processed, "fasilitasi_koperasi")
    assert koperasi.loc["semua jenis", "Februari"] == 2
    window = explore.sensitivity(processed)
    assert window["tafsir"].str.contains("jendela RAT 2 tahun").any()
    two = explore.sensitivity(processed_year(params.replace(rat_window_years=2)))
    assert two["tafsir"].str.contains(r"jendela RAT 1 tahun \(bukan 2\)").any()


# --- what the notebook shows a reader (spec section 10: words, Indonesian notation) ------------

def _cells(styler) -> list[str]:
    import re

    return re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", styler.to_html())


def test_tampilkan_shows_words_and_indonesian_numbers_and_keeps_the_data():
    import pandas as pd

    frame = pd.DataFrame({"no": [1.0, 2.0], "id_usaha": ["1202114394192", "9127195616735"],
                          "omzet_tahunan": [31850000.0, 1234.5], "tahun_rat_terakhir": pd.array([2014, None], "Int64"),
                          "aktif": [True, False], "realisasi": [12.941938, None], "selisih_poin": [-2.3219, 8.29],
                          "tanggal": [pd.Timestamp("2025-12-15"), pd.NaT], "kolom": ["omzet_tahunan", "id_usaha"],
                          "tabel": ["fasilitasi_usaha_mikro", "pdrb_lapangan_usaha"], "pembilang": [16999, 140]})
    before = frame.copy()
    cells = _cells(explore.readable(frame))
    for shown in ("No", "ID usaha (NIB)", "Omzet tahunan (Rp)", "Tahun RAT terakhir", "Realisasi", "Selisih (poin persen)",
                  "1", "2", "31.850.000", "1.234,50", "2014", "–", "ya", "tidak", "12,94%", "-2,32", "+8,29",
                  "15/12/2025", "Omzet tahunan (Rp)", "Fasilitasi usaha mikro", "16.999", "1202114394192"):
        assert shown in cells, shown
    assert not [c for c in cells if "_" in c or c.endswith(".0")], cells
    assert "1.0" not in cells and "2.014" not in cells  # a row number and a year are never counts
    pd.testing.assert_frame_equal(frame, before)  # the analyst's frame keeps its field names and numbers
    hidden = _cells(explore.readable(frame, without=["tabel"]))
    assert "Tabel" in cells and "Tabel" not in hidden


def test_tampilkan_hides_a_row_number_index_and_names_a_real_one(raw_fixture, tmp_path):
    processed = _processed(raw_fixture, tmp_path, 2026)
    cakupan = _cells(explore.cakupan_view(explore.cakupan(processed)))
    assert "Kecamatan" in cakupan and "IKU-2: usaha mikro aktif" in cakupan and "Patrang" in cakupan
    assert any(c.endswith("%") and "," in c for c in cakupan)
    per_bulan = explore.fasilitasi_per_jenis_bulan(processed, "fasilitasi_koperasi")
    assert "Jenis fasilitasi" in _cells(explore.monthly_view(per_bulan))
    kepekaan = _cells(explore.readable(explore.sensitivity(processed)))
    assert "Tafsir" in kepekaan and "0" not in kepekaan[:12]  # no 0, 1, 2 … row numbers before the headers


def test_the_raw_view_and_the_summary_read_as_people_read_them(raw_fixture, tmp_path):
    processed = _processed(raw_fixture, tmp_path, 2025)
    steps = explore.raw_steps(processed, "usaha_mikro")
    assert steps.summary().startswith("Daftar usaha mikro, kecil dan menengah (usaha_mikro): 9 baris mentah")
    cells = _cells(explore.readable(steps.raw))
    assert not [c for c in cells if c.endswith(".0")] and "Berkas" in cells and "Baris" in cells
    overview = explore.tables_overview(processed)
    assert {"Daftar koperasi", "Target indikator"} <= set(overview["judul"]) and "usaha_mikro" in set(overview["nama"])
    shown = _cells(explore.readable(overview))
    assert {"Tabel", "Nama (parameter tabel)", "Baris bersih"} <= set(shown)
