"""The feedback folder for the bidang (``iku validate --annotate DIR``): annotated copies and pages.

::

    umpan_balik/
      index.html                 every bidang: files, rows read / accepted / rejected, links
      <bidang>.html              one page per bidang, for a person who never saw the workflow
      <year>/<table file>.xlsx   annotated copies (see :mod:`iku_helpers.documents.annotate`), named as in data/raw
      <root table>.xlsx          the same for target_iku / pdrb_lapangan_usaha

Only files with rejected rows or corrected values get a copy. The folder is written beside its
place and then put there whole, so it never mixes two checks; a folder that does not look like
one this command wrote is never replaced. Copies hold the bidang's own data going back to them:
owner NIKs stay as they are in the file, and nothing from other files is added.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from .annotate import CopyInfo, advice, copy_name, shown_value, write_copy
from ..ingest.cleaning import set_aside_notes
from ..core.errors import IkuError, ParameterError
from ..core.faults import swap_in
from ..core.layout import REPLACED_PREFIX, STAGING_PREFIX
from ..core.formats import fmt_angka, fmt_tanggal
from .report import DINAS, esc
from ..core.tables import ROOT_TABLES, TABLES

MARKER = "iku-umpan-balik"  # in index.html: this folder was written by this command
TOP_REASONS = 5


@dataclass
class FileStatus:
    """One raw file as the feedback pages show it."""

    year: int | None       # None for the root tables
    label: str
    table: str
    counts: dict = field(default_factory=dict)
    copy: CopyInfo | None = None
    errors: list[str] = field(default_factory=list)
    #: the bidang whose pages show the file (:func:`bidang_of_file`); empty = every bidang of its table
    bidang: list[str] = field(default_factory=list)


def table_of(label: str) -> str | None:
    """The table a raw file's label belongs to (``2026/usaha_mikro/01.xlsx`` → usaha_mikro).

    >>> table_of("2026/usaha_mikro/01_barat.xlsx"), table_of("target_iku.csv"), table_of("2026/x.xlsx")
    ('usaha_mikro', 'target_iku', None)
    """
    parts = PurePosixPath(label).parts
    name = parts[1] if len(parts) > 2 else PurePosixPath(label).stem
    name = name.lower()
    return name if name in TABLES else None


def bidang_of(table: str) -> list[str]:
    """The bidang that fill a table (fasilitasi_perdagangan has two)."""
    return [b.strip() for b in TABLES[table].bidang.split(";") if b.strip()]


#: Words of a file's own name saying which bidang of a shared table wrote it (spec section 9), in
#: order of precedence: ``02_sarana_perdagangan.xlsx`` is Sarana dan Prasarana's.
FILE_NAME_WORDS = (("sarpras", "sarana", "prasarana"), ("dagang",))


def bidang_of_file(table: str, file_name: str, bidang_values=()) -> list[str]:
    """The bidang whose feedback page shows one file of ``table``.

    A table filled by one bidang: that bidang. fasilitasi_perdagangan: the bidang named in the
    file's ``bidang`` column (``bidang_values``, as the cleaner spells them); without any, its file
    name (the table's own name left out): ``sarpras``, ``sarana`` or ``prasarana`` → Sarana dan
    Prasarana, else ``dagang`` → Perdagangan; otherwise both bidang.

    >>> bidang_of_file("fasilitasi_perdagangan", "2026/fasilitasi_perdagangan/02_sarpras.csv")
    ['Bidang Sarana dan Prasarana']
    >>> bidang_of_file("fasilitasi_perdagangan", "2026/fasilitasi_perdagangan.xlsx")
    ['Bidang Perdagangan', 'Bidang Sarana dan Prasarana']
    """
    every = bidang_of(table) if table in TABLES else []
    if len(every) < 2:
        return every
    named = [b for b in every if b in set(bidang_values)]
    if named:
        return named
    name = PurePosixPath(file_name).name.lower().replace(table, "")
    for words in FILE_NAME_WORDS:
        if any(w in name for w in words):
            return [b for b in every if any(w in b.lower() for w in words)] or every
    return every


def slug(text: str) -> str:
    """A file name for a bidang's page.

    >>> slug("Bidang Perdagangan")
    'bidang-perdagangan'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- the copies -------------------------------------------------------------------------------------

def _read_as(data: pd.DataFrame | None, notes: pd.DataFrame, label: str) -> dict:
    """The clean value of each corrected cell of a file, by (baris, kolom)."""
    if data is None or notes.empty or "sumber_berkas" not in data:
        return {}
    mine = data[data["sumber_berkas"] == label]
    out = {}
    for kolom, group in notes.groupby("kolom", sort=False):
        if kolom not in mine:
            continue
        values = mine.set_index("sumber_baris")[kolom]
        for baris in group["baris"].astype("int64"):
            if baris in values.index:
                out[int(baris), kolom] = shown_value(values.loc[baris])
    return out


def annotate_year(data, folder: Path, done: set[str]) -> list[FileStatus]:
    """Write the copies of one year's files (root tables once: ``done`` holds the labels written)
    into ``folder``; the status of every file read."""
    raw_dir = Path(data.params.raw_dir)
    problems, notes = data.problems(), data.notes()
    # rows dilewati by design (PDRB sub-categories, notes under BPS's table) need nothing from the
    # bidang: counted on the pages, not marked in a copy
    notes = notes[~set_aside_notes(notes["catatan"])]
    statuses = []
    labels = set(data.reconciliation()["berkas"])
    for table, cleaned in data.tables.items():
        for counts in cleaned.counts.to_dict("records"):
            label = counts["berkas"]
            if label in done:
                continue  # a root table, already shown under an earlier year
            done.add(label)
            status = FileStatus(None if table in ROOT_TABLES else data.year, label, table, counts)
            status.bidang = bidang_of_file(table, label, cleaned.extra.get("bidang_berkas", {}).get(label, ()))
            statuses.append(status)
            mine = problems[problems["berkas"] == label]
            my_notes = notes[notes["berkas"] == label]
            if mine.empty and my_notes.empty:
                continue
            status.copy = write_copy(raw_dir / label, table, label, folder, copy_name(label, labels), mine, my_notes,
                                     counts, year=data.year, read_as=_read_as(cleaned.data, my_notes, label))
    return statuses


def _error_statuses(year: int, errors: list[IkuError]) -> list[FileStatus]:
    out = []
    for err in errors:
        label = str(err.file or "")
        table = table_of(label) if label else None
        status = FileStatus(None if table in ROOT_TABLES else year, label or "(folder data)", table or "", {})
        status.bidang = bidang_of_file(table, label) if table else []
        status.errors.append(err.message())
        out.append(status)
    return out


# --- the folder -------------------------------------------------------------------------------------

def check_target(out: Path, raw_dir: Path) -> None:
    """Refuse a feedback folder inside the raw folder, or one holding files this command did not write."""
    out_r, raw_r = out.resolve(), raw_dir.resolve()
    if out_r == raw_r or raw_r in out_r.parents:
        raise ParameterError(f"folder umpan balik {out} berada di dalam folder data mentah {raw_dir}",
                             hint="Pilih folder lain (bawaan: umpan_balik); data mentah tidak boleh ditulisi.")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and MARKER not in _index_text(out))):
        raise ParameterError(f"folder {out} sudah berisi berkas lain yang bukan umpan balik dari iku validate",
                             hint="Pilih folder kosong atau folder umpan balik sebelumnya; tidak ada yang dihapus.")


