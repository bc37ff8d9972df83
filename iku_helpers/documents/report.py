"""The report's pieces of HTML: the headline table, formulas, cover, data quality, evaluation,
comparison and documents, rendered from the templates in ``documents/templates/``.

Every piece escapes the data it shows: a business named like a script tag stays text.

>>> "a &lt; b &amp; c" in table_html(pd.DataFrame({"nama": ["a < b & c"]}))
True
"""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd
from markupsafe import escape

from ..core import periods
from ..core.facts import BANDS, BELOW_BANDS
from ..core.formats import as_number, fmt_angka, fmt_persen, fmt_tanggal, is_missing
from ..core.layout import AUDIT, Layout
from ..core.params import Params, portable
from ..core.settings import Kop, settings_path
from ..core.tables import table_title
from ..indicators.evaluation import CHANGED, changed_note
from ..indicators.kecamatan import cakupan_kecamatan
from ..indicators.registry import REGISTRY, SASARAN_FOOTNOTE
from ..indicators.tindak_lanjut import kebutuhan, per_kecamatan
from ..ingest.audit_trail import COUNT_LABELS, ROW_BUCKETS
from .templating import render, safe, stylesheet

#: Background and text colour of each kategori capaian, best first (Okabe-Ito based, readable in grey print).
KATEGORI_WARNA = dict(zip([name for _, name in BANDS] + [BELOW_BANDS],
                          [("#009E73", "#ffffff"), ("#56B4E9", "#000000"), ("#F0E442", "#000000"),
                           ("#E69F00", "#000000"), ("#D55E00", "#ffffff")], strict=True))

#: The report's style element (templates/report.css): notebook 03 shows it first.
STYLE = render("style.html", css=stylesheet("report.css"))

#: What every document made from the bundled sample says about itself.
SAMPLE_NOTICE = "DATA CONTOH — dibuat dari data sintetis bawaan, bukan data resmi Kabupaten Jember."

#: Under the comparison (report and workbook) when an earlier realisasi changed since it was reported.
REVISED_NOTE = ("Realisasi {before} dihitung ulang dari data mentah yang ada sekarang (mis. angka PDRB yang "
                "telah direvisi BPS); bila berbeda dengan laporan {before} yang sudah diterbitkan, angka yang "
                "dilaporkan ikut disebut. Perubahan dihitung dari angka hasil hitung ulang.")


def esc(value) -> str:
    """A value as HTML text, escaped as the templates escape it; '' when missing."""
    return "" if is_missing(value) else str(escape(str(value)))


def table_html(frame: pd.DataFrame, formats: dict | None = None, cls: str = "tabel") -> str:
    """A plain escaped HTML table; ``formats`` maps a column to a function giving its text."""
    formats = formats or {}
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and frame[c].dtype != bool for c in frame.columns]
    rows = [[(formats[col](value) if col in formats else value, num)
             for col, value, num in zip(frame.columns, row, numeric)]
            for row in frame.itertuples(index=False)]
    return render("table.html", cls=cls, columns=list(frame.columns), rows=rows)


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
    """The kategori in its colour; '–' when there is none."""
    if is_missing(kategori):
        return "–"
    bg, fg = KATEGORI_WARNA.get(str(kategori), ("#dddddd", "#000000"))
    return render("badge.html", kategori=kategori, bg=bg, fg=fg)


def _spans(sasaran: list[str]) -> list[int]:
    """How many rows each row's sasaran cell spans: 0 where the row above already spans it.

    >>> _spans(["a", "a", "b", "c", "c", "c"])
    [2, 0, 1, 3, 0, 0]
    """
    spans = []
    for i, s in enumerate(sasaran):
        if i and sasaran[i - 1] == s:
            spans.append(0)
            continue
        span = 1
        while i + span < len(sasaran) and sasaran[i + span] == s:
            span += 1
        spans.append(span)
    return spans


def headline_html(table: pd.DataFrame, registry, links: dict[str, str] | None = None) -> str:
    """The LKjIP table: Sasaran Strategis | Indikator | Target | Realisasi | Capaian | Kategori."""
    links = links or {}
    sasaran = [registry[k].sasaran for k in table["kode"]]
    rows = [{"r": r, "sasaran": s, "span": span, "link": links.get(r.kode), "badge": safe(kategori_badge(r.kategori))}
            for r, s, span in zip(table.itertuples(index=False), sasaran, _spans(sasaran))]
    return render("headline.html", rows=rows, footnote=SASARAN_FOOTNOTE)


def formula_html(row, ind) -> str:
    """The formula with pembilang and penyebut filled in, where it comes from, and how this report
    reads it where the count departs from its letter (IKU-1, IKU-2)."""
    return render("formula.html", row=row, ind=ind, dec=ind.desimal)


