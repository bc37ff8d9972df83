"""``iku run``: check the raw data, then build and publish each period (years in parallel).

The structural pre-check reads only file heads and runs before any kernel starts, so a wrong
file stops the run at once with every problem listed. Each period is then built by
:func:`iku_helpers.publish.build.build_period`; outputs/index.html is rewritten at the end.
"""

from __future__ import annotations

import errno
import logging
import multiprocessing
import os
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..core.errors import IkuError, ParameterError, StorageError, UsageError, disk_error
from ..core.faults import TMP_SUFFIX
from ..core.formats import fmt_angka
from ..core.layout import LOCK_FILE, REPLACED_PREFIX, STAGING_PREFIX, Layout, index_page, report_date
from ..core.params import Params
from ..documents.index_page import write_index
from ..documents.results import parameter_changes, read_results
from ..ingest.dataset import check_structure, require_raw_dir, year_folders
from .build import Gate, Outcome, build_period, seconds_text, set_gate
from .printing import Printers

log = logging.getLogger(__name__)
PACKAGE_LOGGER = "iku_helpers"


def precheck(runs: list[Params]) -> dict[str, list[str]]:
    """The validate step before any kernel starts: every structural error of every period at once.

    Only what can stop a run is checked here (files, sheets, header rows, required columns, the
    root tables' keys); the rows themselves are cleaned once, by notebook 01.
    """
    errors: list[IkuError] = []
    warnings = check_structure(runs, errors)
    if errors:
        if len(errors) == 1:
            raise errors[0]
        raise IkuError(f"{len(errors)} galat struktural:\n  - "
                       + "\n  - ".join(e.message().replace("\n", "\n    ") for e in errors),
                       hint="Perbaiki berkas di atas (lihat juga `iku validate`), lalu jalankan lagi.")
    return warnings


def plan(base: Params, years: list[int] | None, quarters: list[int] | None = None) -> list[Params]:
    """The periods to build: the years asked for (default every year folder), each checked, and
    for each year the quarters asked for (default the annual report), earliest first."""
    raw_dir = require_raw_dir(base.raw_dir)
    found = year_folders(raw_dir)
    years = sorted(set(years or found))
    if not years:
        raise ParameterError(f"tidak ada folder tahun di {raw_dir}", hint="Buat folder per tahun, mis. data/raw/2025/.")
    absent = [y for y in years if y not in found]
    if absent:
        raise ParameterError(f"folder tahun {', '.join(map(str, absent))} tidak ada di {raw_dir}",
                             hint=f"Tahun yang tersedia: {', '.join(map(str, found)) or '-'}.")
    return [base.replace(year=y, triwulan=q) for y in years for q in sorted(set(quarters or [base.triwulan]))]


def published_differently(runs: list[Params]) -> list[str]:
    """The periods already published under the output folder with other parameters than this run's
    (what :meth:`Params.result_key` recorded in each iku_<label>.json): one line each, both values."""
    lines = []
    for p in runs:
        lay = Layout(p)
        try:
            changed = parameter_changes(read_results(lay)["parameter"], p)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # nothing published (or unreadable: the run replaces it like any failed publication)
        if changed:
            lines.append(f"{lay.period_dir} diterbitkan dengan parameter lain: {', '.join(changed)}")
    return lines


def refuse_replacing(runs: list[Params]) -> None:
    """Stop before any work when a published period would be replaced by numbers computed with other
    parameters (``iku run --ganti`` replaces it on purpose)."""
    lines = published_differently(runs)
    if lines:
        raise UsageError("laporan yang sudah terbit tidak diganti tanpa diminta:\n  - " + "\n  - ".join(lines),
                         hint="Untuk mencoba parameter lain, tulis ke folder lain (mis. --out outputs/percobaan "
                              "--processed-dir data/processed/percobaan). Untuk mengganti laporan yang sudah terbit "
                              "dengan parameter baru, jalankan lagi dengan --ganti (make report GANTI=1).")


def by_year(runs: list[Params]) -> list[list[Params]]:
    """The periods grouped by year, each group earliest quarter first. A year's periods are built
    one after another: a later one compares its evaluation table with the earlier ones just
    published, and they share the year's processed cache."""
    groups: dict[int, list[Params]] = {}
    for p in runs:
        groups.setdefault(p.year, []).append(p)
    return [sorted(g, key=lambda p: p.triwulan) for _, g in sorted(groups.items())]


