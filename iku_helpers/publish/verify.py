"""``iku verify``: check a published period end to end against its manifest.

The raw files and the published files are checked against their recorded SHA-256, then the
period is re-executed (through :func:`iku_helpers.publish.build.build_period`) into a temporary folder
with the recorded parameters and report date, and every data output (results, the LKjIP workbook,
audit CSV and parquet files) is compared byte for byte. The PDFs, which carry the time they were
printed, are printed again when the period has them and compared by their text, page by page
(:func:`iku_helpers.publish.printing.pdf_text`); where this machine lacks the program, that is said
as a note and their SHA-256 (step 2) is what checks them.
"""

from __future__ import annotations

import decimal
import logging
import numbers
import platform
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import ParameterError
from ..core.formats import fmt_angka, indonesian_separators, is_missing
from ..core.layout import MANIFEST, Layout
from ..core.params import PROJECT_ROOT
from ..indicators.registry import REGISTRY
from ..ingest.dataset import sha256
from .build import build_period
from .lockfile import INSTALL_COMMANDS, RUNTIME_LOCK, differences, installed_versions, lock_entry, locked_versions
from .manifest import git_state, manifest_params, read_manifest
from .printing import Printers, pdf_text

log = logging.getLogger(__name__)


#: The most decimals a differing number is shown with before it is written out in full.
MAX_DECIMALS = 12


def _plain(value):
    """A cell as a plain Python value (numpy's scalars as int, float, str)."""
    return value.item() if isinstance(value, np.generic) else value


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _full(value) -> str:
    """Every digit of a float (its shortest exact decimal), in Indonesian notation."""
    return indonesian_separators(f"{decimal.Decimal(repr(float(value))):,f}")


def differing_values(x, y, count: bool = False, unit: str = "") -> tuple[str, str]:
    """Two values of one cell of the results as a person reads them, the numbers in Indonesian
    notation (:func:`~iku_helpers.core.formats.fmt_angka`) followed by ``unit``: with two decimals,
    or as many more as it takes to show that they differ; a ``count`` that is whole without decimals;
    a text in quotes; "kosong" for an empty cell.

    >>> differing_values(23.317, 23.217, unit="%"), differing_values(186.0, 185.0, count=True)
    (('23,32%', '23,22%'), ('186', '185'))
    >>> differing_values(1.0 / 3, 0.333334), differing_values(50.0, 100.0)
    (('0,333333', '0,333334'), ('50,00', '100,00'))
    >>> differing_values(1234.5, None, count=True), differing_values("ok", "belum tersedia")
    (('1.234,50', 'kosong'), ('"ok"', '"belum tersedia"'))
    """
    numbers_ = [v for v in (x, y) if not is_missing(v) and _is_number(v)]
    decimals = 0 if count and all(float(v).is_integer() for v in numbers_) else 2
    while len(numbers_) == 2 and decimals < MAX_DECIMALS and fmt_angka(x, decimals) == fmt_angka(y, decimals):
        decimals += 1
    alike = len(numbers_) == 2 and fmt_angka(x, decimals) == fmt_angka(y, decimals)  # beyond those decimals

    def text(v) -> str:
        if is_missing(v):
            return "kosong"
        if not _is_number(v):
            return f'"{v}"'
        return (_full(v) if alike else fmt_angka(v, decimals)) + unit

    return text(x), text(y)


#: The columns of the results that count entities (IT-1's, in rupiah, may have decimals).
COUNT_COLUMNS = ("pembilang", "penyebut")


def _unit(kode: str, col: str) -> str:
    """'%' after a capaian, and after a realisasi or target of an indicator measured in percent."""
    if col == "capaian":
        return "%"
    indicator = REGISTRY.get(kode)
    return "%" if col in ("realisasi", "target") and indicator is not None and indicator.satuan == "%" else ""


def _indicator_diffs(published: Path, fresh: Path) -> list[str]:
    """One line per cell of the results CSV that differs, its values as people write them."""
    a = pd.read_csv(published).set_index("kode")
    b = pd.read_csv(fresh).set_index("kode")
    out = []
    for kode in sorted(set(a.index) | set(b.index)):
        if kode not in a.index or kode not in b.index:
            out.append(f"{kode}: hanya ada di {'hasil ulang' if kode in b.index else 'yang diterbitkan'}")
            continue
        for col in a.columns:
            x, y = _plain(a.at[kode, col]), _plain(b.at[kode, col]) if col in b.columns else None
            if not (is_missing(x) and is_missing(y)) and x != y:
                shown_x, shown_y = differing_values(x, y, count=col in COUNT_COLUMNS, unit=_unit(kode, col))
                out.append(f"{kode} {col}: diterbitkan {shown_x}, hasil ulang {shown_y}")
    return out


