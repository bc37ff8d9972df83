"""Build one period with its notebooks and publish it whole, or not at all.

:func:`build_period` runs 01_pembersihan → 02_indikator → 03_laporan with papermill in one kernel
(started in the project folder, pointed at a staging folder beside the period folder), turns
them into HTML with nbconvert (the report without code, the audit copies with code), writes the
manifest and finally renames the staging folder into ``outputs/<label>``. A failure keeps the
earlier outputs of that period untouched and the half-run notebooks in ``outputs/_gagal/<label>``.
``iku run`` and ``iku verify`` both build periods through here.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import pandas as pd
import pyarrow.parquet as pq

from ..core import periods
from ..core.errors import IkuError, NotebookError, ParameterError, disk_error
from ..core.faults import kill_point, swap_in
from ..core.formats import fmt_angka
from ..core.layout import BUILDING_ENV, DATE_ENV, NOTEBOOKS, REPORT_NOTEBOOK, STAGING_ENV, Layout, report_date
from ..core.params import PROJECT_ROOT, Params, portable
from ..documents.results import read_results
from ..indicators.model import BELUM, OK
from ..indicators.registry import REGISTRY
from ..ingest.audit_trail import set_aside_notes
from .manifest import write_manifest
from .printing import Printers, print_period

log = logging.getLogger(__name__)

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
#: Keeps the kernel's own start-up notices (e.g. about its local TCP transport) out of the run's output.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]


@dataclass
class Outcome:
    params: Params
    ok: bool
    seconds: float = 0.0
    statuses: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    report: str | None = None
    error: str | None = None
    steps: list[tuple[str, float]] = field(default_factory=list)
    #: the indicators `belum tersedia` only because their source is published later by design
    #: (:func:`published_later`); they do not fail ``--strict``
    terjadwal: list[str] = field(default_factory=list)
    #: PDFs that could not be printed (the period is published without them; not a --strict failure)
    cetak: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.params.label

    def strict_problems(self) -> list[str]:
        """What fails ``iku run --strict`` in this period (spec section 12, decision 3): every
        warning, and every indicator not ``ok`` except those in :attr:`terjadwal`."""
        return self.warnings + [f"{kode} {status}" for kode, status in self.statuses.items()
                                if status != OK and kode not in self.terjadwal]


def seconds_text(seconds: float) -> str:
    """A duration as people read it on the console: '2,7 detik', '1.234,5 detik'."""
    return f"{fmt_angka(seconds, 1)} detik"


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


#: What the notebooks import, run by a period's kernel as it starts (IPython's ``exec_lines``: no
#: execution count, nothing recorded), while the run's pre-check may still be going on in the
#: parent process (see :class:`Gate`). The objects the imports made are then frozen out of the
#: cyclic garbage collector (:func:`gc.freeze`): they live as long as the kernel, and each full
#: collection would otherwise walk them all again.
PRELOAD = "import gc, pandas, matplotlib.pyplot, iku_helpers.steps.workflow, iku_helpers.documents.charts; gc.freeze()"
KERNEL_TIMEOUT = 120


class Kernel:
    """One Python kernel, and one client of it, shared by the notebooks of a period (they run in
    order, each imports what it uses), so a period pays for one kernel start, one import of pandas
    and one wait for the kernel to answer, not three."""

    def __init__(self, cwd: Path, env: dict[str, str]):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.km = AsyncKernelManager(kernel_name="python3")
        self.kc = None
        run_sync(self.km.start_kernel)(cwd=str(cwd), env={**os.environ, **env},
                                       extra_arguments=[*KERNEL_ARGS, f"--IPKernelApp.exec_lines={PRELOAD}"])

    def connect(self) -> None:
        """Connect the client once the kernel answers (it has run :data:`PRELOAD` by then)."""
        self.kc = self.km.client()
        self.kc.allow_stdin = False  # as nbclient's own clients: a cell asking for input fails, never waits
        self.kc.start_channels()
        self._run_sync(self._answered)()

    async def _answered(self) -> None:
        """jupyter_client's ``wait_for_ready``: kernel_info until the kernel answers on the shell
        channel and is heard on IOPub; without its last wait for IOPub to stay silent for 0.2 s, as
        nbclient reads only the messages of its own requests."""
        kc = self.kc
        deadline = time.monotonic() + KERNEL_TIMEOUT
        while True:
            kc.kernel_info()
            try:
                if (await kc.get_shell_msg(timeout=1))["msg_type"] == "kernel_info_reply":
                    await kc.get_iopub_msg(timeout=0.2)
                    return
            except Empty:
                pass
            if not await kc.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {KERNEL_TIMEOUT} seconds")

    def close(self) -> None:
        """Stop the kernel (once; a second call does nothing)."""
        if self.km is None:
            return
        if self.kc is not None:
            self.kc.stop_channels()
        self._run_sync(self.km.shutdown_kernel)(now=True)
        self.km = self.kc = None


class Gate:
    """Lets worker processes start and prepare their kernels while the parent still checks the
    raw data; no period is built until the parent opens the gate, and none at all when it opens
    it with ``go=False`` (the check failed)."""

    def __init__(self, context):
        self._open = context.Event()
        self._go = context.Value("b", 0)

    def open(self, go: bool) -> None:
        self._go.value = int(go)
        self._open.set()

    def wait(self) -> bool:
        self._open.wait()
        return bool(self._go.value)


_GATE: Gate | None = None


def set_gate(gate: Gate | None) -> None:
    """The gate the periods built in this (worker) process wait at."""
    global _GATE
    _GATE = gate


def _execute(name: str, out_nb: Path, params: Params, kernel: Kernel):
    """Run one notebook and return it executed. papermill saves it once at the end (on failure with
    the failing cell marked, which is what the _gagal folder keeps); on success the caller
    renumbers it and writes it again (:func:`_finish_notebook`)."""
    _quiet_imports()
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    try:
        return pm.execute_notebook(str(notebook_dir() / f"{name}.ipynb"), str(out_nb),
                                   parameters=params.notebook_values(), kernel_name="python3",
                                   progress_bar=False, log_output=False, km=kernel.km, shared_kc=kernel.kc,
                                   engine_name=_shared_client_engine(), request_save_on_cell_execute=False)
    except PapermillExecutionError as exc:
        line = (exc.evalue or "").strip().splitlines()
        raise NotebookError(f"{exc.ename}: {line[-1] if line else ''}", year=params.year, notebook=name,
                            cell=exc.cell_index + 1,
                            hint=f"Buka notebook yang gagal di {Layout(params).failed_dir()} untuk melihat sel dan pesannya.") from None


@functools.cache
def _shared_client_engine() -> str:
    """The name of a papermill engine, registered once per process, that runs a notebook with the
    period's connected kernel client (``shared_kc``). papermill's own engine (nbclient) connects a
    new client to the same kernel for every notebook and waits for it to answer: 0.2 s each."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class SharedClient(PapermillNotebookClient):
        def __init__(self, nb_man, shared_kc=None, **kw):
            super().__init__(nb_man, **kw)
            self.kc = shared_kc  # nbclient connects a client of its own only when there is none

    class SharedClientEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None, **kwargs):
            """:meth:`NBClientEngine.execute_managed_notebook` (papermill 2.7) with :class:`SharedClient`."""
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(safe_kwargs, timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                                        startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
                                        log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            return SharedClient(nb_man, **final_kwargs).execute()

    papermill_engines.register("iku-shared-client", SharedClientEngine)
    return "iku-shared-client"


def renumber(nb) -> None:
    """Execution counts from 1 in each notebook (the kernel is shared, so they would run on)."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.get("execution_count") is None:
            continue
        count += 1
        cell.execution_count = count
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = count


@functools.cache
def _html_exporter():
    """The HTML exporter of this process: one for the audit copies and the report alike, so that
    its templates are compiled once."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_output_prompt = True
    exporter.mathjax_url = ""
    return exporter


def _exporter(with_code: bool):
    """The HTML exporter set for the audit copies (with code) or the report (without)."""
    exporter = _html_exporter()
    exporter.exclude_input = not with_code
    exporter.exclude_input_prompt = not with_code
    return exporter


def _to_html(nb, html_path: Path, with_code: bool, title: str) -> None:
    """The page of an executed notebook; ``title`` names it in the browser tab and on every printed
    page (nbconvert's default is "Notebook")."""
    body, _ = _exporter(with_code).from_notebook_node(nb, resources={"metadata": {"name": title}})
    html_path.write_text(_offline(body), encoding="utf-8")


@functools.cache
def warm_up() -> None:
    """Import papermill and nbconvert, once per process (a third of a second of CPU).

    :func:`build_period` calls it in a second thread as the period's kernel starts, so that the two
    overlap; the HTML templates are compiled by the first page (:func:`_finish_notebook`), while
    the kernel runs the next notebook. The objects made are then frozen out of the cyclic garbage
    collector (see :data:`PRELOAD`).
    """
    _quiet_imports()
    import papermill  # noqa: F401 - imported here, not while the first notebook waits for it
    from nbconvert import HTMLExporter  # noqa: F401

    gc.freeze()


def _offline(page: str) -> str:
    """Drop every script of the template (MathJax, Mermaid from a CDN): the pages show data and
    run nothing, and they open offline."""
    return re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S | re.I)


