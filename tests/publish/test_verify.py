"""`iku verify`'s list of differences reads as people write numbers: Indonesian notation, counts
without decimals, enough decimals to show the difference, never a Python repr."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iku_helpers.publish.verify import _indicator_diffs, differing_values

COLUMNS = ["kode", "indikator", "pembilang", "penyebut", "realisasi", "target", "capaian", "kategori", "status",
           "keterangan"]


def _results(path, rows):
    pd.DataFrame(rows, columns=COLUMNS).to_csv(path, index=False)
    return path


def test_verify_mismatch_lines_are_in_indonesian_notation(tmp_path):
    published = _results(tmp_path / "a.csv", [
        ["IKU-1", "Koperasi", 186.0, 800.0, 23.317, 20.0, 116.58, "Sangat Tinggi", "ok", None],
        ["IT-1", "PDRB", 12345.5, 80000.25, 15.4316875, 14.6, None, None, "ok", None],
        ["IKU-3", "Perdagangan", None, None, None, 100.0, None, None, "belum tersedia", "tabel belum ada"],
    ])
    fresh = _results(tmp_path / "b.csv", [
        ["IKU-1", "Koperasi", 185.0, 800.0, 23.217, 20.0, 116.58, "Sangat Tinggi", "ok", None],
        ["IT-1", "PDRB", 12345.5, 2080000.25, 15.4316876, 14.6, None, None, "ok", None],
        ["IKU-3", "Perdagangan", 2060.0, 9.0, None, 100.0, None, None, "ok", None],
    ])
    lines = _indicator_diffs(published, fresh)
    assert lines == [
        "IKU-1 pembilang: diterbitkan 186, hasil ulang 185",
        "IKU-1 realisasi: diterbitkan 23,32%, hasil ulang 23,22%",
        "IKU-3 pembilang: diterbitkan kosong, hasil ulang 2.060",
        "IKU-3 penyebut: diterbitkan kosong, hasil ulang 9",
        'IKU-3 status: diterbitkan "belum tersedia", hasil ulang "ok"',
        'IKU-3 keterangan: diterbitkan "tabel belum ada", hasil ulang kosong',
        "IT-1 penyebut: diterbitkan 80.000,25, hasil ulang 2.080.000,25",
        "IT-1 realisasi: diterbitkan 15,4316875%, hasil ulang 15,4316876%",
    ]
    text = "\n".join(lines)
    assert "np." not in text and "float" not in text and "186.0" not in text and "nan" not in text


@pytest.mark.parametrize(("x", "y", "count", "shown"), [
    (np.float64(23.317), np.float64(23.217), False, ("23,32", "23,22")),
    (np.int64(186), np.int64(185), True, ("186", "185")),
    (50.0, 100.0, False, ("50,00", "100,00")),  # a percentage keeps its two decimals
    (0.1 + 0.2, 0.3, False, ("0,30000000000000004", "0,3")),  # differing beyond any decimals shown: every digit
    (1_234_567.0, 1_234_567.5, True, ("1.234.567,00", "1.234.567,50")),
])
def test_differing_values_show_the_difference(x, y, count, shown):
    assert differing_values(x, y, count=count) == shown


def test_a_changed_capaian_and_target_carry_their_percent_sign(tmp_path):
    published = _results(tmp_path / "a.csv", [["IKU-2", "Usaha", 1.0, 2.0, 50.0, 40.0, 125.0, "Sangat Tinggi", "ok", None]])
    fresh = _results(tmp_path / "b.csv", [["IKU-2", "Usaha", 1.0, 2.0, 50.0, 50.0, 100.0, "Sangat Tinggi", "ok", None]])
    assert _indicator_diffs(published, fresh) == ["IKU-2 target: diterbitkan 40,00%, hasil ulang 50,00%",
                                                  "IKU-2 capaian: diterbitkan 125,00%, hasil ulang 100,00%"]
