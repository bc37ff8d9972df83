"""Figures that add up by hand (spec sections 5 and 10): capaian, kategori and perubahan are computed
from the realisasi as printed (2 decimals, half away from zero), the printed digits come from the
same rounding, and the realisasi stays unrounded in the tables.

Every expected number below is worked out with pencil and paper from the printed figures.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iku_helpers.core.formats import fmt_angka, fmt_persen, fmt_poin, rounded
from iku_helpers.core.params import Params
from iku_helpers.indicators import registry
from iku_helpers.indicators.evaluation import perbandingan
from iku_helpers.indicators.model import Sources
from iku_helpers.indicators.registry import compute_all
from iku_helpers.indicators.targets import capaian, kategori_capaian

SRC = {"sumber_berkas": "x.xlsx", "sumber_sheet": "x", "sumber_baris": 2}


# --- the rounding ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, shown, text", [
    (17.285, 17.29, "17,29%"),        # half-way: up, as a person rounds
    (2.675, 2.68, "2,68%"),           # half-way, binary 2.67499999…: still up (round() gives 2.67)
    (50.995, 51.0, "51,00%"),         # half-way, binary 50.99499999…: up (round() gives 50.99)
    (0.125, 0.13, "0,13%"),           # half-way, exactly representable: up, not to even
    (14.374999999999998, 14.37, "14,37%"),  # 23 / 160 × 100 as the computer holds it (spec: repr, then round)
    (17.2907, 17.29, "17,29%"),
    (19.4156, 19.42, "19,42%"),
    (90.995, 91.0, "91,00%"),
    (99.994999, 99.99, "99,99%"),
    (-2.125, -2.13, "-2,13%"),        # half away from zero also below zero
    (-0.004, 0.0, "0,00%"),           # never "-0,00"
    (100.0, 100.0, "100,00%"),
])
def test_rounding_is_half_away_from_zero_on_the_decimal_digits(value, shown, text):
    assert rounded(value) == shown
    assert fmt_persen(value) == text


def test_pythons_own_rounding_would_disagree_with_the_reader():
    """Why the rounding is not round() or an f-string: both round the binary value, half to even."""
    assert round(2.675, 2) == 2.67 and f"{50.995:.2f}" == "50.99" and f"{0.125:.2f}" == "0.12"
    assert 23 / 160 * 100 != 14.375 and round(23 / 160 * 100, 2) == 14.37  # the last binary digit of a division
    assert (rounded(2.675), rounded(50.995), rounded(0.125)) == (2.68, 51.0, 0.13)
    # the spec's rule reads the float's shortest text (repr): a division's last binary digit stays
    assert repr(23 / 160 * 100) == "14.374999999999998" and rounded(23 / 160 * 100) == 14.37


def test_counts_and_change_in_points_are_printed_with_the_same_rounding():
    assert fmt_angka(1250) == "1.250" and fmt_angka(1_234_567.125, 2) == "1.234.567,13"
    assert fmt_angka(2.5) == "3" and fmt_angka(16_165_543.48, 2) == "16.165.543,48"
    assert (fmt_poin(-2.125), fmt_poin(1.8), fmt_poin(-0.004), fmt_poin(None)) == ("-2,13", "+1,80", "0,00", "–")


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_the_printed_number_is_the_number_capaian_is_computed_from(value):
    """What fmt prints is exactly the 2-decimal number that capaian, kategori and perubahan use."""
    assert fmt_angka(value, 2) == fmt_angka(rounded(value), 2)
    assert abs(rounded(value) - value) <= 0.005 + 1e-9 * max(1.0, abs(value))


# --- capaian and kategori from the printed realisasi ----------------------------------------------

def test_capaian_positif_is_printed_realisasi_over_target():
    # the example: 17,29 / 12 × 100 = 144,0833… → 144,08 (the unrounded 17,2907 would give 144,09)
    value, why = capaian(17.2907, 12.0)
    assert why is None and value == pytest.approx(144.083333333, abs=1e-9)
    assert fmt_persen(value) == "144,08%"
    # a half-way realisasi: 17,285 prints 17,29, so 17,29 / 12 × 100 = 144,08 (not 144,04 from 17,285 itself)
    assert fmt_persen(capaian(17.285, 12.0)[0]) == "144,08%"


def test_capaian_negatif_is_from_the_printed_realisasi_and_floored_at_0():
    # 12,345 prints 12,35: (2 × 10 − 12,35) / 10 × 100 = 76,50 → Tinggi (the unrounded value gives 76,55)
    value, _ = capaian(12.345, 10.0, "negatif")
    assert value == pytest.approx(76.5) and fmt_persen(value) == "76,50%" and kategori_capaian(value) == "Tinggi"
    # 20,004 prints 20,00: (20 − 20,00) / 10 × 100 = 0 (not −0,04)
    assert capaian(20.004, 10.0, "negatif")[0] == 0.0
    assert capaian(25.0, 10.0, "negatif")[0] == 0.0  # (20 − 25) / 10 × 100 = −50, floored at 0


@pytest.mark.parametrize("value, printed, kategori", [
    (90.995, "91,00%", "Sangat Tinggi"),     # prints 91,00: the band of 91,00
    (90.99499, "90,99%", "Tinggi"),
    (75.995, "76,00%", "Tinggi"),
    (65.995, "66,00%", "Sedang"),
    (50.995, "51,00%", "Rendah"),            # binary 50.99499999…: still 51,00 as printed
    (50.99499, "50,99%", "Sangat Rendah"),
])
def test_kategori_is_the_band_of_the_printed_capaian(value, printed, kategori):
    assert fmt_persen(value) == printed and kategori_capaian(value) == kategori


def test_a_realisasi_that_prints_as_the_target_reaches_it():
    # realisasi 90,995% prints 91,00%; against a target of 91: 91,00 / 91 × 100 = 100,00 → Sangat Tinggi
    value, _ = capaian(90.995, 91.0)
    assert value == 100.0 and kategori_capaian(value) == "Sangat Tinggi"
    # against 100: 91,00 / 100 × 100 = 91,00 → Sangat Tinggi (from 90,99499… it would have been Tinggi)
    assert kategori_capaian(capaian(90.995, 100.0)[0]) == "Sangat Tinggi"


def test_compute_all_keeps_realisasi_unrounded_and_computes_capaian_from_the_printed_one():
    # IT-2: 23 usaha mikro aktif of 160: 23 / 160 × 100 = 14.374999999999998 as computed, printed 14,37 %
    # (spec section 10: repr, then half away from zero); target 12,5: capaian = 14,37 / 12,5 × 100 = 114,96 %
    u = pd.DataFrame([{"id_usaha": str(i), "nama_usaha": f"U{i}", "kecamatan": "Ajung", "skala": "mikro",
                       "aktif": i < 23, **SRC} for i in range(160)])
    targets = pd.DataFrame([{"kode": "IT-2", "tahun": 2026, "target": 12.5, "polaritas": "positif"}])
    table, _ = compute_all(Sources(2026, usaha_mikro=u, targets=targets), {"IT-2": registry.REGISTRY["IT-2"]})
    row = table.set_index("kode").loc["IT-2"]
    assert row["realisasi"] == 23 / 160 * 100  # unrounded, as the data files keep it
    assert fmt_persen(row["realisasi"]) == "14,37%"
    assert row["capaian"] == pytest.approx(114.96) and fmt_persen(row["capaian"]) == "114,96%"
    assert row["kategori"] == "Sangat Tinggi"


# --- perubahan and the capaian against the end-of-period target ----------------------------------------

def _comparison(now: float, before: float, end_target: float, polaritas: str = "positif"):
    targets = pd.DataFrame({"kode": ["IKU-1"], "tahun": [2029], "triwulan": [pd.NA], "target": [end_target],
                            "polaritas": [polaritas]})
    return perbandingan(Params(year=2026), pd.DataFrame({"kode": ["IKU-1"], "realisasi": [now]}),
                        pd.DataFrame({"kode": ["IKU-1"], "realisasi": [before]}), targets, 2029,
                        registry={"IKU-1": registry.REGISTRY["IKU-1"]}).iloc[0]


def test_perubahan_is_the_difference_of_the_printed_realisasi():
    # the example: 19,42 % → 17,29 % is −2,13 poin, while 17,2907 − 19,4156 = −2,1249 would print −2,12
    row = _comparison(17.2907, 19.4156, 12.0)
    assert row["perubahan"] == -2.13 and fmt_poin(row["perubahan"]) == "-2,13"
    assert (row["realisasi"], row["realisasi_sebelumnya"]) == (17.2907, 19.4156)  # unrounded in the table
    assert fmt_persen(row["capaian_target_akhir"]) == "144,08%"  # 17,29 / 12 × 100
    # half-way realisasi: 17,285 prints 17,29 and 14,375 prints 14,38: 17,29 − 14,38 = +2,91
    assert fmt_poin(_comparison(17.285, 14.375, 12.0)["perubahan"]) == "+2,91"


def test_capaian_against_the_end_target_negatif_from_the_printed_realisasi():
    # 12,345 prints 12,35; target 2029 of 10, negatif: (20 − 12,35) / 10 × 100 = 76,50
    assert _comparison(12.345, 13.0, 10.0, "negatif")["capaian_target_akhir"] == pytest.approx(76.5)
