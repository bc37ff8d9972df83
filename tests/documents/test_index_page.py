"""outputs/index.html (spec section 10): the trends are titled realisasi with the target marked, one
axis per indicator across its years, value labels no mark crosses; a trial period is marked on its
entry."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from iku_helpers.core.layout import Layout
from iku_helpers.core.params import Params
from iku_helpers.documents import index_page
from iku_helpers.documents.index_page import Box, percobaan, skala, text_width, trend_layout, trend_svg, write_index
from iku_helpers.documents.results import write_results
from iku_helpers.indicators.registry import REGISTRY

SVG = "{http://www.w3.org/2000/svg}"

#: Shapes a label could collide with: realisasi near, under and over its target, at 0 and 100, a
#: missing year, negative values, many years, tiny percentages.
CASES = [
    [(2025, 22.22, 20.0), (2026, 23.22, 23.0)],
    [(2025, 41.99, 50.0), (2026, 100.0, 100.0)],
    [(2025, 14.6, 14.6), (2026, 14.68, 14.75), (2027, None, 14.9)],
    [(2025, 1.2, 20.0), (2026, 3.4, 25.0), (2027, None, 30.0)],
    [(2025, 100.0, 100.0), (2026, 99.95, 100.0), (2027, 100.0, 50.0), (2028, 0.0, 50.0), (2029, 42.0, 50.0)],
    [(2025, 22.2, 20.0), (2026, 23.2, 23.0), (2027, 26.5, 26.0), (2028, 31.0, 29.0), (2029, 30.0, 32.0)],
    [(2025, -2.5, 5.0), (2026, 3.0, 5.0)],
    [(2025, 0.4, 0.5), (2026, 0.55, 0.5)],
    [(2025, 12.0, None), (2026, None, None)],
    [(2025, 0.0, 0.0)],
]


def _boxes(svg: str) -> tuple[list[tuple[str, Box]], list[tuple[str, Box, bool]]]:
    """The marks (bars, target lines, axis lines) and the value labels of a drawn SVG, as boxes
    read back from the SVG itself (text boxes from the estimated width of their text)."""
    root = ET.fromstring(svg)
    marks, labels = [], []
    for el in root:
        if el.tag == SVG + "rect":
            x, y, w, h = (float(el.get(k)) for k in ("x", "y", "width", "height"))
            marks.append(("bar", Box(x, y, x + w, y + h)))
        elif el.tag == SVG + "line":
            x1, x2, y1, y2 = (float(el.get(k)) for k in ("x1", "x2", "y1", "y2"))
            half = float(el.get("stroke-width")) / 2
            marks.append((el.get("stroke"), Box(min(x1, x2) - half, min(y1, y2) - half,
                                                max(x1, x2) + half, max(y1, y2) + half)))
        elif el.tag == SVG + "text" and el.text and el.text.endswith("%") and el.get("text-anchor") == "middle":
            size, x, baseline = float(el.get("font-size")), float(el.get("x")), float(el.get("y"))
            half = text_width(el.text, size) / 2
            labels.append((el.text, Box(x - half, baseline - 0.8 * size, x + half, baseline + 0.2 * size),
                           el.get("fill") == "#fff"))
    return marks, labels


@pytest.mark.parametrize("points", CASES)
def test_no_mark_crosses_a_value_label(points):
    svg = trend_svg(points, "X — realisasi per tahun")
    marks, labels = _boxes(svg)
    assert len(labels) == sum(r is not None for _, r, _ in points)
    for text, box, inside in labels:
        for kind, mark in marks:
            if inside and kind == "bar" and mark.x0 <= box.x0 and box.x1 <= mark.x1 and mark.y0 <= box.y0 \
                    and box.y1 <= mark.y1:
                continue  # a white label inside its own bar: the bar is its ground
            assert not box.crosses(mark), (text, kind, box, mark)
        others = [b for t, b, _ in labels if b is not box]
        assert not any(box.crosses(b) for b in others), text
        assert 0 <= box.y0 and box.y1 <= index_page.HEIGHT


@pytest.mark.parametrize("points", CASES)
def test_one_axis_for_every_year_covers_realisasi_and_target_from_zero(points):
    drawn = trend_layout(points)
    values = [v for _, r, t in points for v in (r, t) if v is not None]
    bottom, top, ticks = skala(values)
    assert bottom <= min(values + [0.0]) and top >= max(values + [0.0]) and bottom <= 0
    assert ticks[0] == bottom and ticks[-1] == top and 2 <= len(ticks) - 1 <= 5
    # every year is drawn on the same scale: a bar's end and a target line sit where the axis puts them
    span = drawn["plot_bottom"] - drawn["plot_top"]
    for p in drawn["points"]:
        if p["dash"]:
            assert p["dash"]["y"] == pytest.approx(drawn["plot_top"] + (top - p["target"]) / (top - bottom) * span)
        if p["bar"] and p["realisasi"] and p["realisasi"] > 0:
            assert p["bar"]["y"] == pytest.approx(drawn["plot_top"] + (top - p["realisasi"]) / (top - bottom) * span)


def test_skala_starts_at_zero_with_round_steps():
    assert skala([22.22, 20.0, 23.22, 23.0]) == (0.0, 30.0, [0.0, 10.0, 20.0, 30.0])
    assert skala([87.6, 85.0, 85.5, 86.0])[:2] == (0.0, 100.0)
    assert skala([14.68, 14.6, 14.75])[:2] == (0.0, 15.0)
    assert skala([-2.5, 5.0])[0] < 0


def test_chart_is_titled_realisasi_marks_the_target_and_says_a_missing_year():
    svg = trend_svg([(2025, 22.25, 20.0), (2026, None, 23.0)], "IKU-1 — realisasi per tahun")
    assert "<title>IKU-1 — realisasi per tahun</title>" in svg
    assert svg.count("<rect") == 1 and svg.count('stroke="#E69F00"') == 2  # one bar, two target lines
    assert "22,3%" in svg and ">–</text>" in svg and "<script" not in svg
    assert "2026: target 23,00%" in svg  # the target's value on hover
    assert ">0%</text>" in svg and ">30%</text>" in svg  # the axis, from 0
    assert trend_svg([]) == ""


def test_percobaan_from_the_recorded_parameters():
    assert percobaan({"tahun": 2026, "parameter": {"tahun": 2026, "rat_window_years": 1,
                                                   "accumulation_start_year": 2025, "data_contoh": True}}) == ""
    assert percobaan({"tahun": 2026, "parameter": {"tahun": 2026, "rat_window_years": 3, "triwulan": 2}}) == \
        Params(year=2026, rat_window_years=3).percobaan
    assert percobaan({"tahun": 2026}) == "" and percobaan({}) == ""
    assert percobaan({"tahun": 2026, "parameter": {"rat_window_years": 99}}).startswith("PERCOBAAN")


def _publish(root, params: Params, realisasi: float) -> None:
    table = pd.DataFrame({"kode": list(REGISTRY), "indikator": [i.nama for i in REGISTRY.values()],
                          "pembilang": 1, "penyebut": 2, "realisasi": realisasi, "target": 20.0, "capaian": 100.0,
                          "kategori": "Sangat Tinggi", "status": "ok", "keterangan": ""})
    write_results(table, Layout(params.replace(output_dir=root)), is_sample=True)


def test_index_marks_each_trial_entry_and_titles_its_trends_realisasi(tmp_path):
    _publish(tmp_path, Params(year=2025), 18.0)
    trial = Params(year=2026, rat_window_years=2)
    _publish(tmp_path, trial, 22.0)
    _publish(tmp_path, trial.replace(triwulan=2), 11.0)
    _publish(tmp_path, Params(year=2026, triwulan=1), 5.0)
    page = write_index(tmp_path).read_text(encoding="utf-8")
    mark = "PERCOBAAN — parameter: jendela RAT 2 tahun (bawaan 1)"
    assert trial.percobaan == mark
    assert "Tren realisasi tahunan" in page and "capaian tahunan" not in page
    assert page.count("— realisasi per tahun") == 2 * len(REGISTRY)  # card heading and SVG title
    assert page.count('<svg class="tren"') == len(REGISTRY)
    # the 2026 annual entry and its triwulan II entry carry the mark; triwulan I and 2025 do not
    y2026, y2025 = page.split("<h2>Tahun 2026")[1].split("<h2>Tahun 2025")
    annual, quarters = y2026.split("Laporan triwulan")
    assert mark in annual and "PERCOBAAN" in y2026.split("</h2>")[0]
    tw2 = next(li for li in quarters.split("<li>") if "Triwulan II 2026" in li)
    tw1 = next(li for li in quarters.split("<li>") if "Triwulan I 2026" in li)
    assert mark in tw2 and "PERCOBAAN" not in tw1
    assert "PERCOBAAN" not in y2025
    assert re.search(r"Realisasi tahun 2026: PERCOBAAN — parameter: jendela RAT 2 tahun", page)


def test_a_regular_index_has_no_trial_mark(tmp_path):
    _publish(tmp_path, Params(year=2026), 22.0)
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert "PERCOBAAN" not in page and "22,0%" in page
