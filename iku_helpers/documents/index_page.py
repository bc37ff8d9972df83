"""``outputs/index.html``: every published period, newest first, with a trend chart per indicator.

The page is rendered from ``templates/index.html`` (the charts from ``trend.html``: inline SVG, no
script, no external file) and written atomically, so a reader sees the old page or the new one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core import layout, periods
from ..core.faults import atomic_write
from ..core.formats import is_missing
from ..core.layout import Layout
from ..indicators.registry import REGISTRY
from .report import STYLE, headline_html
from .results import SAMPLE_FLAG, read_results
from .templating import render, safe


def trend_svg(points: list[tuple[int, float | None, float | None]], width: int = 240, height: int = 92) -> str:
    """A small inline SVG of one indicator across years: realisasi as bars with their value,
    target as a dash; years without realisasi marked '–'.

    >>> svg = trend_svg([(2025, 22.2, 20.0), (2026, None, 23.0)])
    >>> "22,2%" in svg and "2026" in svg, trend_svg([])
    (True, '')
    """
    if not points:
        return ""
    top = max([v for _, r, t in points for v in (r, t) if not is_missing(v)] or [1.0]) or 1.0
    base, plot = height - 16, height - 32  # baseline above the year labels; room for values on top
    step = width / len(points)
    bar = min(34.0, step * 0.55)
    drawn = []
    for i, (year, real, target) in enumerate(points):
        cx = step * i + step / 2
        point = {"year": year, "cx": cx, "realisasi": real, "target": target, "bar": None, "dash": None}
        if not is_missing(real):
            h = max(1.0, real / top * plot)
            above = base - max(h, 0 if is_missing(target) else target / top * plot)  # over the target dash too
            point["bar"] = {"x": cx - bar / 2, "y": base - h, "width": bar, "height": h, "label_y": above - 4}
        if not is_missing(target):
            point["dash"] = {"x1": cx - bar / 2 - 4, "x2": cx + bar / 2 + 4, "y": base - target / top * plot}
        drawn.append(point)
    return render("trend.html", points=drawn, width=width, height=height, base=base)


def trends_html(root: Path, years: list[int]) -> str:
    """One small chart per indicator across the published years (annual reports only)."""
    if not years:
        return ""
    series: dict[str, list] = {kode: [] for kode in REGISTRY}
    for year in sorted(years):
        table = {r["kode"]: r for r in read_results(Layout.published(root, year))["indikator"]}
        for kode in REGISTRY:
            r = table.get(kode, {})
            series[kode].append((year, r.get("realisasi"), r.get("target")))
    cards = [{"kode": kode, "nama": REGISTRY[kode].nama, "svg": safe(trend_svg(points))}
             for kode, points in series.items()]
    return render("trends.html", cards=cards)


def _links(root: Path, lay: Layout) -> dict:
    return {"report": lay.report.relative_to(root).as_posix(), "audit_dir": lay.audit_dir.relative_to(root).as_posix()}


def write_index(output_root: Path) -> Path:
    """outputs/index.html: every published year, newest first, with its headline table and, under
    it, the year's quarterly reports (newest first)."""
    root = Path(output_root)
    by_year: dict[int, list[int]] = {}
    for label in layout.published_labels(root):
        year, triwulan = periods.parse_label(label)
        by_year.setdefault(year, []).append(triwulan)
    years = []
    for year in sorted(by_year, reverse=True):
        quarters = sorted(by_year[year], reverse=True)
        entry = {"year": year, "annual": None, "quarters": [],
                 "sample": any(read_results(Layout.published(root, year, q)).get("parameter", {}).get(SAMPLE_FLAG)
                               for q in quarters)}
        if periods.ANNUAL in quarters:
            lay = Layout.published(root, year)
            headline = headline_html(pd.DataFrame(read_results(lay)["indikator"]), REGISTRY)
            entry["annual"] = {**_links(root, lay), "label": lay.label, "headline": safe(headline)}
        for q in quarters:
            if q != periods.ANNUAL:
                entry["quarters"].append({**_links(root, Layout.published(root, year, q)),
                                          "name": periods.nama_periode(year, q),
                                          "until": periods.sampai_dengan(year, q)})
        years.append(entry)
    trends = trends_html(root, [y for y, qs in by_year.items() if periods.ANNUAL in qs])
    page = render("index.html", years=years, trends=safe(trends), style=safe(STYLE)) + "\n"
    path = layout.index_page(root)
    atomic_write(path, page.encode("utf-8"))  # a reader sees the old page or the new one
    return path
