"""What people read: Indonesian number formats, the headline table, safe HTML pieces, CSV for people.

Every piece of HTML built here escapes the data it shows (a business called
``<script>alert(1)</script>`` stays text). CSV files meant to be opened in Excel neutralise text
cells that start with ``= + - @`` (OWASP CSV injection) without touching numbers.

>>> fmt_persen(45.678), fmt_angka(1250), fmt_angka(1250.5, 2)
('45,68%', '1.250', '1.250,50')
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..ingest.cleaning import ROW_BUCKETS
from ..core.faults import atomic_write
from ..indicators.evaluation import CHANGED, changed_note
from ..indicators.registry import REGISTRY
from ..core.layout import AUDIT, CSV_MAX_ROWS, Layout, ListFiles, index_page, published_labels
from ..core.params import Params, portable
from ..core import periods
from ..core.settings import settings_path
from ..core.formats import fmt_angka, fmt_persen, fmt_tanggal, is_missing
from ..core import formats

KATEGORI_WARNA = {  # Okabe-Ito based, readable in grey print
    "Sangat Tinggi": ("#009E73", "#ffffff"),
    "Tinggi": ("#56B4E9", "#000000"),
    "Sedang": ("#F0E442", "#000000"),
    "Rendah": ("#E69F00", "#000000"),
    "Sangat Rendah": ("#D55E00", "#ffffff"),
}
DINAS = "Dinas Koperasi, Usaha Kecil dan Menengah, dan Perdagangan Kabupaten Jember"

_missing = is_missing


def esc(value) -> str:
    return "" if _missing(value) else html.escape(str(value), quote=True)


def table_html(frame: pd.DataFrame, formats: dict | None = None, cls: str = "tabel") -> str:
    """A plain escaped HTML table; ``formats`` maps a column to a function giving its text."""
    formats = formats or {}
    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    body = []
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and frame[c].dtype != bool}
    for row in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, row):
            text = formats[col](value) if col in formats else ("" if _missing(value) else value)
            align = ' class="num"' if col in numeric else ""
            cells.append(f"<td{align}>{esc(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


PERSEN_COLUMNS = ("realisasi", "target", "capaian", "target_tahunan", "persen")


def styled(frame: pd.DataFrame):
    """A DataFrame for a notebook, still a DataFrame underneath (``.data``): percentages as
    '45,68%', counts with '.' for thousands, kategori in its colour, no index.

    >>> styled(pd.DataFrame({"realisasi": [45.678], "pembilang": [1250.0]})).to_html().count("45,68%")
    1
    """
    percent = [c for c in frame.columns if c in PERSEN_COLUMNS or c.startswith(("target_tw", "realisasi_tw",
                                                                                  "dilaporkan_tw"))]
    counts = [c for c in frame.columns if c in ("pembilang", "penyebut", "jumlah")
              or c.startswith("baris_")]
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    style = (frame.style.hide(axis="index")
             .format({**{c: fmt_persen for c in percent}, **{c: fmt_angka for c in counts}}, na_rep="–")
             .set_properties(subset=text, **{"text-align": "left"}))
    if "kategori" in frame:
        colours = {k: f"background-color:{bg};color:{fg}" for k, (bg, fg) in KATEGORI_WARNA.items()}
        style = style.map(lambda v: colours.get(v, ""), subset=["kategori"])
    return style


def kategori_badge(kategori) -> str:
    if _missing(kategori):
        return "–"
    bg, fg = KATEGORI_WARNA.get(str(kategori), ("#dddddd", "#000000"))
    return f'<span class="badge" style="background:{bg};color:{fg}">{esc(kategori)}</span>'


def _sasaran_cell(sasaran: list[str], i: int) -> str:
    """The sasaran cell of row ``i``, spanning the rows below it with the same sasaran (none when
    the row above already spans it)."""
    if i and sasaran[i - 1] == sasaran[i]:
        return ""
    span = 1
    while i + span < len(sasaran) and sasaran[i + span] == sasaran[i]:
        span += 1
    return f'<td rowspan="{span}">{esc(sasaran[i])}</td>' if span > 1 else f"<td>{esc(sasaran[i])}</td>"


def headline_html(table: pd.DataFrame, registry, links: dict[str, str] | None = None) -> str:
    """The LKjIP table: Sasaran Strategis | Indikator | Target | Realisasi | Capaian | Kategori."""
    links = links or {}
    rows = []
    sasaran = [registry[k].sasaran for k in table["kode"]]
    for i, r in enumerate(table.itertuples(index=False)):
        name = f"<b>{esc(r.kode)}</b> {esc(r.indikator)}"
        if r.kode in links:
            name += f' <a href="{esc(links[r.kode])}">[daftar entitas]</a>'
        status = "" if r.status == "ok" else f'<div class="status">{esc(r.status)}: {esc(r.keterangan)}</div>'
        note = f'<div class="ket">{esc(r.keterangan)}</div>' if r.status == "ok" and r.keterangan else ""
        rows.append(
            "<tr>" + _sasaran_cell(sasaran, i) + f"<td>{name}{status}{note}</td>"
            f'<td class="num">{fmt_persen(r.target)}</td><td class="num">{fmt_persen(r.realisasi)}</td>'
            f'<td class="num">{fmt_persen(r.capaian)}</td><td>{kategori_badge(r.kategori)}</td></tr>')
    head = "".join(f"<th>{h}</th>" for h in ("Sasaran Strategis", "Indikator", "Target", "Realisasi", "Capaian", "Kategori"))
    cols = '<colgroup><col style="width:22%"><col style="width:38%"><col><col><col><col></colgroup>'
    return f'<table class="lkjip">{cols}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def decimals(kode: str) -> int:
    """Decimals of an indicator's pembilang and penyebut: rupiah millions for IT-1, counts otherwise."""
    return 2 if kode == "IT-1" else 0


