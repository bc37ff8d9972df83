"""``iku validate``: read and check the raw data of each year, computing nothing.

Every problem is printed grouped by file: hard errors first (they stop a run), then warnings,
then the rejected rows counted by reason with the first few examples. No notebook kernel is
started, so this is the quick check a bidang can run after delivering its files.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..core import periods
from ..core.errors import IkuError, ParameterError
from ..core.formats import fmt_angka, fmt_tanggal
from ..core.params import Params
from ..core.settings import SETTINGS_FILE, read_pengaturan
from ..documents.feedback import check_target, write_feedback
from ..indicators.formulas import aktif_at
from ..indicators.model import dated_after
from ..ingest.audit_trail import reason_key, set_aside_notes
from ..ingest.dataset import load_year, require_raw_dir, stacked_registers, year_folders

log = logging.getLogger(__name__)

EXAMPLES = 3


def summarise_year(data, errors: list[IkuError]) -> list[str]:
    lines = [f"== Tahun {data.year} =="]
    for err in errors:
        lines.append(f"  GALAT  {err.message()}")
    for w in data.warnings:
        lines.append(f"  PERINGATAN  {w}")
    for table in data.missing:
        lines.append(f"  BELUM ADA  tabel {table} belum diserahkan; indikator yang memakainya 'belum tersedia'")
    counts = data.reconciliation()
    ledger = data.ledger()
    for berkas, per_file in counts.groupby("berkas", sort=False):
        c = per_file.iloc[0]
        n = {key: fmt_angka(c[key]) for key in ("baris_dibaca", "baris_diterima", "baris_ditolak",
                                                 "baris_dilewati", "baris_kosong", "baris_total")}
        lines.append(f"  {berkas}: {n['baris_dibaca']} baris dibaca, {n['baris_diterima']} diterima, "
                     f"{n['baris_ditolak']} ditolak, "
                     + (f"{n['baris_dilewati']} dilewati (sub-kategori/catatan), " if c.baris_dilewati else "")
                     + f"{n['baris_kosong']} kosong, {n['baris_total']} baris total"
                     f" — format {c.format}")
        rejected = ledger[ledger["berkas"] == berkas]
        if rejected.empty:
            continue
        keys = rejected["alasan"].map(reason_key)
        for reason, group in rejected.groupby(keys, sort=False):
            examples = ", ".join(f"baris {b} ({k} {n!s})" for b, k, n in
                                 group[["baris", "kolom", "nilai"]].head(EXAMPLES).itertuples(index=False))
            lines.append(f"      {fmt_angka(len(group))}× {reason} — mis. {examples}")
    notes = data.notes()
    skipped = set_aside_notes(notes["catatan"])
    if len(notes) > skipped.sum():
        lines.append(f"  Catatan untuk auditor: {fmt_angka(len(notes) - skipped.sum())} (koreksi kecamatan, sel angka "
                     "pada kolom identitas, skala omzet ≠ modal, ...)")
    if skipped.sum():
        lines.append(f"  Dilewati dengan sengaja: {fmt_angka(skipped.sum())} baris (sub-kategori dan catatan di bawah "
                     "tabel PDRB BPS; tidak perlu diperbaiki)")
    return lines


def counted_summary(data, params: Params) -> list[str]:
    """What a quarter would count of the year's clean rows (spec section 7): facilitation dated up
    to the cut-off, koperasi aktif at the cut-off. Empty for the annual report."""
    if params.is_annual:
        return []
    c = pd.Timestamp(params.cutoff)
    lines = [f"  Dihitung untuk {periods.nama_periode(params.year, params.triwulan)} "
             f"({periods.sampai_dengan(params.year, params.triwulan)}):"]
    for table in ("fasilitasi_koperasi", "fasilitasi_usaha_mikro", "fasilitasi_perdagangan"):
        if table in data.tables:
            frame = data.tables[table].data
            later = int(dated_after(frame, c).sum())
            lines.append(f"    {table}: {fmt_angka(len(frame) - later)} baris diterima s.d. akhir triwulan dihitung, "
                         f"{fmt_angka(later)} baris sesudahnya tidak dihitung")
    if "koperasi" in data.tables:
        register = data.tables["koperasi"].data
        at = aktif_at(register, c, params.rat_window_years, stacked_registers(data.rat_history))
        aktif, later = at.aktif, at.later
        earlier = at.penentu["rat_penentu_register"] < params.year
        years = ", ".join(str(y) for y, df in sorted(data.rat_history.items()) if df is not None) or "tidak ada"
        lines.append(f"    koperasi: {fmt_angka(aktif.sum())} aktif per "
                     f"{fmt_tanggal(c)}, {fmt_angka(earlier.sum())} di antaranya karena RAT di register tahun "
                     f"sebelumnya (register yang dibaca: {years}); {fmt_angka(later.sum())} dengan RAT di register "
                     f"{params.year} sesudah {fmt_tanggal(c)} ({fmt_angka((later & ~aktif & ~earlier).sum())} "
                     "tanpa RAT lain yang diketahui dalam jendela)")
    lines.append("    IT-1: belum tersedia (PDRB diterbitkan per tahun)")
    return lines


def validate(base: Params, years: list[int] | None = None, quarters: list[int] | None = None,
             annotate: Path | None = None) -> int:
    """Log the check of every year (and what each quarter asked for would count); 1 when any hard
    error was found, else 0. An error of a file shared by every year (target_iku, PDRB) is printed
    once, under the first year. With ``annotate``, the feedback folder for the bidang is written
    there too (:mod:`iku_helpers.documents.feedback`)."""
    raw_dir = require_raw_dir(base.raw_dir)
    if annotate is not None:
        check_target(Path(annotate), raw_dir)  # before any work: a wrong folder is said at once
    years = years or year_folders(raw_dir)
    if not years:
        raise ParameterError(f"tidak ada folder tahun (mis. {raw_dir}/2025) di {raw_dir}",
                             hint="Buat folder per tahun laporan berisi berkas dari tiap bidang.")
    failed = False
    seen: set[str] = set()
    try:
        read_pengaturan(raw_dir)
    except IkuError as exc:
        failed = True
        log.info("Pengaturan dokumen (%s):\n  GALAT  %s", SETTINGS_FILE, exc.message().replace("\n", "\n         "))
    checked, errors_of = [], {}
    for year in years:
        errors: list[IkuError] = []
        data = load_year(base.for_year(year), collect=errors)
        if annotate is not None:
            checked.append(data)
            errors_of[year] = errors
        failed |= bool(errors)
        fresh = [e for e in errors if e.message() not in seen]
        seen |= {e.message() for e in errors}
        lines = summarise_year(data, fresh)
        if len(fresh) < len(errors):
            lines.insert(1, f"  GALAT  {len(errors) - len(fresh)} galat yang sama pada berkas bersama (lihat di atas)")
        for q in quarters or []:
            lines += counted_summary(data, base.replace(year=year, triwulan=q))
        log.info("\n".join(lines))
    if annotate is not None:
        statuses = write_feedback(checked, errors_of, Path(annotate))
        copies = [s for s in statuses if s.copy]
        log.info("Umpan balik untuk bidang: %s salinan bertanda di %s; buka %s",
                 fmt_angka(len(copies)), Path(annotate).as_posix(), (Path(annotate) / "index.html").as_posix())
    log.info("HASIL: ada galat yang harus diperbaiki sebelum `iku run`." if failed
             else "HASIL: tidak ada galat struktural; baris yang ditolak tercatat di atas.")
    return 1 if failed else 0
