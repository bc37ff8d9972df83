"""Quarterly monitoring (spec section 7): cut-off rules, IKU-3 per quarter, targets, E.81 table.

Every number below is counted by hand from the rows written here.
"""

from __future__ import annotations

import pandas as pd
import pytest

from iku_helpers.core.params import Params
from iku_helpers.core.periods import cutoff, label, parse_label
from iku_helpers.indicators import formulas, registry
from iku_helpers.indicators.evaluation import evaluasi_triwulan
from iku_helpers.indicators.formulas import koperasi_aktif_at
from iku_helpers.indicators.model import BELUM, Sources
from iku_helpers.indicators.registry import compute_all
from iku_helpers.indicators.targets import target_for

SRC = {"sumber_berkas": "x.xlsx", "sumber_sheet": "x", "sumber_baris": 2}
T = pd.Timestamp


def koperasi(rows, year=2026):
    """rows: (nik, tanggal RAT or None); ``aktif`` by the annual rule, as cleaning sets it."""
    out = []
    for nik, rat in rows:
        rat = None if rat is None else T(rat)
        out.append({"nik": nik, "nama_koperasi": f"K{nik}", "kecamatan": "Patrang", "tanggal_rat": rat,
                    "tahun_rat_terakhir": None if rat is None else rat.year,
                    "aktif": rat is not None and rat.year == year, **SRC})
    frame = pd.DataFrame(out)
    frame["tanggal_rat"] = pd.to_datetime(frame["tanggal_rat"])
    frame["tahun_rat_terakhir"] = frame["tahun_rat_terakhir"].astype("Int64")
    return frame


def fas(col, rows):
    """rows: (id, tanggal)."""
    return pd.DataFrame([{col: i, "tanggal": T(d), "jenis_fasilitasi": "pelatihan", **SRC} for i, d in rows],
                        columns=[col, "tanggal", "jenis_fasilitasi", *SRC]).astype({"tanggal": "datetime64[ns]"})


def trade(rows):
    """rows: (tanggal, jumlah)."""
    return pd.DataFrame([{"tanggal": T(d), "kategori": "sarana_prasarana", "uraian": "x", "jumlah": j, **SRC}
                         for d, j in rows])


def test_periods_cutoffs_and_labels():
    assert [cutoff(2026, q).isoformat() for q in (1, 2, 3, 4)] == [
        "2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"]
    assert [label(2026, q) for q in (1, 4)] == ["2026-tw1", "2026"]
    assert parse_label("2026-tw4") is None  # the annual report is labelled by its year alone
    assert Params(year=2026, triwulan=3).label == "2026-tw3"


# --- facilitation up to the cut-off ----------------------------------------------------------

def test_facilitation_on_the_cutoff_counts_a_day_after_does_not():
    k = koperasi([("1", "2026-02-10"), ("2", "2026-02-10"), ("3", "2026-02-10")])
    f = fas("nik", [("1", "2026-03-31"), ("2", "2026-04-01"), ("2", "2026-12-31")])
    q1 = formulas.iku1_koperasi_difasilitasi(Sources(2026, koperasi=k, fasilitasi_koperasi=f, triwulan=1))
    assert (q1.pembilang, q1.penyebut) == (1, 3)
    e = q1.entities.set_index("nik")
    assert e.loc["1", "dihitung_pembilang"] and not e.loc["2", "dihitung_pembilang"]
    assert e.loc["2", "jumlah_fasilitasi_setelah_triwulan"] == 2 and e.loc["2", "jumlah_fasilitasi"] == 0
    assert "setelah akhir triwulan" in e.loc["2", "alasan"]
    q4 = formulas.iku1_koperasi_difasilitasi(Sources(2026, koperasi=k, fasilitasi_koperasi=f))
    assert (q4.pembilang, q4.penyebut) == (2, 3)
    assert "jumlah_fasilitasi_setelah_triwulan" not in q4.entities  # the annual lists are as before