def formula_html(row, ind) -> str:
    """The formula with pembilang and penyebut filled in, where it comes from, and how this report
    reads it where the count departs from its letter (IKU-1, IKU-2)."""
    dec = decimals(ind.kode)
    value = fmt_persen(row.realisasi)
    tafsir = f'<p class="ket"><i>Tafsir yang dipakai:</i> {esc(ind.tafsir)}.</p>' if ind.tafsir else ""
    return (
        f'<div class="formula"><h3>{esc(ind.kode)} — {esc(ind.nama)}</h3>'
        f"<p><i>Rumus ({esc(ind.dasar)}):</i> {esc(ind.formula)}</p>"
        f"<p>{'<i>Dihitung menurut tafsir:</i> ' if ind.tafsir else ''}"
        f"= {esc(ind.pembilang)} ({esc(fmt_angka(row.pembilang, dec))}) / {esc(ind.penyebut)} "
        f"({esc(fmt_angka(row.penyebut, dec))}) × 100% = <b>{esc(value)}</b></p>"
        f"{tafsir}"
        f"<p>Penanggung jawab: {esc(ind.penanggung_jawab)}<br>Sumber data: {esc(ind.sumber_data)}</p>"
        + ("" if row.status == "ok" else f'<p class="status">Status: {esc(row.status)} — {esc(row.keterangan)}</p>')
        + "</div>")