def _check_hashes(items: list[dict], base: Path, missing: str, changed: str) -> list[str]:
    """One problem per recorded file that vanished or whose SHA-256 differs."""
    problems = []
    for item in items:
        path = base / item["path"]
        if not path.exists():
            problems.append(f"{missing}: {item['path']}")
        elif sha256(path) != item["sha256"]:
            problems.append(f"{changed}: {item['path']}")
    return problems


def version_notes(manifest: dict, root: Path = PROJECT_ROOT) -> list[str]:
    """Where this environment differs from the lock and from the one that published the period,
    naming the packages, and how to get that environment back (empty when nothing differs)."""
    notes = []
    lock = root / RUNTIME_LOCK
    if lock.is_file():
        locked = locked_versions(lock)
        for name, want, have in differences(locked, installed_versions(locked)):
            notes.append(f"paket {name} {have or 'tidak terpasang'}, padahal berkas kunci {RUNTIME_LOCK.as_posix()} "
                         f"menetapkan {want}")
    else:
        notes.append(f"berkas kunci {RUNTIME_LOCK.as_posix()} tidak ada: versi paket tidak dapat diperiksa")
    recorded = manifest.get("paket", {})
    for name, want, have in differences(recorded, installed_versions(recorded)):
        notes.append(f"paket {name} {have or 'tidak terpasang'}, padahal laporan dibuat dengan {want}")
    recorded_lock, current_lock = (manifest.get("kunci") or {}).get("sha256"), (lock_entry(root) or {}).get("sha256")
    if recorded_lock and recorded_lock != current_lock:
        notes.append(f"berkas kunci {RUNTIME_LOCK.as_posix()} berbeda dengan saat laporan dibuat")
    recorded_commit = manifest.get("git", {}).get("commit")
    current_commit = git_state()["commit"]
    if recorded_commit and current_commit != recorded_commit:
        notes.append(f"versi alur kerja berbeda: manifest commit {recorded_commit[:12]}, sekarang "
                     f"{(current_commit or 'tidak diketahui')[:12]}")
    if platform.python_version() != manifest.get("python"):
        notes.append(f"versi Python berbeda: manifest {manifest.get('python')}, sekarang {platform.python_version()}")
    if notes and recorded_commit:
        notes.append(f"untuk lingkungan yang sama dengan saat laporan dibuat (lihat docs/audit.md): "
                     f"`git checkout {recorded_commit[:12]}`, hapus folder `.venv/`, lalu `make install` (tanpa make: "
                     + " lalu ".join(f"`{c}`" for c in INSTALL_COMMANDS)
                     + f"), dengan Python {manifest.get('python')}")
    return notes


def verify(period_dir: Path, raw_dir: Path | None = None) -> int:
    """Check raw files, published files and a re-execution against the manifest; 0 = COCOK."""
    period_dir = Path(period_dir).resolve()
    if not (period_dir / MANIFEST).exists():
        raise ParameterError(f"{period_dir / MANIFEST} tidak ada",
                             hint="Berikan folder keluaran satu periode, mis. outputs/2026 atau outputs/2026-tw2.")
    manifest = read_manifest(period_dir)
    params = manifest_params(manifest, raw_dir=Path(raw_dir).resolve() if raw_dir else None)
    raw = Path(params.raw_dir)
    problems: list[str] = []

    log.info("Memeriksa keluaran %s (%s) terhadap data mentah %s", params.label, period_dir, raw)
    problems += _check_hashes(manifest["masukan"], raw, "berkas mentah hilang",
                              "berkas mentah berubah sejak laporan dibuat")
    log.info("  1. %s berkas mentah diperiksa", fmt_angka(len(manifest["masukan"])))
    problems += _check_hashes(manifest["keluaran"], period_dir, "berkas keluaran hilang",
                              "berkas keluaran telah diubah setelah diterbitkan")
    log.info("  2. %s berkas keluaran diperiksa", fmt_angka(len(manifest["keluaran"])))
    notes = version_notes(manifest)

    if raw.is_dir() and not any("hilang" in p and "mentah" in p for p in problems):
        problems += _reexecute(params, period_dir, manifest, notes)
    else:
        problems.append("eksekusi ulang dilewati: data mentah tidak lengkap")

    for n in notes:
        log.info("  catatan: %s", n)
    if problems:
        log.info("TIDAK COCOK:")
        for p in problems:
            log.info("  - %s", p)
        return 1
    log.info("COCOK: data mentah, berkas keluaran, dan hasil eksekusi ulang sama dengan manifest.%s",
             " (dengan catatan versi di atas)" if notes else "")
    return 0


