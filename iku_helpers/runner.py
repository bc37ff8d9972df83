"""``iku run``: execute the notebooks of each year with papermill, publish only whole years.

For each year: structural check (no kernel), then 01_pembersihan → 02_indikator → 03_laporan in a
temporary folder beside the output folder, HTML by nbconvert (the report without code, the audit
copies with code), the manifest, and finally one rename into ``outputs/<year>``. A failure keeps
the earlier outputs of that year untouched and the half-run notebooks in ``outputs/_gagal/<year>``.
Years run in parallel processes.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .dataset import check_params, check_structure, year_folders
from .errors import IkuError, NotebookError, ParameterError

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = ("01_pembersihan", "02_indikator", "03_laporan")
REPORT_NOTEBOOK = "03_laporan"
FAILED_DIR = "_gagal"


@dataclass
class YearOutcome:
    year: int
    ok: bool
    seconds: float = 0.0
    statuses: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    report: str | None = None
    error: str | None = None
    steps: list[tuple[str, float]] = field(default_factory=list)


def notebook_dir() -> Path:
    """Where the notebooks are: beside the package in a checkout (an editable install)."""
    if not NOTEBOOK_DIR.is_dir():
        raise ParameterError(f"folder notebooks tidak ditemukan di {NOTEBOOK_DIR}",
                             hint="Jalankan iku dari salinan repositori yang terpasang dengan `pip install -e .`.")
    return NOTEBOOK_DIR


def _quiet_imports() -> None:
    """Skip rfc3987_syntax, which builds a grammar for a second at import.

    nbformat validates notebooks with jsonschema, whose format checker imports it only to check
    the 'iri' format; no notebook schema uses that format. Blocking the import here (in the runner
    process only) saves about a second per process without changing any result.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


class Kernel:
    """One Python kernel shared by the notebooks of a year (they run in order, each imports what
    it uses), so a year pays for one kernel start and one import of pandas, not three."""

    def __init__(self, cwd: Path):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.km = AsyncKernelManager(kernel_name="python3")
        run_sync(self.km.start_kernel)(cwd=str(cwd))

    def close(self) -> None:
        self._run_sync(self.km.shutdown_kernel)(now=True)


def _execute(name: str, out_nb: Path, params: dict, year: int, kernel: Kernel | None = None) -> None:
    _quiet_imports()
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    extra = {"km": kernel.km} if kernel is not None else {}
    try:
        pm.execute_notebook(str(notebook_dir() / f"{name}.ipynb"), str(out_nb), parameters=params,
                            kernel_name="python3", progress_bar=False, log_output=False,
                            cwd=str(notebook_dir()), **extra)
    except PapermillExecutionError as exc:
        line = (exc.evalue or "").strip().splitlines()
        raise NotebookError(f"{exc.ename}: {line[-1] if line else ''}", year=year, notebook=name,
                            cell=exc.cell_index + 1,
                            hint=f"Buka notebook yang gagal di {FAILED_DIR}/{year}/ untuk melihat sel dan pesannya.") from None


_EXPORTERS: dict[bool, object] = {}


def _to_html(nb_path: Path, html_path: Path, with_code: bool) -> None:
    _quiet_imports()
    import nbformat
    from nbconvert import HTMLExporter

    exporter = _EXPORTERS.get(with_code)
    if exporter is None:
        exporter = HTMLExporter(template_name="lab")
        exporter.exclude_input = not with_code
        exporter.exclude_input_prompt = not with_code
        exporter.exclude_output_prompt = True
        exporter.mathjax_url = ""
        _EXPORTERS[with_code] = exporter
    nb = nbformat.read(str(nb_path), as_version=4)
    body, _ = exporter.from_notebook_node(nb)
    html_path.write_text(_offline(body), encoding="utf-8")


def _offline(page: str) -> str:
    """Drop every script of the template (MathJax, Mermaid from a CDN): the pages show data and
    run nothing, and they open offline."""
    import re

    return re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S | re.I)


def build_year(year: int, raw_dir: Path, out_dir: Path, processed_dir: Path, params: dict) -> YearOutcome:
    """Build one year in a temporary folder and publish it; never leaves a half-written year."""
    start = time.perf_counter()
    outcome = YearOutcome(year, ok=False)
    tmp = out_dir / f".tmp-{year}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "audit").mkdir(parents=True)
    nb_params = {"year": year, "raw_dir": str(raw_dir), "processed_dir": str(processed_dir),
                 "output_dir": str(tmp), **params}
    kernel = None
    try:
        kernel = Kernel(notebook_dir())
        for name in NOTEBOOKS:
            t0 = time.perf_counter()
            executed = tmp / "audit" / f"{name}_{year}.ipynb"
            _execute(name, executed, nb_params, year, kernel)
            _to_html(executed, executed.with_suffix(".html"), with_code=True)
            if name == REPORT_NOTEBOOK:
                _to_html(executed, tmp / f"laporan_iku_{year}.html", with_code=False)
            outcome.steps.append((name, time.perf_counter() - t0))
            print(f"  {year} {name}: {time.perf_counter() - t0:.1f} s", flush=True)
        kernel.close()
        kernel = None
        from .provenance import write_manifest

        write_manifest(tmp, year, raw_dir, params, started=start)
    except IkuError as exc:
        failed = out_dir / FAILED_DIR / str(year)
        shutil.rmtree(failed, ignore_errors=True)
        failed.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(tmp), str(failed))
        outcome.error = exc.message() + f"\n  Notebook yang gagal disimpan di {failed}"
        outcome.seconds = time.perf_counter() - start
        return outcome
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if kernel is not None:
            kernel.close()
    final = out_dir / str(year)
    old = out_dir / f".old-{year}-{os.getpid()}"
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(out_dir / FAILED_DIR / str(year), ignore_errors=True)
    payload = json.loads((final / f"iku_{year}.json").read_text(encoding="utf-8"))
    outcome.statuses = {r["kode"]: r["status"] for r in payload["indikator"]}
    outcome.warnings = published_warnings(final, year)
    outcome.ok = True
    outcome.report = str(final / f"laporan_iku_{year}.html")
    outcome.seconds = time.perf_counter() - start
    return outcome