STYLE = """
<style>
body, .jp-Notebook { font-family: 'DejaVu Sans', Arial, sans-serif; }
.banner { background:#D55E00; color:#fff; font-weight:bold; padding:8px 12px; font-size:1.2em; }
table.lkjip, table.tabel { border-collapse: collapse; margin: 8px 0; font-size: 0.95em; table-layout: auto; }
table.lkjip th, table.lkjip td, table.tabel th, table.tabel td { border:1px solid #888; padding:4px 8px; vertical-align: top; text-align: left !important; }
table.lkjip th, table.tabel th { background:#eee; }
table td.num { text-align: right !important; white-space: nowrap; }
table.tabel th { white-space: nowrap; }
.badge { padding:2px 6px; border-radius:4px; white-space:nowrap; }
.status { color:#8B0000; font-size:0.9em; }
.ket { color:#444; font-size:0.85em; }
.flag { color:#8B0000; font-size:0.8em; white-space:normal; }
table.evaluasi { width: 100%; table-layout: fixed; font-size: 0.75em; }
table.evaluasi th { text-align: center !important; padding: 3px 2px; }
table.evaluasi td { padding: 3px 3px; }
table.evaluasi td.num { padding: 3px 2px; }
table.evaluasi td.num .ket, table.evaluasi td.num .flag { white-space: normal; text-align: right; }
table.evaluasi tr.grup td { background: #f4f4f4; font-style: italic; }
table.evaluasi col.indikator { width: 21%; }
table.evaluasi col.capaian { width: 8%; }
table.evaluasi col.pj { width: 13%; }
.formula { border-left:4px solid #0072B2; padding-left:10px; margin:10px 0; }
div.tren { display: flex; flex-wrap: wrap; gap: 12px; }
div.kartu { border: 1px solid #ccc; padding: 6px 8px; width: 250px; break-inside: avoid; }
div.kartu .judul { font-size: 0.85em; min-height: 2.6em; }
/* A4 portrait print (spec section 8): no table, chart or formula box cut across pages, a heading kept
   with what follows it, the banner and the heading on page 1. */
@media print {
  @page { size: A4 portrait; margin: 14mm 13mm 16mm 13mm; }
  html, body { margin: 0 !important; padding: 0 !important; background: #fff; }
  body { font-size: 10pt; }
  .jp-Notebook { padding: 0 !important; margin: 0 !important; }
  .jp-Cell { padding: 0 !important; margin: 0 !important; }
  .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output,
  .jp-RenderedHTMLCommon, .jp-RenderedImage { overflow: visible !important; padding-left: 0 !important; margin-left: 0 !important; }
  .jp-RenderedHTMLCommon { padding-right: 0 !important; font-size: 10pt; }
  .jp-RenderedHTMLCommon h1 { font-size: 17pt; margin-top: 0; }
  .jp-RenderedHTMLCommon h2 { font-size: 13pt; margin-top: 10pt; }
  .jp-RenderedHTMLCommon h3 { font-size: 11pt; }
  .jp-MarkdownCell { break-after: avoid-page; page-break-after: avoid; }
  h1, h2, h3, h4 { break-after: avoid-page; page-break-after: avoid; }
  table, img, svg, .formula, .kartu, .banner { break-inside: avoid-page; page-break-inside: avoid; }
  tr { break-inside: avoid; }
  img { max-width: 100% !important; height: auto !important; max-height: 245mm; }
  table.lkjip, table.tabel { width: 100%; font-size: 8.5pt; }
  table.tabel td, table.tabel th { word-break: break-word; }
  a { color: inherit; text-decoration: none; }
  .banner, .badge, table th, tr.grup td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
"""


#: What every document made from the bundled sample says about itself.
SAMPLE_NOTICE = "DATA CONTOH — dibuat dari data sintetis bawaan, bukan data resmi Kabupaten Jember."


def where_written(params: Params) -> str:
    """Where a notebook reads and writes for this period (Markdown), so that an analyst sees that a
    JupyterLab experiment stays in its own folders: both follow ``year`` (and ``triwulan``).

    >>> print(where_written(Params(year=2026, processed_dir="../data/processed/_lab", output_dir="../outputs/_lab")))
    Periode **2026** (tahunan, sampai 31 Desember 2026). Tabel bersih: `../data/processed/_lab/2026/`; hasil: `../outputs/_lab/2026/`.
    """
    lay = Layout(params)
    kind = "tahunan" if params.is_annual else f"triwulan {params.triwulan}"
    return (f"Periode **{params.label}** ({kind}, sampai {fmt_tanggal(params.cutoff)}). "
            f"Tabel bersih: `{lay.processed.as_posix()}/`; hasil: `{lay.period_dir.as_posix()}/`.")


def banner_html(is_sample: bool) -> str:
    return f'<div class="banner">{esc(SAMPLE_NOTICE)}</div>' if is_sample else ""