def build_year(periods: list[Params], tanggal: str | None = None, building: tuple[str, ...] = (),
               printers: Printers | None = None) -> list[Outcome]:
    return [build_period(p, tanggal, building, printers) for p in periods]


def _worker_init(level: int, gate: Gate) -> None:
    """Set up a worker process: progress lines (needed where workers are spawned, as on Windows)
    and the gate its periods wait at. The imports every period needs come while its first
    kernel starts (:func:`~iku_helpers.publish.build.warm_up`)."""
    logger = logging.getLogger(PACKAGE_LOGGER)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(level)
    set_gate(gate)


def _prepare(base: Params, runs: list[Params], hold: ExitStack) -> dict[str, list[str]]:
    """What must hold before any period is built: the raw data's structure (read only), then the
    output and processed folders, locked for this run (``hold`` keeps the locks) and tidied."""
    t0 = time.perf_counter()
    warnings = precheck(runs)
    log.info("Pemeriksaan data mentah: %s periode, %s", fmt_angka(len(runs)), seconds_text(time.perf_counter() - t0))
    for folder in (base.output_dir, base.processed_dir):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise disk_error(exc, folder) from None
    hold.enter_context(exclusive([base.output_dir, base.processed_dir]))
    for line in tidy(base.output_dir, base.processed_dir):
        log.info("Dibereskan: %s", line)
    return warnings


def writable(folder: Path) -> None:
    """Say clearly, before any work starts, why ``folder`` cannot be written (read-only share,
    missing drive, a file where a folder should be): a probe file is written and removed in the
    folder, or in its nearest existing parent when it does not exist yet (nothing is created)."""
    existing = Path(folder)
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise disk_error(OSError(errno.ENOTDIR, f"{existing} bukan folder"), folder)
    probe = existing / f".iku-uji-tulis-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise disk_error(exc, folder) from None


@contextmanager
def exclusive(folders: list[Path]):
    """Hold the lock file of each folder for the whole run (filelock: the same on Windows and on
    a network share); a second run on the same output or processed folder is refused at once."""
    from filelock import FileLock, Timeout

    held = []
    try:
        for folder in dict.fromkeys(Path(f).resolve() for f in folders):
            lock = FileLock(str(folder / LOCK_FILE), timeout=0)
            try:
                lock.acquire()
            except Timeout:
                raise StorageError(f"proses `iku run` lain sedang menulis {folder}",
                                   hint="Tunggu sampai proses itu selesai, lalu jalankan lagi (dua proses pada "
                                        "folder yang sama akan saling menimpa).") from None
            held.append(lock)
        yield
    finally:
        for lock in reversed(held):
            lock.release()


_LEFT_ASIDE = re.compile(re.escape(REPLACED_PREFIX) + r"(.+)-\d+")


def tidy(output_dir: Path, processed_dir: Path) -> list[str]:
    """Put back or remove what a killed run left behind (called under the lock, so no other run
    is using it): a period moved aside and not replaced goes back in its place; staging folders
    and half-written files go. Returns what was done."""
    done = []
    for entry in sorted(Path(output_dir).iterdir()):
        aside = _LEFT_ASIDE.fullmatch(entry.name)
        if aside and entry.is_dir():
            target = entry.with_name(aside.group(1))
            if not target.exists():
                entry.rename(target)
                done.append(f"{target.name} dikembalikan (proses sebelumnya berhenti sebelum menggantinya)")
            else:
                shutil.rmtree(entry, ignore_errors=True)
                done.append(f"{entry.name} dihapus (sisa penggantian {target.name})")
        elif entry.name.startswith(STAGING_PREFIX) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
            done.append(f"{entry.name} dihapus (periode setengah jadi dari proses yang berhenti)")
        elif entry.name.startswith(".") and entry.name.endswith(TMP_SUFFIX) and entry.is_file():
            entry.unlink(missing_ok=True)
            done.append(f"{entry.name} dihapus")
    for half in sorted(Path(processed_dir).glob(f"*/.*{TMP_SUFFIX}")):
        half.unlink(missing_ok=True)
        done.append(f"{half.parent.name}/{half.name} dihapus (data olahan setengah tertulis)")
    return done


