"""Indicators of spec section 5, with numbers computed by hand from the formulas."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iku_helpers.indicators import evaluation, formulas, registry
from iku_helpers.indicators import model as ind
from iku_helpers.indicators.model import BELUM, OK, TIDAK_DAPAT, Sources
from iku_helpers.indicators.registry import compute_all
from iku_helpers.indicators.targets import capaian, kategori_capaian

SRC = {"sumber_berkas": "x.xlsx", "sumber_sheet": "x", "sumber_baris": 2}


def koperasi(rows):
    """rows: (nik, aktif)."""
    return pd.DataFrame([{"nik": n, "nama_koperasi": f"K{n}", "kecamatan": "Patrang", "aktif": a, **SRC}
                         for n, a in rows])


def usaha(rows):
    """rows: (id, skala, aktif)."""
    return pd.DataFrame([{"id_usaha": i, "nama_usaha": f"U{i}", "kecamatan": "Ajung", "skala": s, "aktif": a, **SRC}
                         for i, s, a in rows])


def trade(year, jumlah):
    return pd.DataFrame([{"tanggal": pd.Timestamp(year, 3, 1), "kategori": "sarana_prasarana", "uraian": "x",
                          "jumlah": j, **SRC} for j in jumlah])


def fas(col, ids):
    return pd.DataFrame({col: ids, "tanggal": pd.Timestamp(2026, 1, 5), "jenis_fasilitasi": "pelatihan", **SRC})


# --- IKU-1 ----------------------------------------------------------------------------------

def test_iku1_counts_unique_facilitated_aktif_over_aktif():
    # aktif: 1, 2, 3, 4 → 4; facilitated: 1 (three times), 2, 5 (not aktif) → numerator 2
    k = koperasi([("1", True), ("2", True), ("3", True), ("4", True), ("5", False)])
    s = Sources(2026, koperasi=k, fasilitasi_koperasi=fas("nik", ["1", "1", "1", "2", "5"]))
    r = formulas.iku1_koperasi_difasilitasi(s)
    assert (r.pembilang, r.penyebut, r.realisasi, r.status) == (2, 4, 50.0, OK)
    by_nik = r.entities.set_index("nik")
    assert by_nik.loc["5", "alasan"] == "difasilitasi tetapi tidak aktif"
    assert not by_nik.loc["5", "dihitung_pembilang"]
    assert by_nik.loc["1", "jumlah_fasilitasi"] == 3
    assert "1 koperasi difasilitasi tetapi tidak aktif" in r.keterangan
    assert {"sumber_berkas", "sumber_baris"} <= set(r.entities.columns)


def test_iku1_zero_aktif_is_not_computable():
    s = Sources(2026, koperasi=koperasi([("1", False)]), fasilitasi_koperasi=fas("nik", ["1"]))
    r = formulas.iku1_koperasi_difasilitasi(s)
    assert r.status == TIDAK_DAPAT and r.realisasi is None and "penyebut bernilai 0" in r.keterangan


def test_iku1_missing_tables_are_not_yet_available():
    assert formulas.iku1_koperasi_difasilitasi(Sources(2026)).status == BELUM
    r = formulas.iku1_koperasi_difasilitasi(Sources(2026, koperasi=koperasi([("1", True)])))
    assert r.status == BELUM and "fasilitasi_koperasi" in r.keterangan


# --- IT-2 and IKU-2 ------------------------------------------------------------------------

def test_it2_and_iku2_by_hand():
    u = usaha([("a", "mikro", True), ("b", "mikro", True), ("c", "mikro", False),
               ("d", "kecil", True), ("e", "mikro", True)])
    s = Sources(2026, usaha_mikro=u, fasilitasi_usaha_mikro=fas("id_usaha", ["a", "a", "c", "d"]))
    it2 = formulas.it2_usaha_mikro_aktif(s)
    # mikro: a, b, c, e → 4; mikro ∧ aktif: a, b, e → 3
    assert (it2.pembilang, it2.penyebut) == (3, 4) and it2.realisasi == 75.0
    iku2 = formulas.iku2_usaha_mikro_difasilitasi(s)
    # denominator mikro ∧ aktif = 3; facilitated among them: a → 1 (c not aktif, d kecil)
    assert (iku2.pembilang, iku2.penyebut) == (1, 3)
    assert math.isclose(iku2.realisasi, 100 / 3)
    reasons = iku2.entities.set_index("id_usaha")["alasan"]
    assert reasons["c"] == "difasilitasi tetapi tidak aktif"
    assert reasons["d"] == "difasilitasi tetapi bukan usaha mikro"


def test_it2_no_mikro_is_not_computable():
    r = formulas.it2_usaha_mikro_aktif(Sources(2026, usaha_mikro=usaha([("a", "kecil", True)])))
    assert r.status == TIDAK_DAPAT


# --- IKU-3 ---------------------------------------------------------------------------------

def test_iku3_is_100_in_start_year_and_accumulates():
    h = {2025: trade(2025, [2, 4])}
    r = formulas.iku3_perdagangan_ditingkatkan(Sources(2025, trade_history=h))
    assert (r.pembilang, r.penyebut, r.realisasi) == (6, 6, 100.0)
    h[2026] = trade(2026, [1, 1, 1])
    h[2027] = trade(2027, [3])
    r = formulas.iku3_perdagangan_ditingkatkan(Sources(2027, trade_history=h))
    # F(2027) = 3; Σ 2025..2027 = 6 + 3 + 3 = 12 → 25 %
    assert (r.pembilang, r.penyebut, r.realisasi) == (3, 12, 25.0)
    assert r.detail.set_index("tahun").loc[2026, "jumlah"] == 3


def test_iku3_missing_accumulation_year():
    h = {2025: None, 2026: trade(2026, [1])}
    r = formulas.iku3_perdagangan_ditingkatkan(Sources(2026, trade_history=h))
    assert r.status == TIDAK_DAPAT and "2025" in r.keterangan and r.realisasi is None


def test_iku3_before_start_year_and_current_missing():
    assert formulas.iku3_perdagangan_ditingkatkan(Sources(2024, trade_history={})).status == TIDAK_DAPAT
    assert formulas.iku3_perdagangan_ditingkatkan(Sources(2026, trade_history={2025: trade(2025, [1])})).status == BELUM


# --- IT-1 ----------------------------------------------------------------------------------

def pdrb(year, values):
    return pd.DataFrame([{"tahun": year, "kategori": k, "adhb": v, **SRC} for k, v in values.items()])


def test_it1_share_of_g():
    vals = {k: 10.0 for k in "ABCDEFGHIJKLMNOPQRSTU"}
    vals["G"] = 40.0  # 40 / (20×10 + 40) = 1/6
    r = formulas.it1_kontribusi_pdrb_perdagangan(Sources(2025, pdrb=pdrb(2025, vals)))
    assert r.status == OK and math.isclose(r.realisasi, 40 / 240 * 100)


def test_it1_year_not_published_yet():
    r = formulas.it1_kontribusi_pdrb_perdagangan(Sources(2026, pdrb=pdrb(2025, {"G": 1.0, "A": 1.0})))
    assert r.status == BELUM and "2026" in r.keterangan


def test_it1_cross_check_against_total_row():
    vals = {k: 10.0 for k in "ABCDEFGHIJKLMNOPQRSTU"}
    total = pd.DataFrame({"tahun": [2025], "adhb": [999.0]})
    r = formulas.it1_kontribusi_pdrb_perdagangan(Sources(2025, pdrb=pdrb(2025, vals), pdrb_total=total))
    assert r.status == OK and "berbeda dengan baris PDRB total" in r.keterangan


# --- capaian and kategori ------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [  # on the capaian as printed (2 decimals, half away from zero)
    (91, "Sangat Tinggi"), (90.994, "Tinggi"), (90.995, "Sangat Tinggi"), (76, "Tinggi"), (75.994, "Sedang"),
    (75.995, "Tinggi"), (66, "Sedang"), (65.994, "Rendah"), (51, "Rendah"), (50.994, "Sangat Rendah"),
    (50.995, "Rendah"), (0, "Sangat Rendah"), (150, "Sangat Tinggi"), (None, None),
])
def test_kategori_band_edges(value, expected):
    assert kategori_capaian(value) == expected


@pytest.mark.parametrize("realisasi, target, pol, expected", [
    (45, 50, "positif", 90.0),
    (60, 50, "positif", 120.0),          # above 100 is allowed
    (40, 50, "negatif", 120.0),          # (2·50 − 40) / 50
    (150, 50, "negatif", 0.0),           # floored at 0
])
def test_capaian(realisasi, target, pol, expected):
    value, why = capaian(realisasi, target, pol)
    assert math.isclose(value, expected) and why is None


@pytest.mark.parametrize("target", [None, 0.0])
def test_capaian_without_target(target):
    value, why = capaian(50.0, target)
    assert value is None and why


def test_compute_all_reports_targets_and_reasons():
    targets = pd.DataFrame([
        {"kode": "IT-2", "tahun": 2026, "target": 80.0, "polaritas": "positif"},
        {"kode": "IKU-2", "tahun": 2026, "target": 0.0, "polaritas": "positif"},
    ])
    u = usaha([("a", "mikro", True), ("b", "mikro", False)])
    s = Sources(2026, usaha_mikro=u, fasilitasi_usaha_mikro=fas("id_usaha", ["a"]), targets=targets)
    table, _ = compute_all(s)
    assert list(table.columns) == ind.RESULT_COLUMNS
    row = table.set_index("kode")
    assert row.loc["IT-2", "capaian"] == 50 / 80 * 100 and row.loc["IT-2", "kategori"] == "Rendah"  # 62,5 ≥ 51
    assert pd.isna(row.loc["IKU-2", "capaian"]) and "target bernilai 0" in row.loc["IKU-2", "keterangan"]
    assert row.loc["IKU-2", "status"] == OK
    assert "belum ditetapkan" in row.loc["IKU-1", "keterangan"] and row.loc["IKU-1", "status"] == BELUM
    # other indicators still run when one source is missing
    assert row.loc["IT-2", "status"] == OK


def test_registry_is_complete_and_numbered_as_the_decree():
    assert list(registry.REGISTRY) == ["IT-1", "IT-2", "IKU-1", "IKU-2", "IKU-3"]
    assert registry.REGISTRY["IKU-3"].sasaran.startswith("3.")
    assert registry.REGISTRY["IKU-1"].sasaran.startswith("1.")


# --- property: shares always lie in 0..100 --------------------------------------------------

flags = st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(flags)
def test_shares_lie_between_0_and_100(rows):
    # each row: (mikro?, aktif?, facilitated?)
    u = usaha([(str(i), "mikro" if m else "kecil", a) for i, (m, a, _f) in enumerate(rows)])
    k = koperasi([(str(i), a) for i, (_m, a, _f) in enumerate(rows)])
    facilitated = [str(i) for i, (_m, _a, f) in enumerate(rows) if f]
    s = Sources(2026, koperasi=k, fasilitasi_koperasi=fas("nik", facilitated),
                usaha_mikro=u, fasilitasi_usaha_mikro=fas("id_usaha", facilitated))
    for fn in (formulas.it2_usaha_mikro_aktif, formulas.iku1_koperasi_difasilitasi, formulas.iku2_usaha_mikro_difasilitasi):
        r = fn(s)
        assert r.status in (OK, TIDAK_DAPAT)
        if r.realisasi is not None:
            assert 0 <= r.realisasi <= 100


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(list("ABCDEFGHIJKLMNOPQRSTU")),
                       st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=1))
def test_it1_lies_between_0_and_100(values):
    values.setdefault("G", 0.0)
    r = formulas.it1_kontribusi_pdrb_perdagangan(Sources(2025, pdrb=pdrb(2025, values)))
    if r.realisasi is not None:
        assert 0 <= r.realisasi <= 100 + 1e-9


# --- perbandingan (LKjIP chapter III) ---------------------------------------------------------

def _targets_2029(value: float, polaritas: str = "positif") -> pd.DataFrame:
    return pd.DataFrame({"kode": ["IKU-1"], "tahun": [2029], "triwulan": [pd.NA], "target": [value],
                         "polaritas": [polaritas]})


def test_perbandingan_change_and_capaian_against_the_end_target():
    from iku_helpers.core.params import Params

    now = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [30.0], "status": ["ok"], "keterangan": [""]})
    before = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [24.0]})
    one = {"IKU-1": registry.REGISTRY["IKU-1"]}
    row = evaluation.perbandingan(Params(year=2026), now, before, _targets_2029(40.0), 2029, registry=one).iloc[0]
    assert (row.periode_sebelumnya, row.periode) == ("2025", "2026")
    assert (row.realisasi_sebelumnya, row.realisasi, row.perubahan) == (24.0, 30.0, 6.0)
    assert row.capaian_target_akhir == 75.0 and row.keterangan == ""
    # negative polarity: the decree's capaian rule applies to the end target too
    neg = evaluation.perbandingan(Params(year=2026), now, before, _targets_2029(40.0, "negatif"), 2029, registry=one).iloc[0]
    assert neg.capaian_target_akhir == pytest.approx((2 * 40 - 30) / 40 * 100)


def test_perbandingan_says_why_a_number_is_missing():
    from iku_helpers.core.params import Params

    now = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [None], "status": ["belum tersedia"],
                        "keterangan": ["data belum ada"]})
    one = {"IKU-1": registry.REGISTRY["IKU-1"]}
    row = evaluation.perbandingan(Params(year=2026, triwulan=2), now, None, None, 2029, "data tahun 2025 tidak ada",
                           registry=one).iloc[0]
    assert row.periode_sebelumnya == "2025-tw2" and math.isnan(row.perubahan)
    assert row.keterangan == ("data tahun 2025 tidak ada; realisasi Triwulan II 2026 belum tersedia (data belum ada); "
                              "target 2029 belum ditetapkan")


def test_perbandingan_gives_the_earlier_years_own_reason():
    from iku_helpers.core.params import Params

    now = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [30.0], "status": ["ok"], "keterangan": [""]})
    before = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [None], "status": ["tidak dapat dihitung"],
                           "keterangan": ["penyebut bernilai 0"]})
    row = evaluation.perbandingan(Params(year=2026), now, before, _targets_2029(40.0), 2029,
                           registry={"IKU-1": registry.REGISTRY["IKU-1"]}).iloc[0]
    assert row.keterangan == "realisasi Tahun 2025 tidak dapat dihitung (penyebut bernilai 0)"


def _two_years():
    codes = ["IT-1", "IKU-1"]
    now = pd.DataFrame({"kode": codes, "realisasi": [15.0, 30.0], "status": ["ok", "ok"], "keterangan": ["", ""]})
    before = pd.DataFrame({"kode": codes, "realisasi": [14.27, 24.0]})  # IT-1 2025 after BPS's revision
    return now, before, {k: registry.REGISTRY[k] for k in codes}


def test_perbandingan_flags_an_earlier_year_that_changed_since_it_was_published():
    from iku_helpers.core.params import Params

    now, before, two = _two_years()
    published = {"IT-1": 14.31, "IKU-1": 24.0}  # iku_2025.json as published, before the revision
    c = evaluation.perbandingan(Params(year=2026), now, before, None, 2029, published=published, registry=two).set_index("kode")
    assert bool(c.at["IT-1", "berubah_sejak_dilaporkan"]) and c.at["IT-1", "realisasi_dilaporkan_sebelumnya"] == 14.31
    assert c.at["IT-1", "realisasi_sebelumnya"] == 14.27  # the recomputed number stays the number
    assert c.at["IT-1", "perubahan"] == pytest.approx(15.0 - 14.27)  # and the change is computed from it
    assert not c.at["IKU-1", "berubah_sejak_dilaporkan"] and pd.isna(c.at["IKU-1", "realisasi_dilaporkan_sebelumnya"])
    assert c.at["IT-1", "keterangan"] == "target 2029 belum ditetapkan"  # still only why a number is missing


def test_perbandingan_equal_or_unpublished_earlier_year_is_not_flagged():
    from iku_helpers.core.params import Params

    now, before, two = _two_years()
    for published in ({"IT-1": 14.27 + 1e-12, "IKU-1": 24.0}, None):
        c = evaluation.perbandingan(Params(year=2026), now, before, None, 2029, published=published, registry=two)
        assert not c["berubah_sejak_dilaporkan"].any() and c["realisasi_dilaporkan_sebelumnya"].isna().all()
        assert list(c.columns[3:7]) == ["periode_sebelumnya", "realisasi_sebelumnya", "realisasi_dilaporkan_sebelumnya",
                                        "berubah_sejak_dilaporkan"]
    # no earlier year recomputed (its raw folder is gone): nothing to compare, whatever was published
    c = evaluation.perbandingan(Params(year=2026), now, None, None, 2029, "data tahun 2025 tidak ada",
                         published={"IT-1": 14.31, "IKU-1": 24.0}, registry=two)
    assert not c["berubah_sejak_dilaporkan"].any()


def test_evaluation_and_comparison_share_one_rule():
    """An indicator the published report gave no number (IT-1 before BPS's release) and that now has
    one counts as changed, in both tables (:func:`compare_reported`)."""
    assert evaluation.compare_reported({"IT-1": None}, "IT-1", 14.27) == (None, True)
    assert evaluation.compare_reported({"IT-1": None}, "IT-1", None) == (None, False)
    assert evaluation.changed_note("realisasi Tahun 2025", 14.31) == "realisasi Tahun 2025 berubah sejak dilaporkan (dilaporkan 14,31%)"