def where_written(params: Params) -> str:
    """Where a notebook reads and writes for this period (Markdown), so that an analyst sees that a
    JupyterLab experiment stays in its own folders: both follow ``year`` (and ``triwulan``).

    >>> print(where_written(Params(year=2026, processed_dir="../data/processed/_lab", output_dir="../outputs/_lab")))
    ... # doctest: +NORMALIZE_WHITESPACE
    Periode **2026** (tahunan, sampai 31 Desember 2026).
    Tabel bersih: `../data/processed/_lab/2026/`; hasil: `../outputs/_lab/2026/`.
    """
    lay = Layout(params)
    kind = "tahunan" if params.is_annual else f"triwulan {params.triwulan}"
    return (f"Periode **{params.label}** ({kind}, sampai {fmt_tanggal(params.cutoff)}). "
            f"Tabel bersih: `{lay.processed.as_posix()}/`; hasil: `{lay.period_dir.as_posix()}/`.")


def banner_html(is_sample: bool) -> str:
    """The DATA CONTOH banner of a document made from the sample; '' otherwise."""
    return render("banner.html", is_sample=is_sample, notice=SAMPLE_NOTICE)


# --- report sections ------------------------------------------------------------------------

def periode_text(params: Params) -> str:
    """'Tahun 2026' or 'Triwulan II 2026 (s.d. 30 Juni 2026)'."""
    name = periods.nama_periode(params.year, params.triwulan)
    return name if params.is_annual else f"{name} ({periods.sampai_dengan(params.year, params.triwulan)})"


def kop_html(kop: Kop | None) -> str:
    """The letterhead of ``[kop]`` (the logo inline, so the page and its PDF need no other file); ''
    without one.

    >>> kop_html(Kop(pemerintah="PEMERINTAH KABUPATEN JEMBER", alamat="Jl. A")).count('class="kop-')
    3
    """
    if kop is None:
        return ""
    logo = (f"data:{kop.logo_type()};base64,{base64.b64encode(kop.logo.read_bytes()).decode('ascii')}"
            if kop.logo is not None else None)
    return render("kop.html", lines=kop.lines(), logo=logo)


def cover_html(laporan, today=None) -> str:
    """Heading of the report: the letterhead, the trial mark, the title, the DATA CONTOH banner, the
    Dinas, the period and the run date."""
    return render("cover.html", kop=safe(kop_html(laporan.pengaturan.kop)), percobaan=laporan.params.percobaan,
                  is_sample=laporan.is_sample, notice=SAMPLE_NOTICE, params=laporan.params,
                  periode=periode_text(laporan.params), today=laporan.tanggal if today is None else today)


def quality_html(laporan) -> str:
    """Rows read, kept and rejected per table, the top rejection reasons, where the ledger is."""
    recon = laporan.reconciliation
    per_table = recon.groupby("tabel", sort=False)[["baris_dibaca"] + ROW_BUCKETS].sum().reset_index()
    per_table["tabel"] = per_table["tabel"].map(table_title)
    lay = laporan.layout
    top = laporan.top_reasons.assign(tabel=laporan.top_reasons["tabel"].map(table_title))
    reasons = (table_html(top.rename(columns=COUNT_LABELS), {COUNT_LABELS["jumlah"]: fmt_angka})
               if len(top) else "")
    counts = {COUNT_LABELS[c]: fmt_angka for c in per_table.columns if c != "tabel"}
    return render("quality.html",
                  per_table=safe(table_html(per_table.rename(columns=COUNT_LABELS), counts)),
                  reasons=safe(reasons), audit=AUDIT,
                  ledger=lay.link(lay.ledger.for_people()), ledger_all=lay.link(lay.ledger.parquet),
                  reconciliation=lay.link(lay.reconciliation), manifest=lay.link(lay.manifest),
                  notes=lay.link(lay.notes.for_people()), notes_all=lay.link(lay.notes.parquet))


