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
import math
from pathlib import Path

import pandas as pd

from .indicators import CHANGED, REGISTRY
from .layout import AUDIT, CSV_MAX_ROWS, Layout, ListFiles, index_page, published_labels
from .params import Params
from . import periods
from .periods import BULAN_NAMA, fmt_angka, fmt_persen, fmt_tanggal, is_missing  # noqa: F401 (re-exported)

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


def kategori_badge(kategori) -> str:
    if _missing(kategori):
        return "–"
    bg, fg = KATEGORI_WARNA.get(str(kategori), ("#dddddd", "#000000"))
    return f'<span class="badge" style="background:{bg};color:{fg}">{esc(kategori)}</span>'


def headline_html(table: pd.DataFrame, registry, links: dict[str, str] | None = None) -> str:
    """The LKjIP table: Sasaran Strategis | Indikator | Target | Realisasi | Capaian | Kategori."""
    links = links or {}
    rows = []
    for r in table.itertuples(index=False):
        ind = registry[r.kode]
        name = f"<b>{esc(r.kode)}</b> {esc(r.indikator)}"
        if r.kode in links:
            name += f' <a href="{esc(links[r.kode])}">[daftar entitas]</a>'
        status = "" if r.status == "ok" else f'<div class="status">{esc(r.status)}: {esc(r.keterangan)}</div>'
        note = f'<div class="ket">{esc(r.keterangan)}</div>' if r.status == "ok" and r.keterangan else ""
        rows.append(
            f"<tr><td>{esc(ind.sasaran)}</td><td>{name}{status}{note}</td>"
            f'<td class="num">{fmt_persen(r.target)}</td><td class="num">{fmt_persen(r.realisasi)}</td>'
            f'<td class="num">{fmt_persen(r.capaian)}</td><td>{kategori_badge(r.kategori)}</td></tr>')
    head = "".join(f"<th>{h}</th>" for h in ("Sasaran Strategis", "Indikator", "Target", "Realisasi", "Capaian", "Kategori"))
    return f'<table class="lkjip"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def formula_html(row, ind) -> str:
    """The decree's formula with pembilang and penyebut filled in."""
    dec = 2 if ind.kode == "IT-1" else 0
    value = fmt_persen(row.realisasi)
    return (
        f'<div class="formula"><h3>{esc(ind.kode)} — {esc(ind.nama)}</h3>'
        f"<p><i>Rumus (Keputusan Kepala Dinas):</i> {esc(ind.formula)}</p>"
        f"<p>= {esc(ind.pembilang)} ({esc(fmt_angka(row.pembilang, dec))}) / {esc(ind.penyebut)} "
        f"({esc(fmt_angka(row.penyebut, dec))}) × 100% = <b>{esc(value)}</b></p>"
        f"<p>Penanggung jawab: {esc(ind.penanggung_jawab)}<br>Sumber data: {esc(ind.sumber_data)}</p>"
        + ("" if row.status == "ok" else f'<p class="status">Status: {esc(row.status)} — {esc(row.keterangan)}</p>')
        + "</div>")


STYLE = """
<style>
body, .jp-Notebook { font-family: 'DejaVu Sans', Arial, sans-serif; }
.banner { background:#D55E00; color:#fff; font-weight:bold; padding:8px 12px; font-size:1.2em; }
table.lkjip, table.tabel { border-collapse: collapse; margin: 8px 0; font-size: 0.95em; }
table.lkjip th, table.lkjip td, table.tabel th, table.tabel td { border:1px solid #888; padding:4px 8px; vertical-align: top; text-align: left !important; }
table.lkjip th, table.tabel th { background:#eee; }
table td.num { text-align: right !important; white-space: nowrap; }
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
@media print { .banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
</style>
"""


def banner_html(is_sample: bool) -> str:
    if not is_sample:
        return ""
    return ('<div class="banner">DATA CONTOH — laporan ini dibuat dari data sintetis bawaan, '
            "bukan data resmi Kabupaten Jember.</div>")


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


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """CSV for people (audit lists): UTF-8, full precision, text cells neutralised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    neutralise_csv_text(frame).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
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
    for rec in table.to_dict(orient="records"):
        records.append({k: (None if _missing(v) else v) for k, v in rec.items()})
    return records


def results_parameters(params: Params, is_sample: bool) -> dict:
    """The parameters recorded with the results: what the numbers depend on, and the sample flag."""
    return {**dict(sorted(params.result_key().items())), "data_contoh": bool(is_sample)}


def write_results(table: pd.DataFrame, lay: Layout, is_sample: bool) -> tuple[Path, Path]:
    """iku_<n>.csv (machine file: plain numbers, full precision) and iku_<n>.json (+ parameters)."""
    lay.period_dir.mkdir(parents=True, exist_ok=True)
    table.to_csv(lay.results_csv, index=False, encoding="utf-8", lineterminator="\n")
    payload = {"tahun": lay.params.year, "parameter": results_parameters(lay.params, is_sample),
               "indikator": headline_records(table)}
    lay.results_json.write_text(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                                encoding="utf-8")
    return lay.results_csv, lay.results_json


def read_results(lay: Layout) -> dict:
    return json.loads(lay.results_json.read_text(encoding="utf-8"))


# --- the index of every year ----------------------------------------------------------------

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
    for year in sorted(by_year, reverse=True):
        quarters = sorted(by_year[year], reverse=True)
        sample = any(read_results(Layout.published(root, year, q)).get("parameter", {}).get("data_contoh")
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
    path.write_text(page, encoding="utf-8")
    return path


# --- report sections ------------------------------------------------------------------------

def periode_text(params: Params) -> str:
    """'Tahun 2026' or 'Triwulan II 2026 (s.d. 30 Juni 2026)'."""
    name = periods.nama_periode(params.year, params.triwulan)
    return name if params.is_annual else f"{name} ({periods.sampai_dengan(params.year, params.triwulan)})"


def cover_html(laporan, today=None) -> str:
    """Heading of the report: the Dinas, the period, the run date, the DATA CONTOH banner."""
    today = pd.Timestamp.now() if today is None else today
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
    per_table = recon.groupby("tabel", sort=False)[
        ["baris_dibaca", "baris_diterima", "baris_ditolak", "baris_kosong", "baris_total"]].sum().reset_index()
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