# --- files for people and machines ---------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_csv_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to text cells starting with = + - @ (OWASP CSV injection); numbers untouched.

    >>> neutralise_csv_text(pd.DataFrame({"a": ["=1+1", "ok", "-5"], "n": [-1, 2, 3]})).a.tolist()
    ["'=1+1", 'ok', "'-5"]
    """
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == "str" or s.dtype == object:
            text = s.astype("str")
            risky = text.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                out[col] = text.where(~risky, "'" + text)
    return out


def plain_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole values of decimal columns as integers, so that a count reads 140, not 140.0, in
    every CSV and JSON (a column of counts turns decimal as soon as one of its cells is empty).

    >>> plain_numbers(pd.DataFrame({"n": [140.0, None, 2.5], "t": ["a", "b", "c"]})).n.tolist()
    [140, None, 2.5]
    """
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype.kind != "f":
            continue
        values = s.to_numpy(dtype="float64", na_value=np.nan)
        whole = np.isfinite(values) & (np.mod(values, 1) == 0) & (np.abs(values) < 2 ** 53)
        if whole.any():
            out[col] = pd.Series([int(x) if w else (None if np.isnan(x) else float(x)) for x, w in zip(values, whole)],
                                 index=s.index, dtype=object)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """CSV for people (audit lists): UTF-8, full precision, whole numbers without '.0', text cells
    neutralised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    plain_numbers(neutralise_csv_text(frame)).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


#: Columns a long list is summarised by (those present), and where its row numbers are.
SUMMARY_KEYS = ("tabel", "berkas", "kolom", "alasan", "catatan", "kecamatan", "tahun_data")
ROW_COLUMNS = ("baris", "sumber_baris")
EXAMPLE_ROWS = 5


def summarise_list(frame: pd.DataFrame, keys=SUMMARY_KEYS) -> pd.DataFrame:
    """One row per kind of entry (the ``keys`` present): how many, and the first rows of each.

    >>> f = pd.DataFrame({"berkas": ["a.csv"] * 3, "alasan": ["x", "x", "y"], "baris": [2, 3, 4]})
    >>> summarise_list(f).to_dict("records")
    [{'berkas': 'a.csv', 'alasan': 'x', 'jumlah': 2, 'baris_pertama': '2, 3'}, {'berkas': 'a.csv', 'alasan': 'y', 'jumlah': 1, 'baris_pertama': '4'}]
    """
    by = [k for k in keys if k in frame.columns]
    rows_col = next((c for c in ROW_COLUMNS if c in frame.columns), None)
    if not by:
        return pd.DataFrame({"jumlah": [len(frame)]})
    groups = frame.groupby(by, sort=True, dropna=False, observed=True)
    out = groups.size().rename("jumlah").reset_index()
    if rows_col is not None:
        first = groups[rows_col].agg(lambda s: ", ".join(str(int(x)) for x in s.head(EXAMPLE_ROWS) if pd.notna(x)))
        out["baris_pertama"] = first.to_numpy()
    return out


def write_list(frame: pd.DataFrame, files: ListFiles, max_csv_rows: int = CSV_MAX_ROWS) -> None:
    """A list for the audit folder: complete as parquet; as CSV while it fits a spreadsheet, else
    a summary CSV of its kinds of entry (the parquet keeps every row)."""
    files.parquet.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(files.parquet, index=False)
    if len(frame) <= max_csv_rows:
        write_csv(frame, files.csv)
    else:
        write_csv(summarise_list(frame), files.summary)


def headline_records(table: pd.DataFrame) -> list[dict]:
    """Rows of the headline table with NaN as null, for JSON."""
    records = []
    for rec in plain_numbers(table).to_dict(orient="records"):
        records.append({k: (None if _missing(v) else v) for k, v in rec.items()})
    return records


#: The key of the sample flag among the parameters recorded with the results (not a parameter).
SAMPLE_FLAG = "data_contoh"


def results_parameters(params: Params, is_sample: bool) -> dict:
    """The parameters recorded with the results: what the numbers depend on, and the sample flag."""
    return {**dict(sorted(params.result_key().items())), SAMPLE_FLAG: bool(is_sample)}


def parameter_changes(recorded: dict, params: Params) -> list[str]:
    """How the parameters recorded with published results differ from those ``params`` computes
    with (:meth:`Params.result_key`), one "name recorded → now" each; [] = the same numbers.

    >>> parameter_changes({"tahun": 2026, "rat_window_years": 2, "accumulation_start_year": 2025,
    ...                    "data_contoh": True}, Params(year=2026))
    ['rat_window_years 2 → 1']
    """
    recorded = {k: v for k, v in recorded.items() if k != SAMPLE_FLAG}
    now = params.result_key()
    return [f"{name} {recorded.get(name)} → {now.get(name)}" for name in [*now, *(k for k in recorded if k not in now)]
            if recorded.get(name) != now.get(name)]


def write_results(table: pd.DataFrame, lay: Layout, is_sample: bool) -> tuple[Path, Path]:
    """iku_<n>.csv (machine file: plain numbers, full precision) and iku_<n>.json (+ parameters)."""
    lay.period_dir.mkdir(parents=True, exist_ok=True)
    plain_numbers(table).to_csv(lay.results_csv, index=False, encoding="utf-8", lineterminator="\n")
    payload = {"tahun": lay.params.year, "parameter": results_parameters(lay.params, is_sample),
               "indikator": headline_records(table)}
    lay.results_json.write_text(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                                encoding="utf-8")
    return lay.results_csv, lay.results_json


def read_results(lay: Layout) -> dict:
    return json.loads(lay.results_json.read_text(encoding="utf-8"))


# --- the index of every year ----------------------------------------------------------------

def trend_svg(points: list[tuple[int, float | None, float | None]], width: int = 240, height: int = 92) -> str:
    """A small inline SVG of one indicator across years: realisasi as bars with their value,
    target as a dash; years without realisasi marked '–'. No script, no external file.

    >>> svg = trend_svg([(2025, 22.2, 20.0), (2026, None, 23.0)])
    >>> svg.startswith("<svg") and "22,2%" in svg and "2026" in svg
    True
    """
    if not points:
        return ""
    top = max([v for _, r, t in points for v in (r, t) if not _missing(v)] or [1.0]) or 1.0
    base, plot = height - 16, height - 32  # baseline above the year labels; room for values on top
    step = width / len(points)
    bar = min(34.0, step * 0.55)
    parts = [f'<svg class="tren" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    for i, (year, real, target) in enumerate(points):
        cx = step * i + step / 2
        if not _missing(real):
            h = max(1.0, real / top * plot)
            parts.append(f'<rect x="{cx - bar / 2:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#0072B2">'
                         f"<title>{esc(year)}: realisasi {esc(fmt_persen(real))}</title></rect>")
            above = base - max(h, 0 if _missing(target) else target / top * plot)  # over the target dash too
            parts.append(f'<text x="{cx:.1f}" y="{above - 4:.1f}" text-anchor="middle" font-size="10">'
                         f"{esc(fmt_angka(real, 1))}%</text>")
        else:
            parts.append(f'<text x="{cx:.1f}" y="{base - 3:.1f}" text-anchor="middle" font-size="10" fill="#777">–</text>')
        if not _missing(target):
            y = base - target / top * plot
            parts.append(f'<line x1="{cx - bar / 2 - 4:.1f}" x2="{cx + bar / 2 + 4:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                         f'stroke="#E69F00" stroke-width="2.5"><title>{esc(year)}: target {esc(fmt_persen(target))}'
                         "</title></line>")
        parts.append(f'<text x="{cx:.1f}" y="{height - 3}" text-anchor="middle" font-size="10">{esc(year)}</text>')
    parts.append(f'<line x1="0" x2="{width}" y1="{base}" y2="{base}" stroke="#888" stroke-width="1"/></svg>')
    return "".join(parts)


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
    cards = "".join(
        f'<div class="kartu"><div class="judul"><b>{esc(kode)}</b> {esc(REGISTRY[kode].nama)}</div>'
        f"{trend_svg(points)}</div>" for kode, points in series.items())
    return ("<h2>Tren capaian tahunan</h2><p class=\"ket\">Batang biru: realisasi; garis jingga: target. "
            "Hanya laporan tahunan yang sudah diterbitkan.</p>"
            f'<div class="tren">{cards}</div>')


def write_index(output_root: Path) -> Path:
    """outputs/index.html: every published year, newest first, with its headline table and, under
    it, the year's quarterly reports (newest first)."""
    root = Path(output_root)
    by_year: dict[int, list[int]] = {}
    for label in published_labels(root):
        year, triwulan = periods.parse_label(label)
        by_year.setdefault(year, []).append(triwulan)
    parts = [f"<h1>Indikator Kinerja Utama — {esc(DINAS)}</h1>"]
    if not by_year:
        parts.append("<p>Belum ada laporan yang diterbitkan.</p>")
    parts.append(trends_html(root, [y for y, qs in by_year.items() if periods.ANNUAL in qs]))
    for year in sorted(by_year, reverse=True):
        quarters = sorted(by_year[year], reverse=True)
        sample = any(read_results(Layout.published(root, year, q)).get("parameter", {}).get(SAMPLE_FLAG)
                     for q in quarters)
        parts.append(f'<h2>Tahun {esc(year)}{" — DATA CONTOH" if sample else ""}</h2>')
        if periods.ANNUAL in quarters:
            lay = Layout.published(root, year)
            parts.append(f'<p><a href="{esc(lay.report.relative_to(root).as_posix())}">Laporan IKU {esc(lay.label)}</a> · '
                         f'<a href="{esc(lay.audit_dir.relative_to(root).as_posix())}/">berkas audit</a></p>')
            parts.append(headline_html(pd.DataFrame(read_results(lay)["indikator"]), REGISTRY))
        else:
            parts.append("<p>Laporan tahunan belum diterbitkan.</p>")
        items = []
        for q in quarters:
            if q == periods.ANNUAL:
                continue
            lay = Layout.published(root, year, q)
            items.append(f'<li><a href="{esc(lay.report.relative_to(root).as_posix())}">'
                         f"{esc(periods.nama_periode(year, q))}</a> ({esc(periods.sampai_dengan(year, q))}) · "
                         f'<a href="{esc(lay.audit_dir.relative_to(root).as_posix())}/">berkas audit</a></li>')
        if items:
            parts.append("<h3>Laporan triwulan</h3><ul>" + "".join(items) + "</ul>")
    page = ('<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
            f"<title>Laporan IKU — {esc(DINAS)}</title>{STYLE}</head><body>" + "".join(parts) + "</body></html>\n")
    path = index_page(root)
    atomic_write(path, page.encode("utf-8"))  # a reader sees the old page or the new one
    return path


