"""Tindak lanjut (spec section 11) on hand-counted fixtures: kebutuhan at its edges, candidates and
risk on a small register, the projection with no, one and several earlier years."""

from __future__ import annotations

import pandas as pd
import pytest

from iku_helpers.core.tables import KECAMATAN
from iku_helpers.indicators.tindak_lanjut import (
    KANDIDAT_KOPERASI,
    KANDIDAT_USAHA,
    SUMMARY_COLUMNS,
    faktor_proyeksi,
    kandidat_koperasi,
    kandidat_usaha,
    kebutuhan,
    kebutuhan_akumulasi,
    kebutuhan_rasio,
    latest_rats,
    per_kecamatan,
    proyeksi_realisasi,
    risiko_koperasi,
)

# --- kebutuhan ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("pembilang", "penyebut", "target", "need"), [
    (23, 100, 23, 0),        # exactly at the target
    (22, 100, 23, 1),        # one short
    (0, 100, 0, 0),          # target 0
    (5, 8, 62.5, 0),         # 62,5% of 8 is exactly 5: no rounding up from a float
    (4, 8, 62.5, 1),
    (140, 603, 23, 0),       # the sample's IKU-1 2026: 23,22%
    (98, 562, 23, 32),       # its TW II against the annual target: ⌈129,26⌉ − 98
    (1368, 16999, 12.5, 757),  # IKU-2 TW II: ⌈2.124,875⌉ − 1.368
    (10, 10, 100, 0),
    (9, 10, 100, 1),
    (0, 3, 33.33, 1),        # 3 × 33,33% = 0,9999: one is enough
])
def test_kebutuhan_of_a_ratio_is_the_least_whole_number_that_reaches_the_target(pembilang, penyebut, target, need):
    got = kebutuhan_rasio(pembilang, penyebut, target)
    assert got.jumlah == need and not got.batas
    if need:  # one fewer would not reach the target, by exact arithmetic
        assert (pembilang + need - 1) * 100 < target * penyebut <= (pembilang + need) * 100 + 1e-9


@pytest.mark.parametrize(("f", "a", "target", "need"), [
    (91, 348, 50, 166),      # 100·(91 + k) ≥ 50·(348 + k)  ⇔  50k ≥ 8.300
    (91, 348, 25, 0),        # already above
    (0, 100, 50, 100),       # 100 / 200
    (10, 10, 100, 0),        # everything is this year's: 100% reached
    (0, 0, 50, 1),           # nothing yet: one facilitation makes 100%
    (50, 100, 0, 0),
])
def test_kebutuhan_of_iku3_grows_its_penyebut_too(f, a, target, need):
    got = kebutuhan_akumulasi(f, a, target)
    assert got.jumlah == need
    if need:
        assert 100 * (f + need) >= target * (a + need)
        assert a + need - 1 == 0 or 100 * (f + need - 1) < target * (a + need - 1)  # one fewer is not enough


def test_the_186_of_443_case_by_hand():
    # The sample's annual IKU-3 2026, F 186 of A 443: 100·(186 + k) ≥ 50·(443 + k)  ⇔  50k ≥ 22.150 − 18.600
    # = 3.550  ⇔  k ≥ 71; then (186 + 71) / (443 + 71) = 257 / 514 = 50%.
    assert kebutuhan_akumulasi(186, 443, 50).jumlah == 71


def test_iku3_target_of_100_or_more_cannot_be_reached_while_earlier_years_count():
    got = kebutuhan_akumulasi(5, 10, 100)
    assert got.jumlah is None and "tidak dapat dicapai" in got.keterangan
    assert kebutuhan_akumulasi(5, 10, 120).jumlah is None


def test_negatif_polaritas_gives_the_most_allowed():
    got = kebutuhan_rasio(10, 100, 15, "negatif")
    assert got.batas and got.jumlah == 5 and "paling banyak 5" in got.keterangan
    over = kebutuhan_rasio(20, 100, 15, "negatif")
    assert over.jumlah is None and "melewati" in over.keterangan
    assert kebutuhan_akumulasi(10, 100, 20, "negatif").jumlah == 12  # 100·22 ≤ 20·112 = 2.240


def test_no_number_without_a_target_or_a_penyebut():
    assert kebutuhan_rasio(1, 10, None).keterangan == "target belum ditetapkan"
    assert kebutuhan_rasio(0, 0, 10).jumlah is None
    assert kebutuhan("IKU-1", 1, 10, float("nan")).jumlah is None


# --- candidates and risk ------------------------------------------------------------------------

def _register():
    """Five koperasi: A and B aktif not facilitated (Puger, Ajung), C aktif facilitated, D not aktif,
    E aktif by a RAT of last year only."""
    kop = pd.DataFrame({
        "nik": ["1", "2", "3", "4", "5"],
        "nama_koperasi": ["Kop Zeta", "kop alfa", "Kop Beta", "Kop Gamma", "Kop Delta"],
        "kecamatan": ["Puger", "Ajung", "Ajung", "Puger", "Puger"],
        "tanggal_rat": pd.to_datetime(["2026-03-01", "2026-02-01", "2026-01-15", "2023-05-01", "2025-09-01"]),
        "tahun_rat_terakhir": pd.array([2026, 2026, 2026, 2023, 2025], dtype="Int64"),
        "jenis_koperasi": ["KSP", "Konsumen", "KSP", "KSP", "Produsen"],
        "nama_pemilik": ["x"] * 5,
    }, index=[10, 11, 12, 13, 14])
    ent = pd.DataFrame({"dihitung_penyebut": [True, True, True, False, True],
                        "dihitung_pembilang": [False, False, True, False, False]}, index=kop.index)
    return kop, ent


