"""The feedback folder for the bidang (``iku validate --annotate DIR``): annotated copies and pages.

::

    umpan_balik/
      index.html                 every bidang: files, rows read / accepted / rejected, links
      <bidang>.html              one page per bidang, for a person who never saw the workflow
      <year>/<raw file>.xlsx     annotated copies (see :mod:`iku_helpers.documents.annotate`), named as in data/raw
      <root file>.xlsx           the same for target_iku / pdrb_lapangan_usaha

The pages are rendered from ``templates/feedback_*.html``.

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

from ..core.errors import IkuError, ParameterError
from ..core.faults import swap_in
from ..core.formats import fmt_tanggal
from ..core.layout import REPLACED_PREFIX, STAGING_PREFIX
from ..core.settings import UNIT_PENGOLAH, read_pengaturan
from ..core.tables import ROOT_TABLES, TABLES
from ..ingest.audit_trail import set_aside_notes
from .annotate import CopyInfo, advice, copy_name, shown_value, write_copy
from .templating import render

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
        write_pages(statuses, staging, years, _unit_pengolah(raw_dir))
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


def _unit_pengolah(raw_dir: Path) -> str:
    """The unit the bidang hand their files back to (``[laporan] unit_pengolah``); the default when
    pengaturan.toml is absent or broken (``iku validate`` reports a broken file itself)."""
    try:
        return read_pengaturan(raw_dir).unit_pengolah
    except IkuError:
        return UNIT_PENGOLAH


def _unwritable(out: Path, exc: OSError) -> ParameterError:
    return ParameterError(f"folder umpan balik {out} tidak dapat ditulis ({exc.strerror or exc})",
                          hint="Tutup salinan yang sedang dibuka di Excel/LibreOffice, periksa izin folder, "
                               "atau pilih folder lain dengan --annotate DIR.")


# --- the pages --------------------------------------------------------------------------------------

#: The counts of a file the pages show, in their columns' order.
COUNT_KEYS = ("baris_dibaca", "baris_diterima", "baris_ditolak", "baris_dilewati")


def _reasons(files: list[FileStatus]) -> tuple[list[tuple[int, str, str]], int]:
    """The most frequent problems of the files' copies (count, problem, how to fix it), and how
    many kinds of problem are left out."""
    total: Counter = Counter()
    years: dict[str, int | None] = {}
    for s in files:
        if s.copy:
            total.update(s.copy.reasons)
            for k in s.copy.reasons:
                years.setdefault(k, s.year)
    top = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_REASONS]
    return [(n, reason, advice(reason, years[reason])) for reason, n in top], len(total) - TOP_REASONS


def _bidang_page(bidang: str, files: list[FileStatus], tanggal: str, unit_pengolah: str = UNIT_PENGOLAH) -> str:
    groups = []
    for year in sorted({s.year for s in files if not s.errors}, key=lambda y: (y is None, -(y or 0))):
        mine = [s for s in files if s.year == year and not s.errors]
        reasons, more = _reasons(mine)
        groups.append({"year": year, "files": mine, "reasons": reasons, "more": more})
    errors = [e for s in files if s.errors for e in s.errors]
    return render("feedback_bidang.html", marker=MARKER, bidang=bidang, tanggal=tanggal, errors=errors,
                  groups=groups, count_keys=COUNT_KEYS, unit_pengolah=unit_pengolah) + "\n"


def write_pages(statuses: list[FileStatus], folder: Path, years: list[int],
                unit_pengolah: str = UNIT_PENGOLAH) -> None:
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
        (folder / f"{slug(b)}.html").write_text(_bidang_page(b, files, tanggal, unit_pengolah), encoding="utf-8")
        rows.append({"bidang": b, "page": f"{slug(b)}.html", "files": len(files),
                     "broken": sum(1 for s in files if s.errors),
                     "to_fix": sum(s.copy.to_fix for s in files if s.copy)})
    page = render("feedback_index.html", marker=MARKER, tanggal=tanggal, years=years, rows=rows,
                  errors=[e for s in unknown for e in s.errors])
    (folder / "index.html").write_text(page + "\n", encoding="utf-8")