def run(base: Params, years: list[int] | None = None, quarters: list[int] | None = None,
        jobs: int | None = None, strict: bool = False, replace: bool = False, pdf: bool = True) -> int:
    """Build and publish every period asked for; the exit code of ``iku run``.

    Years run in parallel, the periods of one year one after another (:func:`by_year`). With
    several workers, they start (imports, kernels) while this process checks the raw data; they
    build nothing until the check has passed (:class:`~iku_helpers.publish.build.Gate`). A period
    published with other parameters is replaced only with ``replace`` (:func:`refuse_replacing`).
    With ``pdf`` the report and the workbook are printed to PDF by the programs found on the machine
    (:mod:`~iku_helpers.publish.printing`); a program not found is a warning, never a failure.
    """
    base = base.resolved()
    runs = plan(base, years, quarters)
    if not replace:
        refuse_replacing(runs)
    for folder in (base.output_dir, base.processed_dir):
        writable(folder)
    with ExitStack() as hold:  # the folders' locks, taken after the raw data check, held to the end
        return _build(base, runs, jobs, strict, hold, Printers.found() if pdf else None)


def _build(base: Params, runs: list[Params], jobs: int | None, strict: bool, hold: ExitStack,
           printers: Printers | None = None) -> int:
    tanggal = report_date().isoformat()  # one date for every period of the run, even past midnight
    building = tuple(p.label for p in runs)  # none compares with a published period this run republishes
    groups = by_year(runs)
    jobs = min(jobs or os.cpu_count() or 1, len(groups))
    if jobs == 1:
        warnings = _prepare(base, runs, hold)
        outcomes = [o for g in groups for o in build_year(g, tanggal, building, printers)]
    else:
        context = multiprocessing.get_context()
        gate = Gate(context)
        level = logging.getLogger(PACKAGE_LOGGER).getEffectiveLevel()
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init,
                                 initargs=(level, gate)) as pool:
            futures = [pool.submit(build_year, g, tanggal, building, printers) for g in groups]
            try:
                warnings = _prepare(base, runs, hold)
            except BaseException:
                gate.open(False)
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            gate.open(True)
            outcomes = [o for f in futures for o in f.result()]
    try:
        write_index(base.output_dir)
    except OSError as exc:
        raise disk_error(exc, index_page(base.output_dir)) from None
    for o in outcomes:
        o.warnings = warnings.get(o.label, []) + o.warnings
    return _summary(outcomes, strict, base.output_dir, printers.missing() if printers is not None else [])


#: Said beside an indicator `belum tersedia` by its source's publication schedule (not a --strict failure).
SCHEDULED_NOTE = "sumbernya memang terbit kemudian; tidak menggagalkan --strict"


def summary_lines(outcomes: list[Outcome], out_dir: Path) -> list[str]:
    """The console summary of a run, one row per period, numbers and times in Indonesian notation."""
    lines = ["", "Ringkasan:", f"  {'periode':<9} {'ok':>3} {'tidak ok':>9} {'detik':>7}  laporan"]
    for o in outcomes:
        seconds = fmt_angka(o.seconds, 1)
        if not o.ok:
            lines.append(f"  {o.label:<9} {'-':>3} {'-':>9} {seconds:>7}  GAGAL")
            continue
        good = sum(1 for s in o.statuses.values() if s == "ok")
        lines.append(f"  {o.label:<9} {fmt_angka(good):>3} {fmt_angka(len(o.statuses) - good):>9} {seconds:>7}  {o.report}")
        lines += [f"         {kode}: {status}" + (f" ({SCHEDULED_NOTE})" if kode in o.terjadwal else "")
                  for kode, status in o.statuses.items() if status != "ok"]
        lines += [f"         peringatan: {w}" for w in o.warnings]
        lines += [f"         peringatan PDF: {w}" for w in o.cetak]
    lines.append(f"  indeks: {index_page(out_dir)}")
    return lines


def _summary(outcomes: list[Outcome], strict: bool, out_dir: Path, missing_tools: list[str] = ()) -> int:
    log.info("\n".join(summary_lines(outcomes, out_dir)))
    for line in missing_tools:  # said once per run; the HTML and xlsx are published all the same
        log.warning("peringatan: %s", line)
    failed = [o for o in outcomes if not o.ok]
    for o in failed:
        log.error("GAGAL: %s", o.error)
    if failed:
        return 1
    if strict:
        problems = [(o.label, o.strict_problems()) for o in outcomes if o.strict_problems()]
        if problems:
            log.error("GAGAL (--strict): ada peringatan atau indikator yang tidak ok:\n"
                      + "\n".join(f"  - {label}: {'; '.join(p)}" for label, p in problems))
            return 1
    return 0