def _finish_notebook(nb, name: str, lay: Layout, final: Layout) -> None:
    """Renumber the executed notebook, record where it came from and where it is published
    (paths relative to the project), save it, and write its HTML copies."""
    _quiet_imports()
    import nbformat

    path = lay.executed(name)
    renumber(nb)
    meta = nb.metadata.get("papermill", {})
    meta["input_path"] = portable(notebook_dir() / f"{name}.ipynb")
    meta["output_path"] = portable(final.executed(name))
    nbformat.write(nb, str(path))
    period = periods.nama_periode(lay.params.year, lay.params.triwulan)
    _to_html(nb, lay.executed(name, "html"), with_code=True, title=f"{name} — {period} (salinan audit)")
    if name == REPORT_NOTEBOOK:
        _to_html(nb, lay.report, with_code=False, title=f"Laporan Indikator Kinerja Utama — {period}")


def _run_notebooks(kernel: Kernel, lay: Layout, final: Layout, outcome: Outcome) -> None:
    """Run the notebooks in order in ``kernel``, then stop it. Each executed notebook is saved and
    turned into HTML (:func:`_finish_notebook`) in a second thread while the kernel already runs
    the next one (or stops); nothing is left running when this returns or raises."""
    params = lay.params
    finished = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="finish") as finishing:
        for name in NOTEBOOKS:
            t0 = time.perf_counter()
            nb = _execute(name, lay.executed(name), params, kernel)
            finished.append(finishing.submit(_finish_notebook, nb, name, lay, final))
            outcome.steps.append((name, time.perf_counter() - t0))
            log.info("  %s %s: %s", params.label, name, seconds_text(time.perf_counter() - t0))
            kill_point("notebook")
        kernel.close()
    for done in finished:
        done.result()  # its error, if any


