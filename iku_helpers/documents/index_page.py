"""``outputs/index.html``: every published period, newest first, with a trend chart per indicator.

The page is rendered from ``templates/index.html`` (the charts from ``trend.html``: inline SVG, no
script, no external file) and written atomically, so a reader sees the old page or the new one.

Each indicator's chart (spec section 10) shows its **realisasi** per published year as bars with the
target as a line across each bar, on one axis for all its years that starts at 0 and covers both
realisasi and target (:func:`skala`). Each value label is placed where no bar, target line, axis or
other label crosses it (:func:`trend_layout`). A period whose recorded parameters differ from the
defaults carries its ``PERCOBAAN — parameter: …`` mark on its entry (:func:`percobaan`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core import layout, periods
from ..core.errors import InvalidParameterError
from ..core.faults import atomic_write
from ..core.formats import fmt_angka, is_missing
from ..core.layout import Layout
from ..core.params import Params
from ..indicators.registry import REGISTRY
from .report import STYLE, headline_html
from .results import SAMPLE_FLAG, read_results
from .templating import render, safe

#: The chart's geometry (px): the SVG, the room left of the plot for the axis' labels, above it for
#: a value label over the tallest mark, and under it for the years.
WIDTH, HEIGHT, AXIS_W, TOP, BOTTOM = 240, 120, 34, 16, 18
#: Value labels: font size and the height of their box (px); a character's width is estimated
#: generously (DejaVu Sans digits are 0,64 em wide, '%' 0,95 em), so a box holds its text.
LABEL_SIZE, LABEL_H = 9, 10
#: A target line's half thickness, and the gap kept between a label and any mark (px).
TARGET_HALF, GAP = 1.5, 3.0


@dataclass(frozen=True)
class Box:
    """A rectangle in SVG coordinates (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def crosses(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """A generous estimate of the width of ``text`` in DejaVu Sans at ``size`` px.

    >>> round(text_width("100,0%"), 1)
    36.2
    """
    wide = {"%": 0.95, ",": 0.35, ".": 0.35, "–": 0.55, "-": 0.4}
    return size * sum(wide.get(ch, 0.68) for ch in text)


def skala(values: list[float]) -> tuple[float, float, list[float]]:
    """One axis for every year of an indicator: (bottom, top, ticks), two to four intervals of
    1, 2, 2,5 or 5 × 10ⁿ, from 0 (below it only when a value is negative) to at least the largest
    realisasi or target; 0 to 100 when every value is 0.

    >>> skala([22.22, 20.0, 23.22, 23.0])
    (0.0, 30.0, [0.0, 10.0, 20.0, 30.0])
    >>> skala([100.0, 41.99, 50.0])[1], skala([14.6, 14.68, 14.75])[1], skala([])[1], skala([0.0])[1]
    (100.0, 15.0, 100.0, 100.0)
    """
    finite = [float(v) for v in values if not is_missing(v) and math.isfinite(float(v))]
    high, low = max(finite + [0.0]), min(finite + [0.0])
    if high - low <= 0:
        return 0.0, 100.0, [0.0, 25.0, 50.0, 75.0, 100.0]
    raw = (high - low) / 3
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw - 1e-12)
    bottom = -step * math.ceil(-low / step - 1e-9) if low < 0 else 0.0
    top = step * math.ceil(high / step - 1e-9)
    count = round((top - bottom) / step)
    return float(bottom), float(top), [float(bottom + step * i) for i in range(count + 1)]


def _label_fits(box: Box, obstacles: list[Box]) -> bool:
    inside = box.y0 >= 0 and box.y1 <= HEIGHT - BOTTOM and box.x0 >= AXIS_W and box.x1 <= WIDTH
    return inside and not any(box.crosses(o) for o in obstacles)


def trend_layout(points: list[tuple[int, float | None, float | None]], width: int = WIDTH) -> dict:
    """Where everything of one indicator's chart goes: the axis (:func:`skala`), per year a bar for
    the realisasi, a line for the target and the realisasi's label. The label goes, in this order
    of preference, just past the bar's end, inside the bar's end (white) or past the target line,
    at the first place no bar, target line, axis or earlier label crosses (with a gap of
    :data:`GAP`); ``marks`` lists every box drawn, for the tests.

    >>> drawn = trend_layout([(2025, 41.99, 50.0)])["points"][0]
    >>> drawn["label"]["inside"], drawn["label"]["text"]  # the target line is just above the bar
    (True, '42,0%')
    """
    bottom, top, ticks = skala([v for _, r, t in points for v in (r, t)])
    plot_h = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + (top - value) / (top - bottom) * plot_h

    zero = y(0.0)
    step = (width - AXIS_W) / max(len(points), 1)
    bar_w = min(40.0, step * 0.5)
    drawn, marks = [], [Box(AXIS_W, zero - 0.5, width, zero + 0.5)]  # the zero line
    for i, (year, real, target) in enumerate(points):
        cx = AXIS_W + step * i + step / 2
        point = {"year": year, "cx": cx, "realisasi": real, "target": target, "bar": None, "dash": None,
                 "label": None}
        if not is_missing(real):
            end = y(float(real))
            y0, y1 = min(end, zero), max(end, zero)
            if y1 - y0 < 1.0:  # a realisasi of 0 still shows as a sliver
                y0 = zero - 1.0
            own = Box(cx - bar_w / 2, y0, cx + bar_w / 2, y1)
            point["bar"] = {"x": own.x0, "y": y0, "width": bar_w, "height": y1 - y0, "box": own}
            marks.append(own)
        else:  # '–' on the zero line
            marks.append(Box(cx - 5, zero - LABEL_H - 3, cx + 5, zero))
        if not is_missing(target):
            ty = y(float(target))
            point["dash"] = {"x1": cx - bar_w / 2 - 5, "x2": cx + bar_w / 2 + 5, "y": ty}
            marks.append(Box(cx - bar_w / 2 - 5, ty - TARGET_HALF, cx + bar_w / 2 + 5, ty + TARGET_HALF))
        drawn.append(point)
    decimals = 2 if top - bottom <= 2 else 1  # small percentages keep what tells them apart
    for point in drawn:
        if point["bar"] is None:
            continue
        text = fmt_angka(point["realisasi"], decimals) + "%"
        half = text_width(text) / 2
        bar, cx = point["bar"], point["cx"]
        negative = float(point["realisasi"]) < 0
        outside = bar["y"] + bar["height"] + GAP if negative else bar["y"] - GAP - LABEL_H
        inside = bar["y"] + bar["height"] - GAP - LABEL_H if negative else bar["y"] + GAP
        candidates = [(outside, False)]
        if bar["height"] >= LABEL_H + 2 * GAP and 2 * half <= bar["width"] - 2:
            candidates.append((inside, True))
        if point["dash"] is not None:
            ty = point["dash"]["y"]
            candidates.append((ty + TARGET_HALF + GAP if negative else ty - TARGET_HALF - GAP - LABEL_H, False))
        others = [m for m in marks if m is not bar["box"]]  # inside the bar, the bar is the ground
        for top_y, is_inside in candidates:
            box = Box(cx - half, top_y, cx + half, top_y + LABEL_H)
            if _label_fits(box, others if is_inside else marks):
                break
        else:  # nowhere free: the highest free row over the plot, above every mark
            top_y, is_inside = min([m.y0 for m in marks] + [TOP]) - GAP - LABEL_H, False
            box = Box(cx - half, max(0.0, top_y), cx + half, max(0.0, top_y) + LABEL_H)
        point["label"] = {"text": text, "y": box.y1 - 2, "inside": is_inside, "box": box}
        marks.append(box)
    tick_decimals = 0 if all(float(t).is_integer() for t in ticks) else 1
    axis = [{"y": y(t), "text": fmt_angka(t, tick_decimals) + "%"} for t in ticks]
    return {"points": drawn, "axis": axis, "marks": marks, "zero": zero, "width": width, "height": HEIGHT,
            "plot_top": TOP, "plot_bottom": HEIGHT - BOTTOM}


def trend_svg(points: list[tuple[int, float | None, float | None]], title: str = "") -> str:
    """A small inline SVG of one indicator's realisasi across years against its target
    (:func:`trend_layout`); years without realisasi marked '–'.

    >>> svg = trend_svg([(2025, 22.2, 20.0), (2026, None, 23.0)], "IKU-1 — realisasi per tahun")
    >>> "22,2%" in svg and "2026" in svg and "<title>IKU-1 — realisasi" in svg, trend_svg([])
    (True, '')
    """
    if not points:
        return ""
    return render("trend.html", title=title, axis_x=AXIS_W, label_size=LABEL_SIZE,
                  **trend_layout(points))


def percobaan(results: dict) -> str:
    """The ``PERCOBAAN — parameter: …`` mark of a published period, from the parameters its results
    JSON recorded (:meth:`Params.percobaan`); '' for a regular run or a file recording none.

    >>> percobaan({"tahun": 2026, "parameter": {"tahun": 2026, "rat_window_years": 2, "data_contoh": True}})
    'PERCOBAAN — parameter: jendela RAT 2 tahun (bawaan 1)'
    >>> percobaan({"tahun": 2026, "parameter": {"tahun": 2026, "rat_window_years": 1}}), percobaan({})
    ('', '')
    """
    recorded = {k: v for k, v in (results.get("parameter") or {}).items() if k not in ("tahun", SAMPLE_FLAG)}
    year = results.get("tahun")
    if year is None:
        return ""
    try:
        return Params.from_record({**recorded, "year": year}).percobaan
    except (InvalidParameterError, TypeError):  # parameters no run of this version records
        return "PERCOBAAN — parameter tidak dikenali: " + ", ".join(f"{k} {v}" for k, v in sorted(recorded.items()))


def trends_html(root: Path, years: list[int]) -> str:
    """One small chart per indicator across the published years (annual reports only), with the
    years computed by a trial run named under the charts."""
    if not years:
        return ""
    series: dict[str, list] = {kode: [] for kode in REGISTRY}
    trials: dict[str, list[int]] = {}
    for year in sorted(years):
        published = read_results(Layout.published(root, year))
        table = {r["kode"]: r for r in published["indikator"]}
        if mark := percobaan(published):
            trials.setdefault(mark, []).append(year)
        for kode in REGISTRY:
            r = table.get(kode, {})
            series[kode].append((year, r.get("realisasi"), r.get("target")))
    cards = [{"kode": kode, "nama": REGISTRY[kode].nama,
              "svg": safe(trend_svg(points, f"{kode} — realisasi per tahun"))}
             for kode, points in series.items()]
    return render("trends.html", cards=cards,
                  trials=[{"years": ", ".join(map(str, ys)), "percobaan": mark} for mark, ys in trials.items()])


def _links(root: Path, lay: Layout) -> dict:
    """Where an entry points: the report, its PDF and the LKjIP workbook's PDF when they were printed,
    the workbook, the audit folder."""
    def rel(path: Path) -> str | None:
        return path.relative_to(root).as_posix() if path.exists() else None

    return {"report": lay.report.relative_to(root).as_posix(), "audit_dir": lay.audit_dir.relative_to(root).as_posix(),
            "report_pdf": rel(lay.report_pdf), "workbook": rel(lay.workbook), "workbook_pdf": rel(lay.workbook_pdf)}


def write_index(output_root: Path) -> Path:
    """outputs/index.html: every published year, newest first, with its headline table and, under
    it, the year's quarterly reports (newest first); a trial period marked on its entry."""
    root = Path(output_root)
    by_year: dict[int, list[int]] = {}
    for label in layout.published_labels(root):
        year, triwulan = periods.parse_label(label)
        by_year.setdefault(year, []).append(triwulan)
    years = []
    for year in sorted(by_year, reverse=True):
        quarters = sorted(by_year[year], reverse=True)
        published = {q: read_results(Layout.published(root, year, q)) for q in quarters}
        entry = {"year": year, "annual": None, "quarters": [],
                 "sample": any(r.get("parameter", {}).get(SAMPLE_FLAG) for r in published.values()),
                 "trial": any(percobaan(r) for r in published.values())}
        if periods.ANNUAL in quarters:
            lay = Layout.published(root, year)
            headline = headline_html(pd.DataFrame(published[periods.ANNUAL]["indikator"]), REGISTRY)
            entry["annual"] = {**_links(root, lay), "label": lay.label, "headline": safe(headline),
                               "percobaan": percobaan(published[periods.ANNUAL])}
        for q in quarters:
            if q != periods.ANNUAL:
                entry["quarters"].append({**_links(root, Layout.published(root, year, q)),
                                          "name": periods.nama_periode(year, q),
                                          "until": periods.sampai_dengan(year, q),
                                          "percobaan": percobaan(published[q])})
        years.append(entry)
    trends = trends_html(root, [y for y, qs in by_year.items() if periods.ANNUAL in qs])
    page = render("index.html", years=years, trends=safe(trends), style=safe(STYLE)) + "\n"
    path = layout.index_page(root)
    atomic_write(path, page.encode("utf-8"))  # a reader sees the old page or the new one
    return path