def _index_text(out: Path) -> str:
    try:
        return (out / "index.html").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def write_feedback(datas: list, errors: dict[int, list[IkuError]], out: Path) -> list[FileStatus]:
    """Write the whole feedback folder ``out`` for the checked years, then put it in place."""
    out = Path(out)
    raw_dir = Path(datas[0].params.raw_dir) if datas else Path(".")
    check_target(out, raw_dir)
    staging = out.parent / f"{STAGING_PREFIX}{out.name}-{os.getpid()}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
    except OSError as exc:
        raise _unwritable(out, exc) from None
    try:
        statuses: list[FileStatus] = []
        done: set[str] = set()
        seen: set[str] = set()  # an error of a file every year shares is shown once
        for data in datas:
            statuses += annotate_year(data, staging, done)
            for status in _error_statuses(data.year, errors.get(data.year, [])):
                if status.errors[0] not in seen:
                    seen.add(status.errors[0])
                    statuses.append(status)
        years = [d.year for d in datas]
        write_pages(statuses, staging, years)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _unwritable(out, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        swap_in(staging, out, out.parent / f"{REPLACED_PREFIX}{out.name}-{os.getpid()}")
    except OSError as exc:  # e.g. a copy open in Excel on Windows: the earlier folder stays as it was
        shutil.rmtree(staging, ignore_errors=True)
        raise _unwritable(out, exc) from None
    return statuses


def _unwritable(out: Path, exc: OSError) -> ParameterError:
    return ParameterError(f"folder umpan balik {out} tidak dapat ditulis ({exc.strerror or exc})",
                          hint="Tutup salinan yang sedang dibuka di Excel/LibreOffice, periksa izin folder, "
                               "atau pilih folder lain dengan --annotate DIR.")


# --- the pages --------------------------------------------------------------------------------------

STYLE = """
body { font-family: "Segoe UI", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1f1f1f; line-height: 1.5; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
th, td { border: 1px solid #c8c8c8; padding: .35rem .5rem; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #f0f0f0; } td.n { text-align: right; white-space: nowrap; }
.ok { color: #1e6b32; font-weight: 600; } .fix { color: #a5400c; font-weight: 600; }
.galat { background: #fde8e8; border-left: 4px solid #b42318; padding: .5rem .8rem; margin: .5rem 0;
         white-space: pre-wrap; }
.langkah { background: #f4f8fc; border: 1px solid #cfe0f1; padding: .6rem 1.2rem; }
a { color: #0b57b0; }
"""


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"generator\" content=\"{MARKER}\"><title>{esc(title)}</title>"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>{STYLE}</style></head>"
            f"<body>{body}</body></html>\n")