def _rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0


def _corrections(path: Path) -> int:
    """Notes that are corrections or remarks, not rows set aside by design (*dilewati*)."""
    if not path.exists():
        return 0
    catatan = pq.read_table(path, columns=["catatan"]).to_pandas()["catatan"]
    return int((~set_aside_notes(catatan)).sum())


def published_warnings(lay: Layout) -> list[str]:
    """What --strict counts as warnings, read back from the published audit files. Rows dilewati
    by design (PDRB sub-categories, notes under BPS's table) are not warnings."""
    out = []
    n = _rows(lay.ledger.parquet)
    if n:
        out.append(f"{fmt_angka(n)} baris ditolak (lihat {lay.link(lay.ledger.for_people())})")
    n = _corrections(lay.notes.parquet)
    if n:
        out.append(f"{fmt_angka(n)} nilai diterima dengan koreksi/catatan (lihat {lay.link(lay.notes.for_people())})")
    return out


#: The indicators whose source is published later by design (spec section 12, decision 3), with
#: that source's table (the registry's ``terbit_kemudian``).
PUBLISHED_LATER = {kode: ind.terbit_kemudian for kode, ind in REGISTRY.items() if ind.terbit_kemudian}


def delivered_tables(lay: Layout) -> set[str]:
    """The tables the period read, from its published reconciliation (column ``tabel``)."""
    if not lay.reconciliation.exists():
        return set()
    return set(pd.read_csv(lay.reconciliation, usecols=["tabel"], dtype="string")["tabel"].dropna())


