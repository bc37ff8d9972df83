"""Charts for the report: matplotlib, Indonesian labels and numbers, colour-blind-safe colours.

Each function returns a Figure; :func:`show` displays it as a PNG without software or time
stamps in its metadata (so two runs give identical images). The backend is never switched here:
calling ``matplotlib.use('Agg')`` inside a kernel would drop figures from the notebook outputs.
Nor are matplotlib's global settings: each chart, and the PNG it is saved as, is drawn inside
``matplotlib.rc_context(STYLE)`` (:func:`styled`), so importing this module leaves an analyst's
own figures as they were.
"""

from __future__ import annotations

import functools
import io
import math
import textwrap

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd
from matplotlib import patheffects
from matplotlib.cm import ScalarMappable
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from ..core.facts import PLAN_PERIOD, PLAN_YEARS
from ..core.formats import fmt_angka
from ..core.periods import ROMAWI, TRIWULAN
from ..core.tables import KATEGORI_PERDAGANGAN, table_title
from ..indicators.kecamatan import cakupan_kecamatan
from ..ingest.audit_trail import ROW_BUCKETS
from .boundaries import ATTRIBUTION, load_kecamatan

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
BIRU, ORANYE, HIJAU, KUNING, BIRU_MUDA, MERAH, UNGU, ABU = (
    "#0072B2", "#E69F00", "#009E73", "#F0E442", "#56B4E9", "#D55E00", "#CC79A7", "#999999")
A4_WIDTH = 7.5  # inches: fits an A4 page with margins
RPJMD_YEARS = tuple(PLAN_YEARS)

#: The charts' look, applied only while a chart is drawn or saved (never to matplotlib's globals).
STYLE = {
    "font.family": "DejaVu Sans", "font.size": 9, "axes.titlesize": 10, "axes.spines.top": False,
    "axes.spines.right": False, "figure.dpi": 100, "savefig.dpi": 110,
    "axes.formatter.use_locale": False,
}