# --- report sections ------------------------------------------------------------------------

def periode_text(params: Params) -> str:
    """'Tahun 2026' or 'Triwulan II 2026 (s.d. 30 Juni 2026)'."""
    name = periods.nama_periode(params.year, params.triwulan)
    return name if params.is_annual else f"{name} ({periods.sampai_dengan(params.year, params.triwulan)})"


def cover_html(laporan, today=None) -> str:
    """Heading of the report: the Dinas, the period, the run date, the DATA CONTOH banner."""
    today = laporan.tanggal if today is None else today
    p = laporan.params
    return (
        banner_html(laporan.is_sample)
        + f"<h2>{esc(DINAS)}</h2>"
        + f"<h3>Capaian Indikator Kinerja Utama {esc(periode_text(p))}</h3>"
        + "<p>Dasar: Keputusan Kepala Dinas Koperasi, Usaha Kecil dan Menengah, dan Perdagangan "
        "Kabupaten Jember Nomor 00.72.7/009/35.09.324/2026 tentang Indikator Kinerja Utama, "
        "periode RPJMD Kabupaten Jember 2025–2029.</p>"
        + f"<p>Tanggal penyusunan: {esc(fmt_tanggal(today))}. Parameter: jendela RAT "
        f"{esc(p.rat_window_years)} tahun; tahun awal akumulasi IKU-3 {esc(p.accumulation_start_year)}.</p>"
    )


