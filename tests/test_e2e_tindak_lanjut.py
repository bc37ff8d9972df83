"""Tindak lanjut end to end (spec section 11) on the small fixture of tests/rawfixture.py, counted by hand.

2026 annual: IKU-1 aktif A and C, C facilitated → 1 / 2, target 50% → kebutuhan 0, candidate A;
IKU-2 1 / 2 without a 2026 target → no kebutuhan, candidate B; IKU-3 F 3 of A 9, target 50% →
100·(3 + k) ≥ 50·(9 + k) ⇔ k ≥ 3. 2026 TW II: no quarterly targets → no kebutuhan; IKU-3 2025 had
all of F(2025) = 6 by June (rows of February, March and April) → p = 6 / 6 = 1 → year-end F = 3,
realisasi 3 / 9. 2025 has no earlier year: its TW II projection takes p = 2/4.
"""

from __future__ import annotations

import pandas as pd
import pytest

from iku_helpers.commands.cli import main
from iku_helpers.commands.trace import format_trace, trace
from iku_helpers.core.layout import Layout
from iku_helpers.core.params import Params
from iku_helpers.indicators.tindak_lanjut import SUMMARY_COLUMNS
from rawfixture import build_raw

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e_tindak_lanjut")]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("tindak-lanjut")
    raw = build_raw(base / "raw")
    assert main(["run", "--raw-dir", str(raw), "--out", str(base / "out"), "--processed-dir", str(base / "p"),
                 "--year", "2025", "2026", "--triwulan", "2", "4"]) == 0
    return base


def _params(base, year, q=4) -> Params:
    return Params(year=year, triwulan=q, raw_dir=base / "raw", output_dir=base / "out", processed_dir=base / "p")


def _summary(base, year, q=4) -> pd.DataFrame:
    lay = Layout(_params(base, year, q))
    frame = pd.read_csv(lay.tindak_lanjut, dtype={"kode": "str"})
    assert list(frame.columns) == SUMMARY_COLUMNS
    return frame.set_index("kode")


def test_annual_kebutuhan_and_candidates_by_hand(run):
    s = _summary(run, 2026)
    assert s.loc["IKU-1", "kebutuhan"] == 0 and s.loc["IKU-3", "kebutuhan"] == 3
    assert pd.isna(s.loc["IKU-2", "kebutuhan"]) and "target belum ditetapkan" in s.loc["IKU-2", "keterangan"]
    assert (s.loc["IKU-1", "jumlah_kandidat"], s.loc["IKU-2", "jumlah_kandidat"]) == (1, 1)
    assert s[["proyeksi", "proyeksi_min", "proyeksi_max", "jumlah_risiko"]].isna().all().all()  # not for q = 4
    lay = Layout(_params(run, 2026))
    kop = pd.read_csv(lay.kandidat("IKU-1").csv, dtype=str)
    assert kop[["nik", "nama_koperasi", "kecamatan"]].values.tolist() == [["3509010000000001", "Kop A", "Kaliwates"]]
    usaha = pd.read_csv(lay.kandidat("IKU-2").csv, dtype=str)
    assert list(usaha.columns) == ["id_usaha", "nama_usaha", "kecamatan", "sektor"] and len(usaha) == 1


def test_quarter_projection_from_the_earlier_year(run):
    s = _summary(run, 2026, 2)
    assert s["kebutuhan"].isna().all()  # the fixture sets no quarterly target
    assert s.loc["IKU-3", "proyeksi"] == pytest.approx(100 * 3 / 9, abs=1e-9)
    assert s.loc["IKU-3", "proyeksi_min"] == s.loc["IKU-3", "proyeksi_max"] == s.loc["IKU-3", "proyeksi"]
    assert "median 1 tahun sebelumnya (2025)" in s.loc["IKU-3", "keterangan"]
    # IKU-1 and IKU-2 follow the same rule with 2025's published numbers
    published = {(y, q): pd.read_csv(Layout(_params(run, y, q)).results_csv).set_index("kode")
                 for y, q in ((2025, 2), (2025, 4), (2026, 2))}
    for kode in ("IKU-1", "IKU-2"):
        p = published[(2025, 2)].at[kode, "pembilang"] / published[(2025, 4)].at[kode, "pembilang"]
        now = published[(2026, 2)].loc[kode]
        assert s.loc[kode, "proyeksi"] == pytest.approx(now["pembilang"] / p / now["penyebut"] * 100, abs=1e-9)


def test_without_an_earlier_year_the_quarter_is_q_over_4(run):
    s = _summary(run, 2025, 2)
    assert "2/4" in s.loc["IKU-3", "keterangan"]
    row = s.loc["IKU-3"]  # F(2025, TW II) = 6 of A 6: year end 12, A 12
    assert row["proyeksi"] == pytest.approx(100.0, abs=1e-9)


def test_telusur_says_whether_a_koperasi_is_a_candidate(run):
    t = trace(_params(run, 2026), "IKU-1", "3509010000000001")
    assert t.tindak_lanjut.startswith("KANDIDAT") and "kandidat_IKU-1_2026.csv" in t.tindak_lanjut
    assert "Tindak lanjut: KANDIDAT" in format_trace(t)
    facilitated = trace(_params(run, 2026), "IKU-1", "3509010000000003")
    assert facilitated.tindak_lanjut.startswith("bukan kandidat: sudah difasilitasi")


def test_verify_compares_the_tindak_lanjut_files(run, capsys):
    lay = Layout(_params(run, 2026, 2))
    names = {p.name for p in lay.data_outputs()}
    assert {"tindak_lanjut_2026-tw2.csv", "kandidat_IKU-1_2026-tw2.parquet"} <= names
    assert main(["verify", str(lay.period_dir)]) == 0