def evaluation_html(evaluation: pd.DataFrame | None, params: Params) -> str:
    """The E.81-style table of the year up to this period: per sasaran (a row spanning the table)
    its indicators with target tahunan | target TW I–IV | realisasi s.d. each quarter so far |
    capaian of this period (with kategori) | penanggung jawab; a realisasi that differs from the
    published report of that quarter is flagged."""
    if evaluation is None or evaluation.empty:
        return render("missing.html", what="Tabel evaluasi")
    done = [k for k in periods.TRIWULAN if f"realisasi_tw{k}" in evaluation]
    rows, sasaran = [], None
    for r in evaluation.to_dict("records"):
        rows.append({
            "grup": r["sasaran"] if r["sasaran"] != sasaran else None,
            "kode": r["kode"], "indikator": r["indikator"], "target_tahunan": r["target_tahunan"],
            "targets": [r[f"target_tw{k}"] for k in periods.TRIWULAN],
            "realisasi": [(r[f"realisasi_tw{k}"], str(r.get(f"berubah_tw{k}")) == "True", r.get(f"dilaporkan_tw{k}"))
                          for k in done],
            "capaian": r["capaian"], "kategori": None if is_missing(r["kategori"]) else r["kategori"],
            "penanggung_jawab": r["penanggung_jawab"]})
        sasaran = r["sasaran"]
    return render("evaluation.html", rows=rows, quarters=[periods.ROMAWI[k] for k in periods.TRIWULAN],
                  done=[periods.ROMAWI[k] for k in done], width=4 + len(periods.TRIWULAN) + len(done),
                  periode=periods.nama_periode(params.year, params.triwulan), changed_text=CHANGED)


def comparison_html(comparison: pd.DataFrame | None) -> str:
    """LKjIP chapter III: this period against the same period a year earlier and against the
    RPJMD's end-of-period target (the numbers of ``perbandingan_<label>.csv``); an earlier realisasi
    that differs from the published report of that period is flagged with the published value."""
    if comparison is None or comparison.empty:
        return render("missing.html", what="Tabel perbandingan")
    first = comparison.iloc[0]
    before = periods.nama_periode(*periods.parse_label(str(first["periode_sebelumnya"])))
    now = periods.nama_periode(*periods.parse_label(str(first["periode"])))
    rows = []
    for r in comparison.to_dict("records"):
        changed = str(r.get("berubah_sejak_dilaporkan")) == "True"
        rows.append({**r, "note": r["keterangan"] if not is_missing(r["keterangan"]) and r["keterangan"] else "",
                     "flag": changed_note("", r["realisasi_dilaporkan_sebelumnya"]) if changed else ""})
    revised = REVISED_NOTE.format(before=before) if any(r["flag"] for r in rows) else ""
    return render("comparison.html", rows=rows, before=before, now=now, revised=revised,
                  end_year=int(first["tahun_akhir_periode"]))


def documents_html(laporan, workbook: Path) -> str:
    """Where the LKjIP workbook is, and whether its signature block still has to be filled in."""
    return render("documents.html", p=laporan.pengaturan, tanggal=laporan.tanggal,
                  settings=portable(settings_path(laporan.params.raw_dir)), workbook=laporan.layout.link(workbook))


def kecamatan_frame(koperasi: pd.DataFrame | None, usaha_mikro: pd.DataFrame | None) -> pd.DataFrame:
    """Per kecamatan (the 31 in list order, then the regency's total): koperasi aktif, difasilitasi and
    their share (IKU-1's entities), and the same for usaha mikro (IKU-2's).

    >>> ent = pd.DataFrame({"kecamatan": ["Ajung", "Ajung"], "dihitung_penyebut": [True, True],
    ...                     "dihitung_pembilang": [True, False]})
    >>> kecamatan_frame(ent, None).set_index("kecamatan").loc["Ajung", ["kop_aktif", "kop_fas", "kop_persen"]].tolist()
    [2.0, 1.0, 50.0]
    """
    parts = []
    for prefix, entities in (("kop", koperasi), ("um", usaha_mikro)):
        c = cakupan_kecamatan(entities)
        parts.append(c.set_index("kecamatan")[["penyebut", "pembilang"]].set_axis([f"{prefix}_aktif", f"{prefix}_fas"],
                                                                                 axis=1))
    frame = pd.concat(parts, axis=1)
    frame.loc["Kabupaten Jember"] = frame.sum()
    for prefix in ("kop", "um"):
        aktif = frame[f"{prefix}_aktif"].astype("float64")
        frame[f"{prefix}_persen"] = (frame[f"{prefix}_fas"] / aktif.where(aktif > 0)) * 100
    return frame.astype("float64").reset_index(names="kecamatan")


def kecamatan_html(koperasi: pd.DataFrame | None, usaha_mikro: pd.DataFrame | None) -> str:
    """The table printed beside the kecamatan map (:func:`kecamatan_frame`)."""
    return render("kecamatan.html", rows=list(kecamatan_frame(koperasi, usaha_mikro).itertuples(index=False)))


#: What each indicator's kebutuhan counts, and whom its candidates are (the report and the bidang's
#: workbook name them so).
SATUAN_KEBUTUHAN = {"IKU-1": "koperasi", "IKU-2": "usaha mikro", "IKU-3": "kegiatan"}
#: How many kecamatan the report names per indicator (the workbook for the bidang lists all 31).
TOP_KECAMATAN = 5