def test_usaha_mikro_facilitation_cut_off_and_register_the_same_for_every_quarter():
    u = pd.DataFrame([{"id_usaha": i, "nama_usaha": i, "kecamatan": "Ajung", "skala": "mikro", "aktif": True, **SRC}
                      for i in "abcd"])
    f = fas("id_usaha", [("a", "2026-06-30"), ("b", "2026-07-01"), ("c", "2026-01-01")])
    counts = [(r.pembilang, r.penyebut) for r in
              (formulas.iku2_usaha_mikro_difasilitasi(Sources(2026, usaha_mikro=u, fasilitasi_usaha_mikro=f, triwulan=q))
               for q in (1, 2, 3, 4))]
    assert counts == [(1, 4), (2, 4), (3, 4), (3, 4)]
    it2 = {formulas.it2_usaha_mikro_aktif(Sources(2026, usaha_mikro=u, triwulan=q)).realisasi for q in (1, 2, 3, 4)}
    assert it2 == {100.0}


# --- koperasi aktif at the cut-off -------------------------------------------------------------

def test_rat_just_inside_and_just_outside_the_rolling_window():
    # c = 30 June 2026, w = 1: the window is (30 June 2025, 30 June 2026]
    k = koperasi([("in", "2025-07-01"), ("out", "2025-06-30"), ("edge", "2026-06-30"), ("later", "2026-07-01")])
    aktif, later, _ = koperasi_aktif_at(k, T("2026-06-30"), 1)
    assert aktif.tolist() == [True, False, True, False]
    assert later.tolist() == [False, False, False, True]
    # w = 2: (30 June 2024, 30 June 2026]
    assert koperasi_aktif_at(k, T("2026-06-30"), 2)[0].tolist() == [True, True, True, False]


def test_koperasi_aktif_at_tw2_only_thanks_to_a_rat_of_the_previous_year():
    k = koperasi([("late", "2025-08-15"), ("now", "2026-03-01")])
    f = fas("nik", [("late", "2026-02-01"), ("now", "2026-02-01")])
    tw2 = formulas.iku1_koperasi_difasilitasi(Sources(2026, koperasi=k, fasilitasi_koperasi=f, triwulan=2))
    tw4 = formulas.iku1_koperasi_difasilitasi(Sources(2026, koperasi=k, fasilitasi_koperasi=f))
    assert (tw2.pembilang, tw2.penyebut) == (2, 2)
    assert (tw4.pembilang, tw4.penyebut) == (1, 1)  # the annual rule: a RAT in 2026
    e = tw2.entities.set_index("nik")
    assert bool(e.loc["late", "aktif"]) and bool(e.loc["late", "dihitung_penyebut"])


def test_a_rat_after_the_cutoff_does_not_count_and_says_why():
    k = koperasi([("x", "2026-05-20")])
    r = formulas.iku1_koperasi_difasilitasi(Sources(2026, koperasi=k, fasilitasi_koperasi=fas("nik", []), triwulan=1))
    assert r.penyebut == 0 and "RAT terakhir diadakan setelahnya" in r.entities["alasan"].iloc[0]


def test_year_only_rat_follows_the_annual_rule_and_is_counted_in_keterangan():
    k = koperasi([("y", None), ("d", "2026-02-01")])
    k.loc[0, "tahun_rat_terakhir"] = 2026
    k = k.drop(columns="tanggal_rat").assign(tanggal_rat=pd.to_datetime([None, "2026-02-01"]))
    r = formulas.iku1_koperasi_difasilitasi(Sources(2026, koperasi=k, fasilitasi_koperasi=fas("nik", []), triwulan=1))
    assert r.penyebut == 2 and "1 koperasi hanya tercatat tahun RAT 2026 tanpa tanggal" in r.keterangan


# --- IKU-3 per quarter, IT-1 ----------------------------------------------------------------------