def _status_text(s: FileStatus) -> str:
    if s.errors:
        return '<span class="fix">Tidak dapat dibaca</span>'
    if s.copy and s.copy.to_fix:
        return f'<span class="fix">{fmt_angka(s.copy.to_fix)} baris perlu diperbaiki</span>'
    if s.copy and s.copy.rejected_rows:
        return (f'<span class="ok">Tidak ada yang perlu diperbaiki</span>; {fmt_angka(s.copy.rejected_rows)} baris '
                "memang tidak dihitung (lihat salinan)")
    if s.copy:
        return '<span class="ok">Diterima semua</span>; ada sel kuning untuk diperiksa (nilai yang dikoreksi otomatis atau catatan)'
    if s.counts.get("baris_dilewati"):
        return (f'<span class="ok">Tidak ada yang perlu diperbaiki</span>; {fmt_angka(s.counts["baris_dilewati"])} '
                "baris dilewati dengan sengaja (sub-kategori dan catatan di bawah tabel BPS)")
    return '<span class="ok">Diterima semua</span>'


def _files_table(files: list[FileStatus]) -> str:
    rows = []
    for s in files:
        c = s.counts
        link = f'<a href="{esc(s.copy.copy)}" download>{esc(s.copy.copy)}</a>' if s.copy else "–"
        numbers = "".join(f'<td class="n">{fmt_angka(c[k]) if k in c else "–"}</td>'
                          for k in ("baris_dibaca", "baris_diterima", "baris_ditolak", "baris_dilewati"))
        rows.append(f"<tr><td>{esc(s.label)}<br><small>{esc(c.get('format', ''))}</small></td>{numbers}"
                    f"<td>{_status_text(s)}</td><td>{link}</td></tr>")
    return ("<table><tr><th>Berkas</th><th>Baris dibaca</th><th>Diterima</th><th>Ditolak</th>"
            '<th title="sub-kategori dan catatan di bawah tabel PDRB: sengaja tidak dijumlahkan">Dilewati</th>'
            "<th>Keadaan</th><th>Salinan bertanda</th></tr>" + "".join(rows) + "</table>")


def _reasons_table(files: list[FileStatus]) -> str:
    total: Counter = Counter()
    years: dict[str, int | None] = {}
    for s in files:
        if s.copy:
            total.update(s.copy.reasons)
            for k in s.copy.reasons:
                years.setdefault(k, s.year)
    if not total:
        return ""
    rows = "".join(f'<tr><td class="n">{fmt_angka(n)}</td><td>{esc(reason)}</td><td>{esc(advice(reason, years[reason]))}</td></tr>'
                   for reason, n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_REASONS])
    more = len(total) - TOP_REASONS
    tail = f"<p>… dan {more} jenis masalah lain (lihat sheet Ringkasan di tiap salinan).</p>" if more > 0 else ""
    return ("<h3>Masalah terbanyak</h3><table><tr><th>Jumlah</th><th>Masalah</th><th>Cara memperbaiki</th></tr>"
            + rows + "</table>" + tail)


STEPS = """
<div class="langkah"><p><b>Yang perlu Anda lakukan</b></p><ol>
<li>Unduh <b>salinan bertanda</b> dari tabel di bawah dan buka dengan Excel atau LibreOffice. Lembar kerja pertama,
<i>Ringkasan</i>, mendaftar setiap masalah; klik tautannya untuk langsung ke barisnya.</li>
<li>Baris berwarna <b>jingga</b> ditolak dan tidak dihitung (sel yang salah berwarna <b>jingga tua</b>): kolom <b>Masalah</b> (paling kanan) menjelaskan apa
yang salah dan cara memperbaikinya. Sel <b>kuning</b> sudah dikoreksi otomatis dan barisnya tetap dipakai:
cukup periksa apakah koreksinya benar.</li>
<li>Perbaiki di <b>berkas asli</b> Anda (bukan di salinan), simpan dengan nama yang sama, lalu serahkan lagi ke
Sub Bagian Perencanaan. Berkas yang tertulis <i>Diterima semua</i> tidak perlu diubah.</li>
</ol></div>
"""