def quality_html(laporan) -> str:
    """Rows read, kept and rejected per table, the top rejection reasons, where the ledger is."""
    recon = laporan.reconciliation
    per_table = recon.groupby("tabel", sort=False)[["baris_dibaca"] + ROW_BUCKETS].sum().reset_index()
    fmt = {c: fmt_angka for c in per_table.columns if c != "tabel"}
    lay = laporan.layout

    def link(path: Path) -> str:
        target = esc(lay.link(path))
        return f'<a href="{target}">{target}</a>'

    return (
        "<h4>Baris per tabel</h4>" + table_html(per_table, fmt)
        + "<h4>Alasan penolakan terbanyak</h4>"
        + (table_html(laporan.top_reasons, {"jumlah": fmt_angka}) if len(laporan.top_reasons)
           else "<p>Tidak ada baris yang ditolak.</p>")
        + f"<p>Daftar lengkap: {link(lay.ledger.for_people())} (semua baris: {link(lay.ledger.parquet)}); "
        f"rekonsiliasi per berkas: {link(lay.reconciliation)}; "
        f"koreksi dan catatan: {link(lay.notes.for_people())} (semua: {link(lay.notes.parquet)}); "
        f'notebook yang dijalankan: <a href="{esc(AUDIT)}/">{esc(AUDIT)}/</a>; sidik jari berkas: '
        f"{link(lay.manifest)}.</p>"
    )