def test_iku3_per_quarter_against_hand_counts():
    h = {2025: trade([("2025-02-01", 6), ("2025-11-30", 4)]),  # F(2025) = 10, whole in every quarter
         2026: trade([("2026-01-15", 2), ("2026-03-31", 3), ("2026-04-01", 5), ("2026-09-30", 1), ("2026-12-01", 4)])}
    got = {}
    for q in (1, 2, 3, 4):
        r = formulas.iku3_perdagangan_ditingkatkan(Sources(2026, trade_history=h, triwulan=q))
        got[q] = (r.pembilang, r.penyebut, r.realisasi)
        assert r.detail.set_index("tahun").loc[2026, "jumlah"] == r.pembilang
    assert got == {1: (5, 15, 5 / 15 * 100), 2: (10, 20, 50.0), 3: (11, 21, 11 / 21 * 100), 4: (15, 25, 60.0)}
    r = formulas.iku3_perdagangan_ditingkatkan(Sources(2026, trade_history=h, triwulan=1))
    later = r.entities[~r.entities["dihitung_penyebut"]]
    assert later["jumlah"].tolist() == [5, 1, 4] and set(later["alasan"]) == {"tahun 2026, setelah akhir triwulan (tidak dihitung)"}


def test_it1_is_belum_tersedia_before_the_fourth_quarter():
    pdrb = pd.DataFrame({"tahun": [2026, 2026], "kategori": ["G", "A"], "adhb": [1.0, 3.0], **SRC})
    total = pd.DataFrame({"tahun": [2026], "adhb": [4.0]})  # vouches for the two categories (spec section 9)
    for q in (1, 2, 3):
        r = formulas.it1_kontribusi_pdrb_perdagangan(Sources(2026, pdrb=pdrb, pdrb_total=total, triwulan=q))
        assert r.status == BELUM and "per tahun" in r.keterangan
    assert formulas.it1_kontribusi_pdrb_perdagangan(Sources(2026, pdrb=pdrb, pdrb_total=total)).realisasi == 25.0


# --- targets -----------------------------------------------------------------------------------

TARGETS = pd.DataFrame([
    {"kode": "IT-2", "tahun": 2026, "triwulan": pd.NA, "target": 80.0, "polaritas": "positif"},
    {"kode": "IKU-2", "tahun": 2026, "triwulan": pd.NA, "target": 12.5, "polaritas": "negatif"},
    {"kode": "IKU-2", "tahun": 2026, "triwulan": 2, "target": 6.0, "polaritas": "negatif"},
]).astype({"triwulan": "Int64"})


def test_quarter_uses_its_row_tw4_falls_back_to_the_annual_row():
    assert target_for(TARGETS, "IKU-2", 2026, 2).value == 6.0
    assert target_for(TARGETS, "IKU-2", 2026, 4).value == 12.5
    assert target_for(TARGETS, "IKU-2", 2026, 2).polaritas == "negatif"
    missing = target_for(TARGETS, "IT-2", 2026, 3)
    assert missing.value is None and missing.missing == "target Triwulan III 2026 belum ditetapkan (target tahunan 80,00%)"
    assert target_for(TARGETS, "IKU-1", 2026, 1).missing == "target IKU-1 tahun 2026 belum ditetapkan"


def test_missing_quarterly_target_leaves_capaian_and_kategori_empty():
    u = pd.DataFrame([{"id_usaha": "a", "nama_usaha": "a", "kecamatan": "Ajung", "skala": "mikro", "aktif": True, **SRC}])
    s = Sources(2026, usaha_mikro=u, fasilitasi_usaha_mikro=fas("id_usaha", [("a", "2026-05-01")]), targets=TARGETS,
                triwulan=2)
    row = compute_all(s)[0].set_index("kode")
    assert pd.isna(row.loc["IT-2", "capaian"]) and pd.isna(row.loc["IT-2", "kategori"])
    assert "target tahunan 80,00%" in row.loc["IT-2", "keterangan"]
    # IKU-2 realisasi 100 against a negatif target of 6: (2·6 − 100)/6 floored at 0
    assert row.loc["IKU-2", "target"] == 6.0 and row.loc["IKU-2", "capaian"] == 0.0


