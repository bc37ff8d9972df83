"""Formatting and HTML pieces of the report: Indonesian notation, escaping, CSV safety."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from iku_helpers.core import formats
from iku_helpers.core.layout import Layout
from iku_helpers.core.params import Params
from iku_helpers.documents import report
from iku_helpers.documents.index_page import trend_svg, write_index
from iku_helpers.documents.lists import write_csv, write_list
from iku_helpers.documents.results import write_results
from iku_helpers.indicators.registry import REGISTRY


@pytest.mark.parametrize("value, text", [(45.678, "45,68%"), (100, "100,00%"), (None, "–"), (float("nan"), "–")])
def test_fmt_persen(value, text):
    assert formats.fmt_persen(value) == text


@pytest.mark.parametrize("value, decimals, text", [(1250, 0, "1.250"), (1250000.5, 2, "1.250.000,50"), (0, 0, "0")])
def test_fmt_angka(value, decimals, text):
    assert formats.fmt_angka(value, decimals) == text


def test_table_html_escapes_and_aligns_numbers():
    html = report.table_html(pd.DataFrame({"nama": ["<script>alert(1)</script>"], "n": [3]}), cls="x")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.startswith('<table class="x">') and '<td class="num">3</td>' in html


def test_headline_escapes_keterangan_and_colours_kategori():
    table = pd.DataFrame([{"kode": "IKU-1", "indikator": "x", "realisasi": 50.0, "target": 40.0, "capaian": 125.0,
                           "kategori": "Sangat Tinggi", "status": "ok", "keterangan": "<b>x</b>"}])
    html = report.headline_html(table, REGISTRY, {"IKU-1": "audit/e.csv"})
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "125,00%" in html and 'href="audit/e.csv"' in html
    assert "#009E73" in html


def test_csv_for_people_neutralises_formulas_but_not_numbers(tmp_path):
    frame = pd.DataFrame({"nama": ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "biasa"], "angka": [-1.5, 2, 3, 4]})
    path = write_csv(frame, tmp_path / "a.csv")
    back = pd.read_csv(path)
    assert back["nama"].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'@SUM(A1)", "biasa"]
    assert back["angka"].tolist() == [-1.5, 2, 3, 4]


def test_results_files_keep_full_precision(tmp_path):
    table = pd.DataFrame([{"kode": "IKU-1", "indikator": "x", "pembilang": 1.0, "penyebut": 3.0,
                           "realisasi": 100 / 3, "target": None, "capaian": None, "kategori": None,
                           "status": "ok", "keterangan": ""}])
    lay = Layout(Params(year=2026, rat_window_years=2, output_dir=tmp_path))
    csv_path, json_path = write_results(table, lay, is_sample=False)
    assert csv_path == tmp_path / "2026" / "iku_2026.csv"
    assert "33.333333333333336" in csv_path.read_text()
    payload = json.loads(json_path.read_text())
    assert payload["parameter"] == {"accumulation_start_year": 2025, "rat_window_years": 2, "tahun": 2026,
                                    "data_contoh": False}
    assert payload["indikator"][0]["target"] is None


def test_counts_are_whole_numbers_in_the_csv_and_json_even_beside_an_empty_cell(tmp_path):
    """Issue 16: IT-1 without PDRB leaves pembilang empty, which made every count read 140.0."""
    table = pd.DataFrame([
        {"kode": "IT-1", "indikator": "a", "pembilang": None, "penyebut": None, "realisasi": None,
         "target": 14.75, "capaian": None, "kategori": None, "status": "belum tersedia", "keterangan": "x"},
        {"kode": "IKU-1", "indikator": "b", "pembilang": 140.0, "penyebut": 603.0, "realisasi": 140 / 603 * 100,
         "target": 23.0, "capaian": 100.9, "kategori": "Sangat Tinggi", "status": "ok", "keterangan": ""},
        {"kode": "IT-1", "indikator": "c", "pembilang": 1234.56, "penyebut": 9000.0, "realisasi": 13.7,
         "target": 14.75, "capaian": 92.9, "kategori": "Tinggi", "status": "ok", "keterangan": ""},
    ])
    csv_path, json_path = write_results(table, Layout(Params(year=2026, output_dir=tmp_path)), False)
    rows = csv_path.read_text().splitlines()
    assert rows[1].startswith("IT-1,a,,,,14.75,,,") and rows[2].startswith("IKU-1,b,140,603,23.2")
    assert rows[3].startswith("IT-1,c,1234.56,9000,13.7,")
    got = json.loads(json_path.read_text())["indikator"]
    assert [(r["pembilang"], r["penyebut"]) for r in got] == [(None, None), (140, 603), (1234.56, 9000)]
    assert type(got[1]["pembilang"]) is int and type(got[2]["pembilang"]) is float
    lists = write_csv(pd.DataFrame({"jumlah": [3.0, None], "selisih": [-2.0, -0.5]}), tmp_path / "l.csv")
    assert lists.read_text().splitlines() == ["jumlah,selisih", "3,-2", ",-0.5"]


def test_long_lists_are_parquet_whole_and_a_csv_summary(tmp_path):
    frame = pd.DataFrame({"tabel": "usaha_mikro", "berkas": "a.csv", "kolom": "kecamatan",
                          "catatan": ["dikoreksi: X → Y"] * 4 + ["lain"], "baris": [2, 3, 4, 5, 9]})
    files = Layout(Params(year=2026, output_dir=tmp_path)).notes
    write_list(frame, files, max_csv_rows=4)
    assert not files.csv.exists() and files.for_people() == files.summary
    assert len(pd.read_parquet(files.parquet)) == 5
    summary = pd.read_csv(files.summary)
    assert summary[["catatan", "jumlah", "baris_pertama"]].values.tolist() == [
        ["dikoreksi: X → Y", 4, "2, 3, 4, 5"], ["lain", 1, "9"]]
    write_list(frame, files, max_csv_rows=5)
    assert pd.read_csv(files.csv)["baris"].tolist() == [2, 3, 4, 5, 9]


def test_index_skips_folders_named_like_years_outside_the_range(tmp_path):
    (tmp_path / "1999").mkdir()
    (tmp_path / "1999" / "iku_1999.json").write_text("{}")
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert "Belum ada laporan" in page and "1999" not in page


# --- documents (spec section 8) ---------------------------------------------------------------

def test_headline_merges_the_sasaran_over_its_indicators():
    table = pd.DataFrame({"kode": list(REGISTRY), "indikator": [i.nama for i in REGISTRY.values()],
                          "target": 1.0, "realisasi": 1.0, "capaian": 100.0, "kategori": "Sangat Tinggi",
                          "status": "ok", "keterangan": ""})
    html = report.headline_html(table, REGISTRY)
    sasaran = [i.sasaran for i in REGISTRY.values()]
    for s in dict.fromkeys(sasaran):
        n = sasaran.count(s)
        cell = f'<td rowspan="{n}">{report.esc(s)}</td>' if n > 1 else f"<td>{report.esc(s)}</td>"
        assert html.count(cell) == 1, s


def test_comparison_html_shows_both_periods_and_the_change():
    comparison = pd.DataFrame([{"kode": "IKU-1", "indikator": "Persentase koperasi", "periode_sebelumnya": "2025",
                                "realisasi_sebelumnya": 20.0, "periode": "2026", "realisasi": 23.5, "perubahan": 3.5,
                                "tahun_akhir_periode": 2029, "target_akhir_periode": 32.0,
                                "capaian_target_akhir": 73.4375, "keterangan": ""}])
    html = report.comparison_html(comparison)
    for text in ("Realisasi Tahun 2025", "Realisasi Tahun 2026", "(2029)", "20,00%", "23,50%", "+3,50", "73,44%"):
        assert text in html
    assert report.comparison_html(None) == "<p>Tabel perbandingan belum tersedia.</p>"


def test_comparison_html_flags_an_earlier_year_that_changed_since_it_was_published(tmp_path):
    from iku_helpers.indicators.evaluation import perbandingan

    codes = ["IT-1", "IKU-1"]
    now = pd.DataFrame({"kode": codes, "realisasi": [15.0, 30.0], "status": "ok", "keterangan": ""})
    before = pd.DataFrame({"kode": codes, "realisasi": [14.27, 24.0]})
    comparison = perbandingan(Params(year=2026), now, before, None, 2029, published={"IT-1": 14.31, "IKU-1": 24.0},
                              registry={k: REGISTRY[k] for k in codes})
    html = report.comparison_html(comparison)
    assert html.count("berubah sejak dilaporkan") == 1
    assert '14,27%<div class="flag">⚠ berubah sejak dilaporkan (dilaporkan 14,31%)</div>' in html
    assert "+0,73" in html  # 15,00 − 14,27: the change from the recomputed number
    assert "Perubahan dihitung dari angka hasil hitung ulang" in html
    # through the CSV, as the report reads it back
    path = write_csv(comparison, tmp_path / "perbandingan_2026.csv")
    assert report.comparison_html(pd.read_csv(path)) == html
    unchanged = perbandingan(Params(year=2026), now, before, None, 2029, published={"IT-1": 14.27, "IKU-1": 24.0},
                             registry={k: REGISTRY[k] for k in codes})
    html = report.comparison_html(unchanged)
    assert "berubah sejak dilaporkan" not in html and "hitung ulang" not in html


def test_trend_svg_draws_what_was_published_and_escapes_nothing_unsafe():
    svg = trend_svg([(2025, 22.25, 20.0), (2026, None, 23.0)])
    assert svg.count("<rect") == 1 and svg.count('stroke="#E69F00"') == 2
    assert "22,2%" in svg or "22,3%" in svg
    assert ">–</text>" in svg and "<script" not in svg
    assert trend_svg([]) == ""


def test_report_date_is_fixed_by_the_run(monkeypatch):
    import datetime as dt

    from iku_helpers.core.errors import InvalidParameterError
    from iku_helpers.core.layout import DATE_ENV, report_date

    monkeypatch.setenv(DATE_ENV, "2027-03-15")
    assert report_date() == dt.date(2027, 3, 15)
    monkeypatch.setenv(DATE_ENV, "15/03/2027")
    with pytest.raises(InvalidParameterError):
        report_date()
    monkeypatch.delenv(DATE_ENV)
    assert report_date() == dt.date.today()


# --- figures that add up by hand (spec sections 5 and 10) ------------------------------------------

def test_comparison_html_prints_figures_a_reader_can_recompute():
    """19,42 % → 17,29 % prints a perubahan of −2,13 and, against a 2029 target of 12, a capaian of
    17,29 / 12 × 100 = 144,08 % (the unrounded realisasi would print −2,12 and 144,09 %)."""
    from iku_helpers.indicators.evaluation import perbandingan

    now = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [17.2907], "status": "ok", "keterangan": ""})
    before = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [19.4156]})
    targets = pd.DataFrame({"kode": ["IKU-1"], "tahun": [2029], "triwulan": [pd.NA], "target": [12.0],
                            "polaritas": ["positif"]})
    html = report.comparison_html(perbandingan(Params(year=2026), now, before, targets, 2029,
                                               registry={"IKU-1": REGISTRY["IKU-1"]}))
    for text in ("19,42%", "17,29%", "-2,13", "12,00%", "144,08%"):
        assert text in html, text
    assert "-2,12" not in html and "144,09%" not in html


def test_headline_prints_the_capaian_of_the_printed_realisasi():
    """IT-2 of 23 of 160 (23 / 160 × 100 = 14.374999999999998 as computed) prints 14,37 % (spec section
    10: repr, then half away from zero); with a target of 12,5 the capaian printed is
    14,37 / 12,5 × 100 = 114,96 %, what a reader gets from the printed figures."""
    from iku_helpers.indicators.model import Sources
    from iku_helpers.indicators.registry import compute_all

    u = pd.DataFrame([{"id_usaha": str(i), "nama_usaha": f"U{i}", "kecamatan": "Ajung", "skala": "mikro",
                       "aktif": i < 23, "sumber_berkas": "x.xlsx", "sumber_sheet": "x", "sumber_baris": 2}
                      for i in range(160)])
    targets = pd.DataFrame([{"kode": "IT-2", "tahun": 2026, "target": 12.5, "polaritas": "positif"}])
    table, _ = compute_all(Sources(2026, usaha_mikro=u, targets=targets), {"IT-2": REGISTRY["IT-2"]})
    html = report.headline_html(table, REGISTRY)
    assert "14,37%" in html and "12,50%" in html and "114,96%" in html and "115,00%" not in html


def test_evaluation_html_shows_the_annual_target_as_the_tw4_target():
    """Spec sections 7 and 10: no triwulan-4 row → the TW IV column shows the annual target, not "–"."""
    from iku_helpers.indicators.evaluation import evaluasi_triwulan

    codes = list(REGISTRY)
    tables = {k: pd.DataFrame({"kode": codes, "realisasi": 3.0 * k, "capaian": None, "kategori": None})
              for k in (1, 2, 3, 4)}
    targets = pd.DataFrame([{"kode": "IKU-2", "tahun": 2026, "triwulan": pd.NA, "target": 12.5, "polaritas": "positif"},
                            {"kode": "IKU-2", "tahun": 2026, "triwulan": 2, "target": 6.25, "polaritas": "positif"}])
    html = report.evaluation_html(evaluasi_triwulan(2026, 4, tables, targets), Params(year=2026))
    row = html[html.index("<b>IKU-2</b>"):]
    row = row[:row.index("</tr>")]
    assert row.count("12,50%") == 2 and row.count("6,25%") == 1  # target tahunan and TW IV; TW II


def test_the_quality_section_shows_words_not_field_names():
    """Spec section 10: 'Baris dibaca, Diterima, Ditolak …' and the tables' titles, never baris_diterima
    or fasilitasi_usaha_mikro."""
    from types import SimpleNamespace

    from iku_helpers.core.layout import Layout

    recon = pd.DataFrame({"tabel": ["fasilitasi_usaha_mikro", "pdrb_lapangan_usaha"], "berkas": ["a.csv", "b.xlsx"],
                          "baris_dibaca": [2060, 40], "baris_diterima": [2049, 22], "baris_ditolak": [8, 0],
                          "baris_dilewati": [0, 16], "baris_kosong": [2, 0], "baris_total": [1, 2]})
    top = pd.DataFrame({"tabel": ["fasilitasi_usaha_mikro"], "alasan": ["tanggal kosong"], "jumlah": [8]})
    laporan = SimpleNamespace(reconciliation=recon, top_reasons=top, layout=Layout(Params(year=2026)))
    text = re.sub(r"<[^>]+>", " ", report.quality_html(laporan))
    for words in ("Fasilitasi usaha mikro", "PDRB atas dasar harga berlaku", "Baris dibaca", "Diterima",
                  "Ditolak", "Dilewati", "Kosong", "Baris jumlah/total", "Alasan", "Jumlah", "2.060"):
        assert words in text, words
    visible = text.split("Daftar lengkap")[0]
    assert not re.search(r"\b(baris_\w+|fasilitasi_usaha_mikro|pdrb_lapangan_usaha)\b", visible)