def evaluation_html(evaluation: pd.DataFrame | None, params: Params) -> str:
    """The E.81-style table of the year up to this period: per sasaran (a row spanning the table)
    its indicators with target tahunan | target TW I–IV | realisasi s.d. each quarter so far |
    capaian of this period (with kategori) | penanggung jawab; a realisasi that differs from the
    published report of that quarter is flagged."""
    if evaluation is None or evaluation.empty:
        return "<p>Tabel evaluasi belum tersedia.</p>"
    done = [k for k in periods.TRIWULAN if f"realisasi_tw{k}" in evaluation]
    width = 4 + len(periods.TRIWULAN) + len(done)
    head1 = ("<tr><th rowspan=2>Indikator</th><th rowspan=2>Target tahunan</th>"
             f"<th colspan={len(periods.TRIWULAN)}>Target triwulan</th><th colspan={len(done)}>Realisasi s.d.</th>"
             f"<th rowspan=2>Capaian {esc(periods.nama_periode(params.year, params.triwulan))}</th>"
             "<th rowspan=2>Penanggung jawab</th></tr>")
    head2 = "<tr>" + "".join(f"<th>TW {periods.ROMAWI[k]}</th>" for k in periods.TRIWULAN) + "".join(
        f"<th>TW {periods.ROMAWI[k]}</th>" for k in done) + "</tr>"
    rows, sasaran = [], None
    for r in evaluation.to_dict("records"):
        if r["sasaran"] != sasaran:
            sasaran = r["sasaran"]
            rows.append(f'<tr class="grup"><td colspan={width}>{esc(sasaran)}</td></tr>')
        cells = [f"<td><b>{esc(r['kode'])}</b> {esc(r['indikator'])}</td>",
                 f'<td class="num">{fmt_persen(r["target_tahunan"])}</td>']
        cells += [f'<td class="num">{fmt_persen(r[f"target_tw{k}"])}</td>' for k in periods.TRIWULAN]
        for k in done:
            flag = ""
            if str(r.get(f"berubah_tw{k}")) == "True":
                flag = (f'<div class="flag">⚠ {esc(CHANGED)} (dilaporkan {esc(fmt_persen(r[f"dilaporkan_tw{k}"]))})'
                        "</div>")
            cells.append(f'<td class="num">{fmt_persen(r[f"realisasi_tw{k}"])}{flag}</td>')
        kategori = "" if _missing(r["kategori"]) else f'<div class="ket">{esc(r["kategori"])}</div>'
        cells.append(f'<td class="num">{fmt_persen(r["capaian"])}{kategori}</td>')
        cells.append(f"<td>{esc(r['penanggung_jawab'])}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cols = ('<colgroup><col class="indikator">' + "<col>" * (width - 3) + '<col class="capaian"><col class="pj"></colgroup>')
    return f'<table class="lkjip evaluasi">{cols}<thead>{head1}{head2}</thead><tbody>{"".join(rows)}</tbody></table>'


def comparison_html(comparison: pd.DataFrame | None) -> str:
    """LKjIP chapter III: this period against the same period a year earlier and against the
    RPJMD's end-of-period target (the numbers of ``perbandingan_<label>.csv``); an earlier realisasi
    that differs from the published report of that period is flagged with the published value."""
    if comparison is None or comparison.empty:
        return "<p>Tabel perbandingan belum tersedia.</p>"
    first = comparison.iloc[0]
    before = periods.nama_periode(*periods.parse_label(str(first["periode_sebelumnya"])))
    now = periods.nama_periode(*periods.parse_label(str(first["periode"])))
    head = "".join(f"<th>{esc(h)}</th>" for h in (
        "Indikator", f"Realisasi {before}", f"Realisasi {now}", "Perubahan (poin persen)",
        f"Target akhir periode RPJMD ({int(first['tahun_akhir_periode'])})", "Capaian terhadap target akhir"))
    rows, flagged = [], False
    for r in comparison.to_dict("records"):
        change = formats.fmt_poin(r["perubahan"])
        note = f'<div class="ket">{esc(r["keterangan"])}</div>' if not _missing(r["keterangan"]) and r["keterangan"] else ""
        flag = ""
        if str(r.get("berubah_sejak_dilaporkan")) == "True":
            flagged = True
            flag = f'<div class="flag">⚠ {esc(changed_note("", r["realisasi_dilaporkan_sebelumnya"]))}</div>'
        rows.append(f"<tr><td><b>{esc(r['kode'])}</b> {esc(r['indikator'])}{note}</td>"
                    f'<td class="num">{fmt_persen(r["realisasi_sebelumnya"])}{flag}</td>'
                    f'<td class="num">{fmt_persen(r["realisasi"])}</td><td class="num">{esc(change)}</td>'
                    f'<td class="num">{fmt_persen(r["target_akhir_periode"])}</td>'
                    f'<td class="num">{fmt_persen(r["capaian_target_akhir"])}</td></tr>')
    table = f'<table class="lkjip perbandingan"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    if flagged:
        table += f'<p class="ket">{esc(REVISED_NOTE.format(before=before))}</p>'
    return table


#: Under the comparison (report and workbook) when an earlier realisasi changed since it was reported.
REVISED_NOTE = ("Realisasi {before} dihitung ulang dari data mentah yang ada sekarang (mis. angka PDRB yang "
                "telah direvisi BPS); bila berbeda dengan laporan {before} yang sudah diterbitkan, angka yang "
                "dilaporkan ikut disebut. Perubahan dihitung dari angka hasil hitung ulang.")


def documents_html(laporan, workbook: Path) -> str:
    """Where the LKjIP workbook is, and whether its signature block still has to be filled in."""
    p = laporan.pengaturan
    where = esc(portable(settings_path(laporan.params.raw_dir)))
    if p.lengkap:
        sign = (f"Blok tanda tangan: {esc(p.jabatan)}, {esc(p.nama)}, {esc(p.pangkat)}, NIP {esc(p.nip)}; "
                f"{esc(p.tempat)}, {esc(fmt_tanggal(laporan.tanggal))}.")
    elif not p.ada:
        sign = (f"<b>Blok tanda tangan dikosongkan</b> untuk diisi tangan, karena berkas "
                f"<code>{where}</code> tidak ada (isinya dijelaskan di README).")
    else:
        sign = (f"<b>Blok tanda tangan belum lengkap</b>: lengkapi <code>{where}</code> "
                "(nama, NIP, jabatan, pangkat, tempat); bagian yang kosong diberi titik-titik untuk diisi tangan.")
    name = esc(laporan.layout.link(workbook))
    return (f'<p>Buku kerja <a href="{name}">{name}</a> memuat lembar Pengukuran Kinerja (format LKjIP), '
            "Perbandingan, Evaluasi Triwulan, dan Kualitas Data, siap dicetak A4 mendatar. Angkanya sama dengan "
            f"tabel di laporan ini. {sign}</p>")