# --- the E.81 table --------------------------------------------------------------------------------

def _table(values: dict[str, float | None]) -> pd.DataFrame:
    return pd.DataFrame([{"kode": k, "realisasi": v, "capaian": None, "kategori": None} for k, v in values.items()])


def test_evaluation_table_flags_a_published_quarter_that_differs():
    codes = list(registry.REGISTRY)
    tables = {1: _table(dict.fromkeys(codes, 10.0)), 2: _table(dict.fromkeys(codes, 20.0))}
    published = {1: {**dict.fromkeys(codes, 10.0), "IKU-1": 9.5, "IT-1": None}}
    e = evaluasi_triwulan(2026, 2, tables, TARGETS, published).set_index("kode")
    assert [c for c in e.columns if "tw" in c] == ["target_tw1", "target_tw2", "target_tw3", "target_tw4",
                                                   "realisasi_tw1", "dilaporkan_tw1", "berubah_tw1", "realisasi_tw2"]
    assert e["berubah_tw1"].to_dict() == {"IT-1": True, "IT-2": False, "IKU-1": True, "IKU-2": False, "IKU-3": False}
    assert e.loc["IKU-1", "catatan"] == "Triwulan I berubah sejak dilaporkan (dilaporkan 9,50%)"
    assert e.loc["IKU-2", "target_tw2"] == 6.0 and pd.isna(e.loc["IKU-2", "target_tw1"])
    assert e.loc["IKU-2", "target_tahunan"] == 12.5
    unpublished = evaluasi_triwulan(2026, 2, tables, TARGETS, {}).set_index("kode")
    assert not unpublished["berubah_tw1"].any() and unpublished["dilaporkan_tw1"].isna().all()


def test_e81_tw4_target_is_the_annual_target_where_no_triwulan_4_row_exists():
    """Spec section 7: period (n, 4) uses the row (kode, n, 4), else the annual row; section 10: the
    E.81 TW IV column shows that target, not "–". TW I–III show only the rows set for them."""
    targets = pd.concat([TARGETS, pd.DataFrame([
        {"kode": "IKU-3", "tahun": 2026, "triwulan": 4, "target": 50.0, "polaritas": "positif"},  # TW IV row only
        {"kode": "IKU-1", "tahun": 2025, "triwulan": pd.NA, "target": 20.0, "polaritas": "positif"},  # another year
    ])]).astype({"triwulan": "Int64"})
    codes = list(registry.REGISTRY)
    tables = {k: _table(dict.fromkeys(codes, 10.0 * k)) for k in (1, 2, 3, 4)}
    e = evaluasi_triwulan(2026, 4, tables, targets).set_index("kode")
    # IT-2: annual 80, no quarterly rows → TW IV 80, TW I–III empty
    assert e.loc["IT-2", "target_tw4"] == 80.0 and e.loc["IT-2", ["target_tw1", "target_tw2", "target_tw3"]].isna().all()
    # IKU-2: annual 12,5 and a TW II row of 6 → TW II 6, TW IV 12,5
    assert (e.loc["IKU-2", "target_tw2"], e.loc["IKU-2", "target_tw4"]) == (6.0, 12.5)
    assert pd.isna(e.loc["IKU-2", "target_tw1"]) and pd.isna(e.loc["IKU-2", "target_tw3"])
    # IKU-3: only a TW IV row → it is also the annual target
    assert (e.loc["IKU-3", "target_tahunan"], e.loc["IKU-3", "target_tw4"]) == (50.0, 50.0)
    # IKU-1 and IT-1: no target for 2026 at all → empty, as before
    assert e.loc[["IKU-1", "IT-1"], "target_tw4"].isna().all()
    # an earlier quarter's report shows the same TW IV target
    assert evaluasi_triwulan(2026, 2, tables, targets).set_index("kode").at["IKU-2", "target_tw4"] == 12.5