def _polaritas(laporan, kode: str, keterangan: str) -> str:
    """The polaritas the kebutuhan was computed with (the summary says so when negatif), else the
    RPJMD's (the comparison) or the decree's."""
    if keterangan.startswith("polaritas negatif"):
        return "negatif"
    comparison = getattr(laporan, "comparison", None)
    if comparison is not None and "polaritas" in comparison and kode in set(comparison["kode"]):
        value = comparison.set_index("kode").at[kode, "polaritas"]
        if isinstance(value, str) and value:
            return value
    return REGISTRY[kode].polaritas


def _count(value) -> int | None:
    return None if is_missing(value) else int(value)


def tindak_lanjut_rows(laporan) -> list[dict] | None:
    """The tindak lanjut of the period per indicator, as the LKjIP sheet and the bidang's workbook
    show it: the summary of ``audit/tindak_lanjut_<label>.csv`` with the indicator's name and
    realisasi, and in a quarter the annual target and the kebutuhan against it (spec section 11's
    rule at the current penyebut). None when the summary was not written (older outputs)."""
    summary = getattr(laporan, "tindak_lanjut", None)
    if summary is None:
        return None
    table = laporan.table.set_index("kode")
    evaluation = laporan.evaluation.set_index("kode") if getattr(laporan, "evaluation", None) is not None else None
    annual = laporan.params.is_annual
    out = []
    for r in summary.to_dict("records"):
        kode = r["kode"]
        found = kode in table.index
        keterangan = "" if is_missing(r.get("keterangan")) else str(r["keterangan"])
        row = {"kode": kode, "indikator": table.at[kode, "indikator"] if found else REGISTRY[kode].nama,
               "pembilang": as_number(r["pembilang"]), "penyebut": as_number(r["penyebut"]),
               "realisasi": as_number(table.at[kode, "realisasi"]) if found else None,
               "target": as_number(r["target"]), "kebutuhan": _count(r["kebutuhan"]),
               "kandidat": _count(r["jumlah_kandidat"]), "risiko": _count(r["jumlah_risiko"]),
               "keterangan": keterangan}
        for name in ("pembilang", "penyebut"):  # counts: whole numbers print without decimals
            if row[name] is not None and row[name] == int(row[name]):
                row[name] = int(row[name])
        if not annual:
            row.update(proyeksi=as_number(r["proyeksi"]), proyeksi_min=as_number(r["proyeksi_min"]),
                       proyeksi_max=as_number(r["proyeksi_max"]), target_tahunan=None, kebutuhan_tahunan=None)
            if evaluation is not None and kode in evaluation.index:
                row["target_tahunan"] = as_number(evaluation.at[kode, "target_tahunan"])
            ok = found and table.at[kode, "status"] == "ok" and None not in (row["pembilang"], row["penyebut"])
            if ok:
                need = kebutuhan(kode, row["pembilang"], row["penyebut"], row["target_tahunan"],
                                 _polaritas(laporan, kode, keterangan))
                row["kebutuhan_tahunan"] = need.jumlah
                if need.keterangan and need.keterangan not in keterangan:
                    row["keterangan"] = "; ".join(x for x in (keterangan, f"target tahunan: {need.keterangan}") if x)
        out.append(row)
    return out


def tindak_lanjut_html(laporan) -> str:
    """The report's "Rencana tindak lanjut" (spec section 11): per indicator the kebutuhan (for a quarter
    also against the annual target, the projected year-end realisasi with its range and the koperasi at
    risk), the number of candidates, and the kecamatan with the most candidates; the rows are those of
    the LKjIP sheet and the bidang's workbook (:func:`tindak_lanjut_rows`)."""
    rows = tindak_lanjut_rows(laporan)
    if not rows:
        return render("missing.html", what="Rencana tindak lanjut periode ini")
    for row in rows:
        row["satuan"] = SATUAN_KEBUTUHAN.get(row["kode"], "")
    top = []
    for kode, frame in (laporan.kandidat or {}).items():
        counts = per_kecamatan(frame)
        counts = counts[counts > 0].sort_values(ascending=False, kind="stable").head(TOP_KECAMATAN)
        if len(counts):
            top.append((kode, list(counts.items())))
    return render("tindak_lanjut.html", rows=rows, quarter=not laporan.params.is_annual, q=laporan.params.triwulan,
                  periode=periods.nama_periode(laporan.params.year, laporan.params.triwulan), top=top,
                  top_rows=max((len(items) for _, items in top), default=0),
                  subjects=SATUAN_KEBUTUHAN,
                  workbook=laporan.layout.tindak_lanjut_workbook.name)