def test_candidates_are_aktif_koperasi_not_facilitated_by_kecamatan_then_name():
    kop, ent = _register()
    latest = latest_rats(kop, 2026)
    got = kandidat_koperasi(ent, kop, latest)
    assert list(got.columns) == KANDIDAT_KOPERASI
    # kecamatan in the order of the list of 31, then the name without regard to case
    order = {k: i for i, k in enumerate(KECAMATAN)}
    assert got["nik"].tolist() == sorted(["2", "1", "5"], key=lambda n: (
        order[kop.set_index("nik").at[n, "kecamatan"]], kop.set_index("nik").at[n, "nama_koperasi"].lower()))
    assert "nama_pemilik" not in got and set(got["nik"]) == {"1", "2", "5"}
    counts = per_kecamatan(got)
    assert counts["Puger"] == 2 and counts["Ajung"] == 1 and counts.sum() == 3 and len(counts) == len(KECAMATAN)


def test_risk_is_aktif_now_with_the_latest_rat_before_the_window_of_the_year():
    kop, ent = _register()
    latest = latest_rats(kop, 2026)
    assert risiko_koperasi(ent, kop, latest, 2026, 1)["nik"].tolist() == ["5"]  # RAT 2025 < 2026
    assert risiko_koperasi(ent, kop, latest, 2026, 2).empty  # w = 2: 2025 is still in n−1 … n


def test_a_later_rat_in_an_earlier_folder_does_not_hide_the_latest_one():
    kop, ent = _register()
    history = pd.DataFrame({"nik": ["5"], "tanggal_rat": pd.to_datetime(["2026-01-20"]),
                            "tahun_rat_terakhir": pd.array([2026], dtype="Int64"), "tahun_data": [2025]})
    latest = latest_rats(kop, 2026, history)
    assert latest.loc[14, "tahun_rat_terakhir"] == 2026
    assert risiko_koperasi(ent, kop, latest, 2026, 1).empty


def test_usaha_candidates_never_carry_owner_data():
    usaha = pd.DataFrame({"id_usaha": ["9", "8"], "nama_usaha": ["Warung B", "Warung A"], "kecamatan": ["Ajung", "Ajung"],
                          "sektor": ["Kuliner", "Kuliner"], "nik_pemilik": ["3509xxxxxxxx0001"] * 2,
                          "nama_pemilik": ["Budi", "Ani"]})
    ent = pd.DataFrame({"dihitung_penyebut": [True, True], "dihitung_pembilang": [False, False]})
    got = kandidat_usaha(ent, usaha)
    assert list(got.columns) == KANDIDAT_USAHA and got["nama_usaha"].tolist() == ["Warung A", "Warung B"]


# --- projection ---------------------------------------------------------------------------------

def test_projection_without_an_earlier_year_takes_q_over_4():
    f = faktor_proyeksi(2, {})
    assert (f.p, f.p_min, f.p_max) == (0.5, 0.5, 0.5) and "2/4" in f.dasar
    assert proyeksi_realisasi("IKU-1", 98, 562, f.p) == pytest.approx(196 / 562 * 100, abs=1e-9)


def test_projection_with_one_earlier_year():
    f = faktor_proyeksi(3, {2025: (90, 120)})
    assert f.p == f.p_min == f.p_max == 0.75 and f.rasio == {2025: 0.75}
    assert proyeksi_realisasi("IKU-2", 30, 200, f.p) == pytest.approx(20.0, abs=1e-12)


def test_projection_with_several_earlier_years_takes_the_median_and_the_range():
    f = faktor_proyeksi(1, {2022: (10, 100), 2023: (30, 100), 2024: (20, 80), 2025: (5, 0)})
    assert f.rasio == {2022: 0.1, 2023: 0.3, 2024: 0.25}  # a year ending with 0 says nothing
    assert (f.p, f.p_min, f.p_max) == (0.25, 0.1, 0.3)
    # IKU-3: F so far 20 of A 120 (100 from earlier years): year end F = 80, A = 180
    assert proyeksi_realisasi("IKU-3", 20, 120, f.p) == pytest.approx(80 / 180 * 100, abs=1e-12)
    low, high = (proyeksi_realisasi("IKU-3", 20, 120, p) for p in (f.p_max, f.p_min))
    assert low < proyeksi_realisasi("IKU-3", 20, 120, f.p) < high


def test_the_summary_has_the_columns_of_section_11():
    assert SUMMARY_COLUMNS[:10] == ["kode", "pembilang", "penyebut", "target", "kebutuhan", "proyeksi", "proyeksi_min",
                                    "proyeksi_max", "jumlah_kandidat", "jumlah_risiko"]