def test_e81_tw4_target_is_the_target_of_the_annual_capaian():
    """Every place that reads a TW IV target agrees: the E.81 column, the target the annual
    (= TW IV) capaian is computed against, and target_for."""
    targets = pd.concat([TARGETS, pd.DataFrame([
        {"kode": "IKU-3", "tahun": 2026, "triwulan": 4, "target": 50.0, "polaritas": "positif"},
    ])]).astype({"triwulan": "Int64"})
    annual = compute_all(Sources(2026, targets=targets))[0]
    e = evaluasi_triwulan(2026, 4, dict.fromkeys((1, 2, 3, 4), annual), targets).set_index("kode")
    for kode, row in annual.set_index("kode").iterrows():
        tw4 = target_for(targets, kode, 2026, 4).value
        assert (pd.isna(row["target"]) and tw4 is None) or row["target"] == tw4 == e.at[kode, "target_tw4"], kode
    assert e.at["IKU-2", "target_tw4"] == 12.5 and e.at["IT-2", "target_tw4"] == 80.0


@pytest.mark.parametrize("bad", [0, 5, "dua", 2.5])
def test_triwulan_outside_1_to_4_is_a_usage_error(bad):
    from iku_helpers.core.errors import InvalidParameterError

    with pytest.raises(InvalidParameterError):
        Params(year=2026, triwulan=bad)


# --- command line ---------------------------------------------------------------------------------

def test_validate_with_triwulan_says_what_would_be_counted(raw_fixture, capsys):
    from iku_helpers.commands.cli import main

    assert main(["validate", "--raw-dir", str(raw_fixture), "--year", "2026", "--triwulan", "1", "2"]) == 0
    out = capsys.readouterr().out
    assert "Dihitung untuk Triwulan I 2026 (s.d. 31 Maret 2026):" in out
    assert "fasilitasi_usaha_mikro: 0 baris diterima s.d. akhir triwulan dihitung, 2 baris sesudahnya" in out
    assert "Dihitung untuk Triwulan II 2026 (s.d. 30 Juni 2026):" in out
    assert "fasilitasi_usaha_mikro: 2 baris diterima s.d. akhir triwulan dihitung, 0 baris sesudahnya" in out


def test_a_shared_file_error_is_printed_once_not_per_year(raw_fixture, capsys):
    from iku_helpers.commands.cli import main

    target = raw_fixture / "target_iku.csv"
    target.write_text(target.read_text() + "IKU-1;2026;55;positif\n")
    assert main(["validate", "--raw-dir", str(raw_fixture)]) == 1
    out = capsys.readouterr().out
    assert out.count("muncul lebih dari sekali") == 1 and "1 galat yang sama pada berkas bersama" in out
    assert "IKU-1 / 2026 / kosong" in out and "2026.0" not in out


@pytest.mark.parametrize("bad", ["5", "0", "dua"])
def test_run_with_a_wrong_triwulan_is_exit_2(raw_fixture, capsys, bad):
    from iku_helpers.commands.cli import main

    assert main(["run", "--raw-dir", str(raw_fixture), "--triwulan", bad]) == 2
    assert "triwulan harus bilangan bulat 1-4" in capsys.readouterr().err


def test_plan_orders_each_year_by_quarter_and_groups_years(raw_fixture):
    from iku_helpers.publish.runner import by_year, plan

    runs = plan(Params(year=2025, raw_dir=raw_fixture), [2026, 2025], [4, 2, 1])
    assert [p.label for p in runs] == ["2025-tw1", "2025-tw2", "2025", "2026-tw1", "2026-tw2", "2026"]
    assert [[p.label for p in g] for g in by_year(runs)] == [["2025-tw1", "2025-tw2", "2025"],
                                                              ["2026-tw1", "2026-tw2", "2026"]]