def _bidang_page(bidang: str, files: list[FileStatus], tanggal: str) -> str:
    body = [f"<h1>Umpan balik data untuk {esc(bidang)}</h1>",
            f'<p class="sub">{esc(DINAS)} · pemeriksaan data IKU tanggal {esc(tanggal)}</p>',
            "<p>Halaman ini menunjukkan berkas data yang diserahkan bidang Anda untuk perhitungan Indikator Kinerja "
            "Utama (IKU), berapa baris yang dapat dipakai, dan baris mana yang perlu diperbaiki. Baris yang ditolak "
            "tidak ikut dihitung sampai diperbaiki.</p>", STEPS]
    errs = [s for s in files if s.errors]
    if errs:
        body.append("<h2>Berkas yang tidak dapat dibaca sama sekali</h2><p>Berkas ini harus diperbaiki lebih dulu: "
                    "tidak satu baris pun dapat dipakai.</p>")
        body += [f'<div class="galat">{esc(e)}</div>' for s in errs for e in s.errors]
    for year in sorted({s.year for s in files if not s.errors}, key=lambda y: (y is None, -(y or 0))):
        mine = [s for s in files if s.year == year and not s.errors]
        body.append(f"<h2>{'Tahun ' + str(year) if year else 'Berkas bersama semua tahun'}</h2>")
        body.append(_files_table(mine))
        body.append(_reasons_table(mine))
    body.append('<p><a href="index.html">← semua bidang</a></p>')
    return _page(f"Umpan balik data: {bidang}", "".join(body))


def write_pages(statuses: list[FileStatus], folder: Path, years: list[int]) -> None:
    """index.html and one page per bidang."""
    tanggal = fmt_tanggal(dt.date.today())
    by_bidang: dict[str, list[FileStatus]] = {}
    unknown = []
    for s in statuses:
        if s.table:
            for b in s.bidang or bidang_of(s.table):
                by_bidang.setdefault(b, []).append(s)
        else:
            unknown.append(s)
    order = list(dict.fromkeys(b for t in TABLES for b in bidang_of(t)))
    rows = []
    for b in order:
        files = by_bidang.get(b, [])
        if not files:
            continue
        (folder / f"{slug(b)}.html").write_text(_bidang_page(b, files, tanggal), encoding="utf-8")
        bad = sum(s.copy.to_fix for s in files if s.copy)
        broken = sum(1 for s in files if s.errors)
        state = (f'<span class="fix">{broken} berkas tidak dapat dibaca</span>' if broken else
                 f'<span class="fix">{fmt_angka(bad)} baris perlu diperbaiki</span>' if bad else
                 '<span class="ok">tidak ada baris yang ditolak</span>')
        rows.append(f'<tr><td><a href="{slug(b)}.html">{esc(b)}</a></td><td class="n">{len(files)}</td><td>{state}</td></tr>')
    body = [f"<h1>Umpan balik data IKU</h1><p class=\"sub\">{esc(DINAS)} · pemeriksaan tanggal {esc(tanggal)} · "
            f"tahun {', '.join(str(y) for y in years)}</p>",
            "<p>Setiap bidang mendapat satu halaman: berkas yang diserahkan, baris yang diterima dan ditolak, dan "
            "salinan berkas bertanda yang menunjukkan baris mana yang perlu diperbaiki dan caranya. Berkas asli "
            "tidak diubah.</p>",
            "<table><tr><th>Bidang</th><th>Berkas</th><th>Keadaan</th></tr>" + "".join(rows) + "</table>"]
    if unknown:
        body.append("<h2>Masalah di luar berkas bidang</h2>")
        body += [f'<div class="galat">{esc(e)}</div>' for s in unknown for e in s.errors]
    body.append("<p><small>Dibuat dengan <code>iku validate --annotate</code>. Salinan bertanda memuat data bidang "
                "itu sendiri sebagaimana diserahkan (termasuk NIK pemilik usaha); teruskan hanya kepada bidang "
                "yang bersangkutan.</small></p>")
    (folder / "index.html").write_text(_page("Umpan balik data IKU", "".join(body)), encoding="utf-8")
