"""The processed cache: reused only while raw data, parameters and stored files all still match."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from iku_helpers.core.layout import PROCESSED_META, Layout
from iku_helpers.core.params import Params
from iku_helpers.indicators import cache
from iku_helpers.indicators.model import sources_from_processed, sources_from_year
from iku_helpers.indicators.registry import compute_all
from iku_helpers.ingest import dataset, processed
from iku_helpers.steps import workflow


@pytest.fixture
def params(raw_fixture, tmp_path) -> Params:
    return Params(year=2025, raw_dir=raw_fixture, processed_dir=tmp_path / "processed", output_dir=tmp_path / "out")


def _fresh(params: Params) -> pd.DataFrame:
    return compute_all(sources_from_year(dataset.load_year(params)))[0]


def _no_cleaning(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("cleaned again although the cache entry is valid")

    monkeypatch.setattr(processed, "load_year", refuse)


def test_first_call_stores_then_reuses_without_cleaning(params, monkeypatch):
    first = cache.year_indicators(params)
    pd.testing.assert_frame_equal(first, _fresh(params), check_dtype=False)
    meta = json.loads((Layout(params).processed / PROCESSED_META).read_text())
    assert meta["parameter"] == params.result_key()
    assert {e["path"] for e in meta["masukan"]} >= {"2025/koperasi.xlsx", "target_iku.csv"}
    assert "indikator.parquet" in meta["berkas"]
    _no_cleaning(monkeypatch)
    pd.testing.assert_frame_equal(cache.year_indicators(params), first)


def _stored_file_is_intact(params, name: str) -> bool:
    folder = Layout(params).processed
    meta = json.loads((folder / PROCESSED_META).read_text())
    return hashlib.sha256((folder / name).read_bytes()).hexdigest() == meta["berkas"][name]


@pytest.mark.parametrize("name", ["indikator.parquet", "usaha_mikro.parquet"])
def test_a_hand_edited_parquet_is_not_trusted(params, name):
    first = cache.year_indicators(params)
    sources_before = sources_from_processed(processed.processed_year(params)).usaha_mikro
    cached = Layout(params).processed / name
    edited = pd.read_parquet(cached)
    column, value = ("realisasi", 99.0) if name == "indikator.parquet" else ("nama_usaha", "X")
    edited.loc[edited.index[0], column] = value
    edited.to_parquet(cached, index=False)
    assert not _stored_file_is_intact(params, name)
    entry = processed.processed_year(params)
    again = cache.year_indicators(params)
    pd.testing.assert_frame_equal(again, first)
    pd.testing.assert_frame_equal(sources_from_processed(entry).usaha_mikro, sources_before)
    assert _stored_file_is_intact(params, name)  # rebuilt from the raw data, trusted again


def test_a_changed_raw_byte_recomputes_with_the_new_numbers(params):
    before = cache.year_indicators(params).set_index("kode")
    trade = params.raw_dir / "2025" / "fasilitasi_perdagangan.csv"
    trade.write_bytes(trade.read_bytes().replace(b"Rehab los pasar,2", b"Rehab los pasar,5"))
    after = cache.year_indicators(params).set_index("kode")
    assert before.loc["IKU-3", "pembilang"] == 6 and after.loc["IKU-3", "pembilang"] == 9
    pd.testing.assert_frame_equal(after.reset_index(), _fresh(params), check_dtype=False)


def test_other_parameters_or_a_broken_meta_recompute(params, monkeypatch):
    cache.year_indicators(params)
    wider = params.replace(rat_window_years=2)
    assert processed.read_processed(wider) is None
    cache.year_indicators(wider)
    assert processed.read_processed(params) is None  # one entry per year: the last parameters win
    (Layout(wider).processed / PROCESSED_META).write_text("{ not json")
    assert processed.read_processed(wider) is None
    pd.testing.assert_frame_equal(cache.year_indicators(wider), _fresh(wider), check_dtype=False)


def test_history_of_a_later_year_comes_from_the_cache(params, monkeypatch):
    later = params.for_year(2026)
    cache.year_indicators(params)
    processed.processed_year(later)
    _no_cleaning(monkeypatch)
    run = workflow.indicator_step(later)
    hist = run.history.set_index(["kode", "tahun"])
    assert hist.loc[("IKU-1", 2025), "realisasi"] == 50.0
    assert set(run.history["tahun"]) >= {2025, 2026}


def test_quarters_share_the_entry_and_never_delete_each_others_tables(params, monkeypatch):
    first = processed.processed_year(params)
    # two periods of the year working from the same entry at once (another run, another worker)
    a, b = first.for_quarter(1), processed.read_processed(params.for_quarter(2))
    cache.period_indicators(a)
    cache.period_indicators(b)  # b's meta was read before a stored its table
    folder = Layout(params).processed
    meta = json.loads((folder / PROCESSED_META).read_text())
    assert {"indikator_tw1.parquet", "indikator_tw2.parquet"} <= set(meta["berkas"])
    assert all((folder / f).exists() for f in meta["berkas"])
    processed.write_processed(dataset.load_year(params))  # a fresh cleaning of the same data keeps them
    meta = json.loads((folder / PROCESSED_META).read_text())
    assert {"indikator_tw1.parquet", "indikator_tw2.parquet"} <= set(meta["berkas"])
    _no_cleaning(monkeypatch)
    tw1 = cache.year_indicators(params.for_quarter(1))
    assert tw1.set_index("kode").loc["IT-1", "status"] == "belum tersedia"


def test_comparison_flags_an_earlier_year_bps_revised_since_it_was_published(params, monkeypatch):
    """Spec section 9, "Revisions": 2025 published with IT-1 20 %, then BPS revises G for 2025."""
    from iku_helpers.core.layout import BUILDING_ENV
    from iku_helpers.documents.results import write_results
    from iku_helpers.publish.manifest import compared_reports

    write_results(cache.year_indicators(params), Layout(params), False)  # outputs/2025/iku_2025.json
    pdrb = params.raw_dir / "pdrb_lapangan_usaha.csv"
    text = pdrb.read_text(encoding="utf-8")
    pdrb.write_text(text.replace("2025;G;Lapangan G;25,0", "2025;G;Lapangan G;30,0")
                    .replace("Bruto;125,0", "Bruto;130,0"), encoding="utf-8")
    later = params.for_year(2026)
    table = cache.year_indicators(later)
    c = workflow.comparison_step(later, table, None).set_index("kode")
    assert c.at["IT-1", "realisasi_sebelumnya"] == pytest.approx(30 / 130 * 100)  # recomputed, revised
    assert bool(c.at["IT-1", "berubah_sejak_dilaporkan"]) and c.at["IT-1", "realisasi_dilaporkan_sebelumnya"] == 20.0
    assert not c.drop(index="IT-1")["berubah_sejak_dilaporkan"].any()
    assert [e["path"] for e in compared_reports(Layout(later))] == ["2025/iku_2025.json"]
    # `iku run` republishing 2025 in the same run: not compared (nor recorded as pembanding)
    monkeypatch.setenv(BUILDING_ENV, "2025 2026")
    assert not workflow.comparison_step(later, table, None)["berubah_sejak_dilaporkan"].any()
    assert compared_reports(Layout(later), building={"2025", "2026"}) == []
    monkeypatch.delenv(BUILDING_ENV)
    # published with other parameters: not comparable, left out as for the quarters
    published = Layout(params).results_json
    payload = json.loads(published.read_text(encoding="utf-8"))
    payload["parameter"]["rat_window_years"] = 2
    published.write_text(json.dumps(payload), encoding="utf-8")
    assert not workflow.comparison_step(later, table, None)["berubah_sejak_dilaporkan"].any()