def _data_lines(path: Path) -> int:
    """Rows of a CSV written by the workflow (one line per row after the header)."""
    if not path.exists():
        return 0
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        return max(sum(1 for _ in csv.reader(f)) - 1, 0)


def published_warnings(year_dir: Path, year: int) -> list[str]:
    """What --strict counts as warnings, read back from the published audit files."""
    out = []
    n = _data_lines(year_dir / "audit" / f"baris_ditolak_{year}.csv")
    if n:
        out.append(f"{n} baris ditolak (lihat audit/baris_ditolak_{year}.csv)")
    n = _data_lines(year_dir / "audit" / f"catatan_{year}.csv")
    if n:
        out.append(f"{n} nilai diterima dengan koreksi/catatan (lihat audit/catatan_{year}.csv)")
    return out


def precheck(raw_dir: Path, years: list[int], params: dict) -> dict[int, list[str]]:
    """The validate step before any kernel starts: every structural error of every year at once.

    Only what can stop a run is checked here (files, sheets, header rows, required columns, the
    root tables' keys); the rows themselves are cleaned once, by notebook 01.
    """
    errors: list[IkuError] = []
    warnings: dict[int, list[str]] = {}
    for year in years:
        warnings[year] = check_structure(raw_dir, year, params["accumulation_start_year"], errors)
    if errors:
        if len(errors) == 1:
            raise errors[0]
        raise IkuError(f"{len(errors)} galat struktural:\n  - "
                       + "\n  - ".join(e.message().replace("\n", "\n    ") for e in errors),
                       hint="Perbaiki berkas di atas (lihat juga `iku validate`), lalu jalankan lagi.")
    return warnings


def run(raw_dir: Path, out_dir: Path, processed_dir: Path, years: list[int] | None = None,
        jobs: int | None = None, strict: bool = False, rat_window_years: int = 1,
        accumulation_start_year: int = 2025) -> int:
    raw_dir, out_dir, processed_dir = Path(raw_dir).resolve(), Path(out_dir).resolve(), Path(processed_dir).resolve()
    if not raw_dir.is_dir():
        raise ParameterError(f"folder data mentah {raw_dir} tidak ada", hint="Berikan --raw-dir yang benar.")
    found = year_folders(raw_dir)
    years = sorted(set(years or found))
    if not years:
        raise ParameterError(f"tidak ada folder tahun di {raw_dir}", hint="Buat folder per tahun, mis. data/raw/2025/.")
    absent = [y for y in years if y not in found]
    if absent:
        raise ParameterError(f"folder tahun {', '.join(map(str, absent))} tidak ada di {raw_dir}",
                             hint=f"Tahun yang tersedia: {', '.join(map(str, found)) or '-'}.")
    params = {"rat_window_years": rat_window_years, "accumulation_start_year": accumulation_start_year}
    for y in years:
        check_params(raw_dir, y, rat_window_years, accumulation_start_year)
    t0 = time.perf_counter()
    warnings = precheck(raw_dir, years, params)
    print(f"Pemeriksaan data mentah: {len(years)} tahun, {time.perf_counter() - t0:.1f} s", flush=True)
    for folder in (out_dir, processed_dir):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ParameterError(f"folder {folder} tidak dapat dibuat ({exc.strerror})",
                                 hint="Pilih folder yang dapat ditulisi (--out / --processed-dir).") from None
    jobs = min(jobs or os.cpu_count() or 1, len(years))
    if jobs == 1:
        outcomes = [build_year(y, raw_dir, out_dir, processed_dir, params) for y in years]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(build_year, y, raw_dir, out_dir, processed_dir, params) for y in years]
            outcomes = [f.result() for f in futures]
    from .report import write_index

    write_index(out_dir)
    for o in outcomes:
        o.warnings = warnings.get(o.year, []) + o.warnings
    return _summary(outcomes, strict, out_dir)


def _summary(outcomes: list[YearOutcome], strict: bool, out_dir: Path) -> int:
    print("\nRingkasan:")
    print(f"  {'tahun':<6} {'ok':>3} {'tidak ok':>9} {'detik':>6}  laporan")
    failed = False
    for o in outcomes:
        if not o.ok:
            print(f"  {o.year:<6} {'-':>3} {'-':>9} {o.seconds:>6.1f}  GAGAL", flush=True)
            print(f"GAGAL: {o.error}", file=sys.stderr)
            failed = True
            continue
        good = sum(1 for s in o.statuses.values() if s == "ok")
        print(f"  {o.year:<6} {good:>3} {len(o.statuses) - good:>9} {o.seconds:>6.1f}  {o.report}")
        for kode, status in o.statuses.items():
            if status != "ok":
                print(f"         {kode}: {status}")
        for w in o.warnings:
            print(f"         peringatan: {w}")
    print(f"  indeks: {out_dir / 'index.html'}")
    if failed:
        return 1
    if strict:
        problems = [o for o in outcomes if o.warnings or any(s != "ok" for s in o.statuses.values())]
        if problems:
            print("GAGAL (--strict): ada peringatan atau indikator yang tidak ok pada tahun "
                  + ", ".join(str(o.year) for o in problems), file=sys.stderr)
            return 1
    return 0