def styled(draw):
    """Run ``draw`` inside ``matplotlib.rc_context(STYLE)``: the settings hold while the figure
    is built and saved, and the analyst's own settings come back afterwards."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)

    return wrapper


def _id_number(decimals: int = 0, suffix: str = ""):
    return mticker.FuncFormatter(lambda x, _pos: fmt_angka(x, decimals) + suffix)


@styled
def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG with no Software/creation metadata (byte-stable)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})  # each chart lays itself out (tight_layout)
    plt.close(fig)
    return buf.getvalue()


def show(fig: Figure | None) -> None:
    """Display a figure in the notebook as an embedded PNG (nothing for None: a chart with nothing to draw)."""
    if fig is None:
        return
    from IPython.display import Image, display

    display(Image(data=png_bytes(fig), format="png"))


@styled
def realisasi_vs_target(history: pd.DataFrame, names: dict[str, str]) -> Figure:
    """One panel per indicator, two per row: realisasi (bars) against target (line) over the RPJMD
    years; the legend in the spare panel (compact enough to share a printed page with a table)."""
    codes = list(names)
    cols = 2
    rows = (len(codes) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(A4_WIDTH, 1.75 * rows), squeeze=False)
    x = list(RPJMD_YEARS)
    for ax, kode in zip(axes.flat, codes):
        h = history[history["kode"] == kode].set_index("tahun").reindex(RPJMD_YEARS)
        ax.bar(x, h["realisasi"].fillna(0), color=BIRU, width=0.55, label="Realisasi")
        ax.plot(x, h["target"], color=ORANYE, marker="D", markersize=4, linestyle="--", label="Target")
        for xi, r in zip(x, h["realisasi"]):
            if pd.notna(r):
                ax.annotate(fmt_angka(r, 2) + "%", (xi, r), ha="center", va="bottom", fontsize=7)
            else:
                ax.annotate("belum ada", (xi, 0), ha="center", va="bottom", fontsize=6, color=ABU)
        ax.set_title(f"{kode} {names[kode]}", loc="left", fontsize=8.5)
        ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_formatter(_id_number(0, "%"))
        ax.set_xticks(x, [str(y) for y in x], fontsize=7.5)
        top = pd.concat([h["realisasi"], h["target"]]).max()
        ax.set_ylim(0, (top if pd.notna(top) and top > 0 else 100) * 1.3)
    spare = list(axes.flat)[len(codes):]
    for ax in spare:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    if spare:
        spare[0].legend(handles, labels, loc="center", fontsize=8, frameon=False,
                        title=f"Tahun (periode RPJMD {PLAN_PERIOD})", title_fontsize=8)
    else:
        fig.legend(handles, labels, loc="lower center", ncols=2, fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


@styled
def realisasi_per_triwulan(evaluation: pd.DataFrame, names: dict[str, str]) -> Figure:
    """One panel per indicator: realisasi s.d. the end of each quarter so far (bars) against the
    quarterly targets (diamonds, where set) and the annual target (dashed line)."""
    codes = list(names)
    cols = 2
    rows = (len(codes) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(A4_WIDTH, 2.3 * rows), sharex=True, squeeze=False)
    x = list(TRIWULAN)
    labels = [f"TW {ROMAWI[k]}" for k in x]
    for ax, kode in zip(axes.flat, codes):
        row = evaluation.set_index("kode").loc[kode]
        real = [row.get(f"realisasi_tw{k}", float("nan")) for k in x]
        target = [row.get(f"target_tw{k}", float("nan")) for k in x]
        ax.bar(x, [0 if pd.isna(r) else r for r in real], color=BIRU, width=0.55, label="Realisasi s.d. triwulan")
        ax.plot(x, target, color=ORANYE, marker="D", linestyle="none", label="Target triwulan")
        if pd.notna(row.get("target_tahunan")):
            ax.axhline(row["target_tahunan"], color=ORANYE, linestyle="--", linewidth=1, label="Target tahunan")
        for k, r in zip(x, real):
            shown = f"{fmt_angka(r, 2)}%" if pd.notna(r) else ("belum ada" if f"realisasi_tw{k}" in row else "")
            ax.annotate(shown, (k, 0 if pd.isna(r) else r), ha="center", va="bottom", fontsize=7,
                        color="black" if pd.notna(r) else ABU)
        ax.set_title(f"{kode} {names[kode]}", loc="left", fontsize=8.5, wrap=True)
        ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_formatter(_id_number(0, "%"))
        ax.tick_params(labelbottom=True)
        values = pd.Series(real + target + [row.get("target_tahunan")], dtype="float64")
        top = values.max()
        ax.set_ylim(0, (top if pd.notna(top) and top > 0 else 100) * 1.3)
        ax.set_xticks(x, labels)
    for ax in list(axes.flat)[len(codes):]:
        ax.axis("off")
    handles, legend_labels = [], []
    for ax in axes.flat:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in legend_labels:
                handles.append(h)
                legend_labels.append(lab)
    fig.legend(handles, legend_labels, loc="lower right", fontsize=8, frameon=False,
               bbox_to_anchor=(0.95, 0.08) if len(codes) % cols else (0.5, 0.0))
    fig.tight_layout()
    return fig


@styled
def perdagangan_per_kategori(detail: pd.DataFrame | None) -> Figure:
    """IKU-3: trade facilitation (Σ jumlah) per year, stacked by category."""
    fig, ax = plt.subplots(figsize=(A4_WIDTH, 3.2))
    colours = (HIJAU, ORANYE, UNGU)
    if detail is not None and not detail.empty:
        bottom = pd.Series(0.0, index=detail.index)
        for (code, (label, _)), colour in zip(KATEGORI_PERDAGANGAN.items(), colours):
            vals = detail[code].fillna(0).astype(float)
            ax.bar(detail["tahun"].astype(str), vals, bottom=bottom, color=colour, label=label)
            bottom += vals
        for x, total in zip(detail["tahun"].astype(str), detail["jumlah"]):
            ax.annotate("belum ada data" if pd.isna(total) else fmt_angka(total), (x, 0 if pd.isna(total) else total),
                        ha="center", va="bottom", fontsize=8)
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    else:
        ax.text(0.5, 0.5, "belum ada data fasilitasi perdagangan", ha="center", va="center", transform=ax.transAxes)
    ax.yaxis.set_major_formatter(_id_number())
    ax.set_ylabel("jumlah fasilitasi")
    ax.set_xlabel("Tahun")
    ax.set_title("Fasilitasi perdagangan per kategori", loc="left")
    fig.tight_layout()
    return fig


#: Short forms of the tables' titles where the title is too long for a chart's row label.
_JUDUL_PENDEK = {"usaha_mikro": "Daftar UMKM", "pdrb_lapangan_usaha": "PDRB (BPS)"}


def _judul_baris(tabel: str, width: int = 22) -> str:
    """The row label of a table in a chart: its title (:func:`~iku_helpers.core.tables.table_title`),
    or a short form of a long one, wrapped to lines of ``width`` characters.

    >>> _judul_baris("pdrb_lapangan_usaha"), _judul_baris("fasilitasi_usaha_mikro"), _judul_baris("lain_lain")
    ('PDRB (BPS)', 'Fasilitasi usaha mikro', 'lain_lain')
    """
    return "\n".join(textwrap.wrap(_JUDUL_PENDEK.get(tabel, table_title(tabel)), width)) or str(tabel)


#: The buckets of rows not used, in the order they are stacked, with their words and colours.
_TIDAK_DIPAKAI = (("baris_ditolak", "ditolak", MERAH), ("baris_dilewati", "dilewati (sub-kategori)", BIRU_MUDA),
                  ("baris_kosong", "kosong", ABU), ("baris_total", "baris jumlah/total", KUNING))


@styled
def kualitas_data(recon: pd.DataFrame) -> Figure:
    """Rows per table (its title, never the field name): the share accepted (left) and the rows not
    used, stacked by kind (right). The legend names the kinds once; the bars carry numbers only."""
    per_table = recon.groupby("tabel", sort=False)[ROW_BUCKETS].sum()
    read = per_table.sum(axis=1).replace(0, float("nan"))
    labels = [_judul_baris(t) for t in per_table.index]
    rows = range(len(per_table))
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, (left_ax, right_ax) = plt.subplots(1, 2, figsize=(A4_WIDTH, 0.3 * lines + 0.2 * len(labels) + 1.7),
                                            sharey=True)
    share = per_table["baris_diterima"] / read * 100
    left_ax.barh(rows, share.fillna(0), color=HIJAU)
    for i, (s, n) in enumerate(zip(share, per_table.sum(axis=1))):
        left_ax.annotate(f"{fmt_angka(s, 1)}% dari {fmt_angka(n)}" if pd.notna(s) else "tidak ada baris",
                         (0, i), va="center", fontsize=8, xytext=(3, 0), textcoords="offset points", color="white"
                         if pd.notna(s) and s > 30 else "black")
    left_ax.set_yticks(list(rows), labels)
    left_ax.set_xlim(0, 100)
    left_ax.xaxis.set_major_formatter(_id_number(0, "%"))
    left_ax.set_title("Baris diterima", loc="left")
    left_ax.invert_yaxis()
    unused = per_table[[col for col, _, _ in _TIDAK_DIPAKAI]]
    widest = max(float(unused.sum(axis=1).max()), 1.0)
    start = pd.Series(0.0, index=per_table.index)
    kinds = (unused > 0).sum(axis=1)
    for col, label, colour in _TIDAK_DIPAKAI:
        right_ax.barh(rows, unused[col], left=start, color=colour, label=label)
        for i, (left, n) in enumerate(zip(start, unused[col])):
            if n > 0 and kinds.iloc[i] > 1 and n / widest >= 0.07:  # each kind's number, where it fits
                right_ax.annotate(fmt_angka(n), (left + n / 2, i), ha="center", va="center", fontsize=7.5,
                                  color="white" if colour == MERAH else "black")
        start += unused[col]
    for i, total in enumerate(start):  # the total past the bar's end
        right_ax.annotate(fmt_angka(total), (total, i), va="center", fontsize=8, fontweight="bold",
                          xytext=(3, 0), textcoords="offset points")
    right_ax.set_xlim(0, widest * 1.12)
    right_ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=True))
    right_ax.xaxis.set_major_formatter(_id_number())
    right_ax.set_title("Baris yang tidak dipakai", loc="left")
    fig.legend(*right_ax.get_legend_handles_labels(), loc="lower center", ncols=len(_TIDAK_DIPAKAI), fontsize=8,
               frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, 0.3 / fig.get_figheight(), 1, 1))
    return fig


PETA_CMAP = "YlGnBu"  # ColorBrewer sequential, colour-blind safe
TANPA_DATA = "#d9d9d9"
# Label nudges (points) where the centres of small neighbouring kecamatan sit too close.
_LABEL_GESER: dict[str, tuple[float, float]] = {
    "Gumukmas": (-4, 0), "Puger": (-3, -8), "Wuluhan": (-4, -4), "Ambulu": (3, -3), "Rambipuji": (-6, 1),
    "Ajung": (4, 0), "Kaliwates": (-4, -5), "Sumbersari": (6, 0), "Pakusari": (4, 0), "Sukorambi": (-10, 3),
    "Patrang": (3, 1), "Sukowono": (-4, 0), "Sumberjambe": (5, 0),
}


def _draw_kecamatan(ax, persen: dict[str, float], cmap, norm) -> None:
    """One map: each kecamatan filled by its share (hatched grey without data), bordered, named."""
    halo = [patheffects.withStroke(linewidth=1.6, foreground="white")]
    for kec in load_kecamatan():
        vertices, codes = [], []
        for polygon in kec.polygons:
            for ring in polygon:
                vertices += ring
                codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]
        path = MplPath(vertices, codes)
        value = persen.get(kec.nama, float("nan"))
        if pd.isna(value):
            fill = PathPatch(path, facecolor=TANPA_DATA, edgecolor=ABU, hatch="////", linewidth=0)
        else:
            fill = PathPatch(path, facecolor=cmap(norm(value)), edgecolor="none", linewidth=0)
        fill.set_gid(kec.nama)
        ax.add_patch(fill)
        ax.add_patch(PathPatch(path, facecolor="none", edgecolor="#4d4d4d", linewidth=0.35, zorder=1.5))
        ax.annotate(kec.nama, kec.label, xytext=_LABEL_GESER.get(kec.nama, (0, 0)), textcoords="offset points",
                    ha="center", va="center", fontsize=6, color="black", path_effects=halo)


def _skala_atas(values) -> float:
    """The top of a panel's colour scale: the largest share rounded up to a step of 5 (10 above
    20%), at most 100, so that the differences between kecamatan stay visible.

    >>> _skala_atas([10.5, 15.6]), _skala_atas([6.0, 42.0]), _skala_atas([]), _skala_atas([100.0])
    (20.0, 50.0, 100.0, 100.0)
    """
    top = max([v for v in values if pd.notna(v)], default=100.0)
    step = 10 if top > 20 else 5
    return float(min(100, max(step, math.ceil(top / step) * step)))


@styled
def peta_kecamatan(iku1: pd.DataFrame | None, iku2: pd.DataFrame | None) -> Figure:
    """Choropleth of the 31 kecamatan: the share of aktif koperasi (IKU-1) and of aktif usaha
    mikro (IKU-2) that were facilitated; each panel's scale runs from 0% to its largest share
    rounded up (:func:`_skala_atas`), printed on its colour bar."""
    kecamatan = load_kecamatan()
    xs = [x for k in kecamatan for poly in k.polygons for x, _ in poly[0]]
    ys = [y for k in kecamatan for poly in k.polygons for _, y in poly[0]]
    aspect = 1 / math.cos(math.radians((min(ys) + max(ys)) / 2))
    cmap = plt.get_cmap(PETA_CMAP)
    fig = plt.figure(figsize=(A4_WIDTH, 4.0))  # half an A4 page at most
    panels = (("IKU-1", "koperasi aktif yang difasilitasi", iku1),
              ("IKU-2", "usaha mikro aktif yang difasilitasi", iku2))
    for i, (kode, title, ent) in enumerate(panels):
        ax = fig.add_axes((0.005 + 0.5 * i, 0.195, 0.49, 0.73), label=f"peta {kode}")
        share = cakupan_kecamatan(ent).set_index("kecamatan")["persen"].to_dict()
        top = _skala_atas(share.values())
        norm = mcolors.Normalize(0, top)
        _draw_kecamatan(ax, share, cmap, norm)
        ax.set_xlim(min(xs) - 0.01, max(xs) + 0.01)
        ax.set_ylim(min(ys) - 0.01, max(ys) + 0.01)
        ax.set_aspect(aspect)
        ax.set_axis_off()
        ax.set_title(f"{kode}: {title}", loc="left")
        cax = fig.add_axes((0.06 + 0.5 * i, 0.14, 0.38, 0.025), label=f"skala {kode}")
        bar = fig.colorbar(ScalarMappable(norm, cmap), cax=cax, orientation="horizontal",
                           ticks=[t for t in mticker.MaxNLocator(nbins=5, steps=[1, 2, 5, 10]).tick_values(0, top)
                                  if 0 <= t <= top],
                           format=_id_number(0, "%"))
        bar.set_label("persentase yang difasilitasi", fontsize=7.5)
        bar.ax.tick_params(labelsize=7.5)
    fig.legend(handles=[Patch(facecolor=TANPA_DATA, edgecolor=ABU, hatch="////", linewidth=0,
                              label="tidak ada data (tidak ada entitas aktif)")],
               loc="lower right", bbox_to_anchor=(0.995, 0.0), fontsize=6.5, frameon=False)
    fig.text(0.005, 0.008, ATTRIBUTION, fontsize=6.5, color="#555555", ha="left", va="bottom")
    return fig


@styled
def proyeksi_akhir_tahun(summary: pd.DataFrame, evaluation: pd.DataFrame | None, names: dict[str, str]) -> Figure | None:
    """Per indicator (IKU-1..IKU-3, quarters only): the realisasi so far, the projected year-end
    realisasi with its range (earlier years' slowest and fastest pace), and the annual target.
    None when nothing is projected (the annual report)."""
    rows = summary[summary["proyeksi"].notna()] if "proyeksi" in summary else summary.iloc[0:0]
    if rows.empty:
        return None
    annual = {} if evaluation is None else evaluation.set_index("kode")["target_tahunan"].to_dict()
    fig, ax = plt.subplots(figsize=(A4_WIDTH, 0.75 * len(rows) + 1.2))
    y = list(range(len(rows)))[::-1]
    for yi, r in zip(y, rows.itertuples(index=False)):
        now = r.pembilang / r.penyebut * 100 if r.penyebut else float("nan")
        ax.barh(yi, now, color=BIRU, height=0.45, label="Realisasi s.d. triwulan ini")
        ax.plot([r.proyeksi_min, r.proyeksi_max], [yi, yi], color=HIJAU, linewidth=3, solid_capstyle="butt",
                label="Rentang proyeksi (laju tahun sebelumnya)")
        ax.plot(r.proyeksi, yi, marker="o", color=HIJAU, markersize=7, linestyle="none", label="Proyeksi akhir tahun")
        target = annual.get(r.kode)
        if pd.notna(target):
            ax.plot(target, yi, marker="|", color=ORANYE, markersize=22, markeredgewidth=2.5, linestyle="none",
                    label="Target tahunan")
        ax.annotate(f"{fmt_angka(r.proyeksi, 2)}%", (r.proyeksi, yi + 0.28), ha="center", va="bottom", fontsize=7.5)
    ax.set_yticks(y, [f"{r.kode} {textwrap.shorten(names.get(r.kode, ''), 34, placeholder='…')}"
                      for r in rows.itertuples(index=False)], fontsize=8)
    ax.xaxis.set_major_formatter(_id_number(0, "%"))
    ax.set_xlim(left=0)
    ax.set_ylim(-0.6, len(rows) - 0.2)
    handles, labels = [], []
    for h, lab in zip(*ax.get_legend_handles_labels()):
        if lab not in labels:
            handles.append(h)
            labels.append(lab)
    ax.legend(handles, labels, fontsize=7.5, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    ax.set_title("Proyeksi realisasi akhir tahun", loc="left")
    fig.tight_layout()
    return fig
