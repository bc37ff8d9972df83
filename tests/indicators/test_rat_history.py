"""Quarterly IKU-1 from the RAT history of every year folder's register (spec sections 7 and 13).

Hand-counted registers over three year folders (2024, 2025, 2026), year n = 2026:

| NIK | 2026 register (latest RAT) | 2025 register | 2024 register | aktif 31 Mar 2026, w=1 | w=2 |
|---|---|---|---|---|---|
| K1 …01 | 10/05/2026 | 10/08/2025 | – | yes, by 2025's RAT | yes |
| K2 …02 | 10/05/2026 | 15/03/2025 (just outside: ≤ 31/03/2025) | – | no | yes, by 2025's |
| K3 …03 | 01/02/2026 | – | – | yes, its own | yes |
| K4 …04 | 10/05/2026 | year 2025 only | – | no (annual rule: 2026) | yes (2025–2026) |
| K5 …05 | absent | 01/09/2025 | – | not counted at all | not counted |
| K6 …06 | 10/05/2026 | absent | 01/06/2024 | no | yes, by 2024's |
| K7 …07 | 10/05/2026 | 01/04/2025 (just inside) | – | yes, by 2025's | yes |

Facilitated in 2026: K1 (15/02/2026), K2 (16/02/2026). So IKU-1 TW I, w=1: pembilang K1 = 1,
penyebut K1, K3, K7 = 3; without the earlier registers it would be K3 alone: 0 / 1.
At 30 June 2026 every koperasi's own RAT (May 2026) is in the window: 6 aktif, none through an
earlier register. The annual rule (q = 4) is unchanged: 6 aktif by their own 2026 RAT.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from iku_helpers.core.params import Params
from iku_helpers.indicators.formulas import iku1_koperasi_difasilitasi, koperasi_aktif_at, rat_penentu
from iku_helpers.indicators.model import sources_from_year
from iku_helpers.ingest.dataset import load_year, raw_inputs

NIK = {k: f"35090100000000{i:02d}" for i, k in enumerate(["K1", "K2", "K3", "K4", "K5", "K6", "K7"], start=1)}


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(raw: Path, march_copy: bool = False) -> Path:
    """The three registers above; ``march_copy``: the 2026 register as copied on 31 March 2026
    (K1 still shows its 2025 RAT, the others their 2025 RAT or none)."""
    rows_2026 = {"K1": "10/05/2026", "K2": "10/05/2026", "K3": "01/02/2026", "K4": "10/05/2026",
                 "K6": "10/05/2026", "K7": "10/05/2026"}
    if march_copy:
        rows_2026 = {"K1": "10/08/2025", "K2": "15/03/2025", "K3": "01/02/2026", "K4": "",
                     "K6": "", "K7": "01/04/2025"}
    header = "NIK,Nama Koperasi,Kecamatan,Tanggal RAT,Tahun RAT"
    year_only = {"K4": "2025"} if not march_copy else {"K4": "2025", "K6": "2024"}
    _write(raw / "2026" / "koperasi.csv", [header] + [
        f"{NIK[k]},Kop {k},Kaliwates,{d},{year_only.get(k, '') if not d else ''}" for k, d in rows_2026.items()])
    _write(raw / "2025" / "koperasi.csv", [header] + [
        f"{NIK['K1']},Kop K1,Kaliwates,10/08/2025,",
        f"{NIK['K2']},Kop K2,Kaliwates,15/03/2025,",
        f"{NIK['K4']},Kop K4,Kaliwates,,2025",
        f"{NIK['K5']},Kop K5,Kaliwates,01/09/2025,",
        f"{NIK['K7']},Kop K7,Kaliwates,01/04/2025,",
    ])
    _write(raw / "2024" / "koperasi.csv", [header, f"{NIK['K6']},Kop K6,Kaliwates,01/06/2024,"])
    _write(raw / "2026" / "fasilitasi_koperasi.csv", [
        "Tanggal,NIK,Jenis Fasilitasi",
        f"15/02/2026,{NIK['K1']},pelatihan",
        f"16/02/2026,{NIK['K2']},pelatihan",
    ])
    return raw


def iku1(raw: Path, triwulan: int, w: int = 1, history: bool = True):
    data = load_year(Params(year=2026, raw_dir=raw, rat_window_years=w))
    s = dataclasses.replace(sources_from_year(data), triwulan=triwulan)
    if not history:
        s = dataclasses.replace(s, rat_history=None)
    return iku1_koperasi_difasilitasi(s)


def aktif_of(result) -> set[str]:
    ent = result.entities
    names = {v: k for k, v in NIK.items()}
    return {names[n] for n in ent.loc[ent["dihitung_penyebut"], "nik"]}


def test_a_rat_of_the_earlier_register_inside_the_window_makes_a_koperasi_aktif(tmp_path):
    r = iku1(build(tmp_path), 1)
    assert (r.pembilang, r.penyebut) == (1, 3)
    assert aktif_of(r) == {"K1", "K3", "K7"}
    assert "2 koperasi aktif per 31 Maret 2026 karena RAT yang tercatat di register tahun sebelumnya" in r.keterangan


def test_without_the_earlier_registers_the_season_loses_them(tmp_path):
    r = iku1(build(tmp_path), 1, history=False)
    assert (r.pembilang, r.penyebut) == (0, 1)


def test_the_entity_list_names_the_rat_and_the_register_row_that_made_it_aktif(tmp_path):
    ent = iku1(build(tmp_path), 1).entities.set_index("nik")
    k1, k3, k2 = ent.loc[NIK["K1"]], ent.loc[NIK["K3"]], ent.loc[NIK["K2"]]
    assert (k1["rat_penentu_tanggal"], k1["rat_penentu_register"]) == (pd.Timestamp("2025-08-10"), 2025)
    assert (k1["rat_penentu_berkas"], k1["rat_penentu_baris"]) == ("2025/koperasi.csv", 2)
    assert (k3["rat_penentu_register"], k3["rat_penentu_berkas"], k3["rat_penentu_baris"]) == (2026, "2026/koperasi.csv", 4)
    assert pd.isna(k2["rat_penentu_register"]) and not k2["aktif"]


def test_a_koperasi_absent_from_year_n_register_is_never_counted(tmp_path):
    ent = iku1(build(tmp_path), 1, w=2).entities
    assert NIK["K5"] not in set(ent["nik"])


def test_two_year_window_reaches_the_year_only_rat_and_the_register_two_folders_back(tmp_path):
    r = iku1(build(tmp_path), 1, w=2)
    assert aktif_of(r) == {"K1", "K2", "K3", "K4", "K6", "K7"}
    ent = r.entities.set_index("nik")
    assert ent.loc[NIK["K6"], "rat_penentu_register"] == 2024
    assert (pd.isna(ent.loc[NIK["K4"], "rat_penentu_tanggal"]), ent.loc[NIK["K4"], "rat_penentu_tahun"]) == (True, 2025)


def test_after_the_rat_season_every_koperasi_is_aktif_by_its_own_rat(tmp_path):
    r = iku1(build(tmp_path), 2)
    assert r.penyebut == 6
    assert set(r.entities["rat_penentu_register"]) == {2026}
    assert "register tahun sebelumnya" not in r.keterangan


def test_the_annual_rule_is_unchanged(tmp_path):
    r = iku1(build(tmp_path), 4)
    assert (r.pembilang, r.penyebut) == (2, 6)
    assert not any(c.startswith("rat_penentu") for c in r.entities.columns)


def test_quarter_one_recomputed_from_the_december_register_equals_what_march_showed(tmp_path):
    """The evaluation table recomputes TW I from the newest register: with the history it gets the
    number the March copy gave, so an unchanged quarter is not flagged 'berubah sejak dilaporkan'."""
    march = iku1(build(tmp_path / "maret", march_copy=True), 1)
    december = iku1(build(tmp_path / "desember"), 1)
    assert (march.pembilang, march.penyebut) == (december.pembilang, december.penyebut) == (1, 3)


def test_the_earlier_registers_are_inputs_of_the_period(tmp_path):
    raw = build(tmp_path)
    names = {p.relative_to(raw).as_posix() for p in raw_inputs(Params(year=2026, raw_dir=raw, triwulan=1))}
    assert {"2024/koperasi.csv", "2025/koperasi.csv", "2026/koperasi.csv"} <= names


@pytest.mark.parametrize("w, expected", [(1, [True, False, True]), (2, [True, True, True])])
def test_aktif_at_with_the_history_of_one_register(w, expected):
    k = pd.DataFrame({"nik": ["a", "b", "c"], "tanggal_rat": pd.to_datetime(["2026-02-01", "2026-05-01", "2026-05-01"]),
                      "tahun_rat_terakhir": pd.array([2026, 2026, 2026], dtype="Int64")})
    h = pd.DataFrame({"nik": ["b", "c", "z"], "tanggal_rat": pd.to_datetime(["2025-03-31", "2025-04-01", "2025-12-01"]),
                      "tahun_rat_terakhir": pd.array([2025, 2025, 2025], dtype="Int64"), "tahun_data": [2025] * 3})
    aktif, later, _ = koperasi_aktif_at(k, pd.Timestamp("2026-03-31"), w, h)
    assert aktif.tolist() == expected and later.tolist() == [False, True, True]
    assert rat_penentu(k, pd.Timestamp("2026-03-31"), w, h)["rat_penentu_register"].tolist()[0] == 2026


@pytest.mark.e2e
def test_the_annual_evaluation_table_does_not_flag_an_unchanged_quarter_one(tmp_path):
    """TW I published from the March copy of the register, the annual report from the December copy:
    the E.81 table recomputes TW I with the 2025 register's RATs and finds what was published."""
    from iku_helpers.commands.cli import main

    raw = build(tmp_path / "raw", march_copy=True)
    common = ["--raw-dir", str(raw), "--out", str(tmp_path / "out"), "--processed-dir", str(tmp_path / "proc"),
              "--year", "2026"]
    assert main(["run", *common, "--triwulan", "1"]) == 0
    build(raw)  # the register as copied in December
    assert main(["run", *common]) == 0
    table = pd.read_csv(tmp_path / "out" / "2026" / "audit" / "evaluasi_triwulan_2026.csv").set_index("kode")
    assert table.loc["IKU-1", "dilaporkan_tw1"] == pytest.approx(100 / 3)
    assert table.loc["IKU-1", "realisasi_tw1"] == pytest.approx(100 / 3)
    assert not table["berubah_tw1"].any()