def test_params_record_round_trip_keeps_the_quarter():
    p = Params(year=2026, triwulan=2)
    assert Params.from_record(p.to_record()).triwulan == 2
    assert "triwulan" not in Params(year=2026).result_key()  # annual iku_<n>.json reads as before


def test_evaluation_html_groups_by_sasaran_and_shows_the_flag():
    from iku_helpers.documents.report import evaluation_html

    codes = list(registry.REGISTRY)
    tables = {1: _table(dict.fromkeys(codes, 10.0)), 2: _table(dict.fromkeys(codes, 20.0))}
    e = evaluasi_triwulan(2026, 2, tables, TARGETS, {1: {**dict.fromkeys(codes, 10.0), "IKU-2": 9.5}})
    html = evaluation_html(e, Params(year=2026, triwulan=2))
    assert html.count('<tr class="grup">') == 3  # tujuan, sasaran 1, sasaran 3
    assert html.count("berubah sejak dilaporkan (dilaporkan 9,50%)") == 1
    assert "Capaian Triwulan II 2026" in html and "<th>TW III</th>" in html  # target TW III shown, realisasi not
    assert html.count("<th>TW II</th>") == 2


def test_tw4_row_and_annual_row_with_different_polaritas_clash():
    from iku_helpers.core.errors import DuplicateKeyError
    from rawfixture import raw_table

    rows = [{"kode": "IKU-2", "tahun": "2026", "triwulan": None, "target": "12,5", "polaritas": None},
            {"kode": "IKU-2", "tahun": "2026", "triwulan": "4", "target": "12,5", "polaritas": "negatif"}]
    with pytest.raises(DuplicateKeyError) as exc:
        ind_clean_target(raw_table("target_iku", rows))
    assert "polaritas positif" in exc.value.message() and "polaritas negatif" in exc.value.message()
    rows[1]["polaritas"] = None  # empty on the TW-4 row: the annual row's, so they agree
    assert len(ind_clean_target(raw_table("target_iku", rows)).data) == 2


def ind_clean_target(raw):
    from iku_helpers.ingest.table_rules import clean_target

    return clean_target(raw, list(registry.REGISTRY))


def test_a_tw4_row_alone_is_the_years_target():
    t = pd.DataFrame([{"kode": "IKU-1", "tahun": 2026, "triwulan": 4, "target": 30.0, "polaritas": "positif"}])
    t["triwulan"] = t["triwulan"].astype("Int64")
    assert target_for(t, "IKU-1", 2026, 4).value == 30.0
    assert target_for(t, "IKU-1", 2026, 2).missing.endswith("(target tahunan 30,00%)")


def test_iku3_detail_shows_zero_not_missing_for_a_delivered_year_with_nothing_counted_yet():
    h = {2025: trade([("2025-02-01", 6)]), 2026: trade([("2026-05-01", 2)])}
    r = formulas.iku3_perdagangan_ditingkatkan(Sources(2026, trade_history=h, triwulan=1))
    assert (r.pembilang, r.penyebut, r.realisasi) == (0, 6, 0.0)
    assert r.detail.set_index("tahun").loc[2026, "jumlah"] == 0


def test_precheck_reports_a_years_structural_error_once_for_all_its_quarters(raw_fixture):
    from iku_helpers.core.errors import IkuError
    from iku_helpers.publish.runner import plan, precheck

    (raw_fixture / "2026" / "koperasi.csv").write_text("NIK,Nama Koperasi,Kecamatan,Tahun RAT\n")
    with pytest.raises(IkuError) as exc:
        precheck(plan(Params(year=2026, raw_dir=raw_fixture), [2026], [1, 2, 3, 4]))
    assert "galat struktural" not in exc.value.message()  # one error, not four
    assert "koperasi" in exc.value.message()


def test_triwulan_inf_is_a_usage_error(raw_fixture, capsys):
    from iku_helpers.commands.cli import main

    assert main(["run", "--raw-dir", str(raw_fixture), "--triwulan", "inf"]) == 2