def _compared_reports(manifest: dict, output_root: Path, into: Path) -> list[str]:
    """Copy the published results the period was compared with (earlier quarters, the same period a
    year earlier) into the re-execution's output folder, so that it sees what the run saw; a problem
    per one that changed or vanished."""
    problems = []
    for item in manifest.get("pembanding", []):
        source = output_root / item["path"]
        if not source.exists() or sha256(source) != item["sha256"]:
            problems.append(f"laporan pembanding {item['path']} {'hilang' if not source.exists() else 'berubah'} "
                            "sejak periode ini diterbitkan (tabel evaluasi triwulan atau perbandingan dapat berbeda)")
            continue
        target = into / item["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return problems


def pdf_differences(published: Path, fresh: Path) -> list[str]:
    """Where the text of two prints of one document differs: the page count, or the first page
    whose text differs (empty when they read the same)."""
    a, b = pdf_text(published), pdf_text(fresh)
    if len(a) != len(b):
        return [f"{published.name}: {fmt_angka(len(a))} halaman, cetak ulang {fmt_angka(len(b))} halaman"]
    for page, (x, y) in enumerate(zip(a, b), start=1):
        if x != y:
            return [f"{published.name}: teks halaman {fmt_angka(page)} berbeda dengan cetak ulang"]
    return []


def _compare_pdfs(published: Layout, fresh: Layout, notes: list[str]) -> list[str]:
    """The published PDFs against the re-execution's prints, by text; a note for each one this
    machine could not print again."""
    problems = []
    for a, b in ((published.report_pdf, fresh.report_pdf), (published.workbook_pdf, fresh.workbook_pdf)):
        if not a.exists():
            continue
        if not b.exists():
            notes.append(f"{a.name} tidak dicetak ulang (programnya tidak ada di komputer ini); isinya diperiksa "
                         "dengan sidik jari SHA-256 di manifest saja")
            continue
        problems += pdf_differences(a, b)
    return problems


def _reexecute(params, period_dir: Path, manifest: dict, notes: list[str]) -> list[str]:
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="iku-verify-") as tmp:
        tmp = Path(tmp)
        log.info("  3. eksekusi ulang notebook dengan parameter yang tercatat ...")
        again = params.replace(output_dir=tmp / "out", processed_dir=tmp / "processed")
        problems += _compared_reports(manifest, period_dir.parent, tmp / "out")
        published = Layout(params, period_dir)
        printing = published.report_pdf.exists() or published.workbook_pdf.exists()
        outcome = build_period(again, manifest.get("tanggal_laporan"), printers=Printers.found() if printing else None)
        if not outcome.ok:
            return [f"eksekusi ulang gagal: {outcome.error}"]
        fresh = Layout(again)
        rel = {p.relative_to(published.period_dir).as_posix() for p in published.data_outputs() if p.exists()}
        rel |= {p.relative_to(fresh.period_dir).as_posix() for p in fresh.data_outputs() if p.exists()}
        for name in sorted(rel):
            a, b = published.period_dir / name, fresh.period_dir / name
            if not a.exists() or not b.exists():
                problems.append(f"{name}: hanya ada di {'hasil ulang' if b.exists() else 'yang diterbitkan'}")
            elif sha256(a) != sha256(b):
                problems.append(f"{name}: isi berbeda dengan hasil eksekusi ulang")
                if a == published.results_csv:
                    problems += [f"    {d}" for d in _indicator_diffs(a, b)]
        problems += _compare_pdfs(published, fresh, notes)
    return problems