def published_later(params: Params, indikator: list[dict], delivered: set[str]) -> list[str]:
    """The codes `belum tersedia` only because their source is published later by design: for a
    quarter (q < 4) always, since the source is published once a year; for the annual report only
    when the source's table was delivered (so it lacks year n: not released yet). A table not
    delivered at all, and ``tidak dapat dihitung``, are not: they still fail ``--strict``.

    >>> published_later(Params(year=2026, triwulan=2), [{"kode": "IT-1", "status": "belum tersedia"}], set())
    ['IT-1']
    >>> published_later(Params(year=2026), [{"kode": "IT-1", "status": "belum tersedia"}], set())
    []
    """
    return [r["kode"] for r in indikator
            if r["status"] == BELUM and r["kode"] in PUBLISHED_LATER
            and (not params.is_annual or PUBLISHED_LATER[r["kode"]] in delivered)]


def build_period(params: Params, tanggal: str | None = None, building: Collection[str] = (),
                 printers: Printers | None = None) -> Outcome:
    """Build one period in a staging folder and publish it; never leaves a half-written period.

    ``tanggal`` (YYYY-MM-DD) is the date its documents carry: ``iku run`` gives one date for all its
    periods, ``iku verify`` the one the manifest recorded (so that the workbook is reproduced byte
    for byte); else :func:`~iku_helpers.core.layout.report_date`. ``building``: the labels of every
    period ``iku run`` builds (the comparison does not compare with a published period the run
    republishes, :meth:`~iku_helpers.core.layout.Layout.earlier_year`); empty for ``iku verify``."""
    start = time.perf_counter()
    outcome = Outcome(params, ok=False)
    final = Layout(params)
    staging = final.staging_dir()
    lay = Layout(params, staging)
    tanggal = tanggal or report_date().isoformat()
    kernel = Kernel(PROJECT_ROOT, {STAGING_ENV: str(staging), DATE_ENV: tanggal,
                                   BUILDING_ENV: " ".join(sorted(building))})
    warming = threading.Thread(target=warm_up, name="warm_up")  # while the kernel starts
    warming.start()
    try:
        kernel.connect()
        go = _GATE is None or _GATE.wait()
    except BaseException:
        kernel.close()
        raise
    finally:
        warming.join()
    if not go:
        kernel.close()
        outcome.error = "dibatalkan: pemeriksaan data mentah gagal"
        return outcome
    shutil.rmtree(staging, ignore_errors=True)
    try:
        lay.audit_dir.mkdir(parents=True)
        _run_notebooks(kernel, lay, final, outcome)
        if printers is not None:
            t0 = time.perf_counter()
            outcome.cetak = print_period(lay, printers)
            outcome.steps.append(("pdf", time.perf_counter() - t0))
            log.info("  %s pdf: %s", params.label, seconds_text(time.perf_counter() - t0))
        write_manifest(lay, started=start, tanggal=tanggal, building=building)
        kill_point("manifest")
        _publish(staging, final)
    except OSError as exc:  # a full disk, a share gone: nothing is published, the earlier period stays
        shutil.rmtree(staging, ignore_errors=True)
        outcome.error = disk_error(exc, final.period_dir).message()
        outcome.seconds = time.perf_counter() - start
        return outcome
    except IkuError as exc:
        failed = final.failed_dir()
        shutil.rmtree(failed, ignore_errors=True)
        failed.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(failed))
        outcome.error = exc.message() + f"\n  Notebook yang gagal disimpan di {failed}"
        outcome.seconds = time.perf_counter() - start
        return outcome
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        kernel.close()
    kill_point("terbit")
    payload = read_results(final)
    outcome.statuses = {r["kode"]: r["status"] for r in payload["indikator"]}
    outcome.terjadwal = published_later(params, payload["indikator"], delivered_tables(final))
    outcome.warnings = published_warnings(final)
    outcome.ok = True
    outcome.report = str(final.report)
    outcome.seconds = time.perf_counter() - start
    return outcome


def _publish(staging: Path, final: Layout) -> None:
    """Put the staging folder in the period's place (the earlier one back if that fails)."""
    swap_in(staging, final.period_dir, final.replaced_dir())
    shutil.rmtree(final.failed_dir(), ignore_errors=True)
