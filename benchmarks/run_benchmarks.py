#!/usr/bin/env python3
"""Benchmarks of the IKU workflow on a large synthetic UMKM register, against the read floor.

    make bench                                         # the full run (about 15 minutes), writes docs/performance.md
    .venv/bin/python benchmarks/run_benchmarks.py --quick         # 10k and 100k only (smoke run)
    .venv/bin/python benchmarks/run_benchmarks.py --repeats 1     # fewer repeats
    .venv/bin/python benchmarks/run_benchmarks.py --profile       # cProfile of step b (1M CSV, sample) only

What is measured, each in a fresh child Python process (imports and peak memory isolated; the
child times only the measured call and reports ``resource.getrusage(RUSAGE_SELF).ru_maxrss``):

a. read floor: pandas only reading the UMKM register and the facilitation file
   (``pd.read_csv(engine="pyarrow", dtype="str")``; ``pd.read_excel(engine="calamine",
   header=None, dtype=object)`` per xlsx file);
b. ``compute_all(sources_from_year(load_year(raw, year)))``: reading, cleaning and indicators; then,
   timed apart and not in b, the year's tindak lanjut (kebutuhan and the sorted candidate lists);
c. the whole ``iku run --year Y --jobs 1`` (notebooks, HTML, manifest), timed from outside;
d. a and b at 10k, 100k and 1M rows (CSV) and at 1M rows in ten xlsx files of 100k;
e. ``iku run`` of the bundled sample (every year, default jobs), with and without printing, against
   one papermill CLI run of a notebook that imports pandas and matplotlib;
i. the goals of issue 27: ``iku validate`` of the 1M CSV year against a fresh process that imports
   pandas and pyarrow and reads every CSV of the folder; ``iku run --tanpa-pdf`` of the 1M xlsx
   year against its calamine read (a); ``iku validate`` of a wide koperasi register (1M rows × 40
   columns, one xlsx; generate_large.py --wide-koperasi) with its peak memory and its calamine read;
h. ``iku validate --year Y`` without and with ``--annotate`` (the annotated copies and pages for the
   bidang) on the 100k-row register, as CSV and as one xlsx file, and on the bundled sample;
f. five RPJMD years of 100k rows: ``iku run`` of all (processed cache empty), then the last year
   with the cache filled, against the same year alone (notebook 02's time, goal 5); the 1M run of
   c also gives the published size (goal 6) and notebook 02 against notebook 01 (goal 7).

The data are written by benchmarks/generate_large.py into benchmarks/data/ (git-ignored) and
reused by later runs. Repeats: 3 for up to 100k rows, 2 at 1M, 5 for the empty notebook, 1 for
the ``iku run`` steps; the first run of every measurement is done first, and further repeats are
skipped (and reported) when they would push the whole run past ``--budget`` seconds. The report
flags runs during which other work used the CPU (from /proc/stat) and a change of the measured
code while the benchmark ran (someone editing iku_helpers in the same checkout).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
DOC = ROOT / "docs" / "performance.md"
QUICK_DOC = DATA / "performance_quick.md"
YEAR = 2025
SAMPLE_RAW = ROOT / "data" / "raw"
SAMPLE_LABEL = "data contoh bawaan (data/raw, 2 tahun)"
PY = sys.executable
MEMORY_GOAL_BYTES = 2 * 10**9  # "peak memory ≤ 2 GB" read strictly: 2·10⁹ bytes (1,907 MiB)
OTHER_CPU_LIMIT = 0.25  # cores used by other processes during a run before it is flagged as disturbed
PACKAGES = ("pandas", "pyarrow", "python-calamine", "numpy", "openpyxl", "papermill", "pandera")

sys.path.insert(0, str(HERE))
import generate_large as gen  # noqa: E402  (found through the sys.path line above)

#: Every measured process runs with Python's bytecode cache on, as on a user's machine (this
#: workplace sets PYTHONDONTWRITEBYTECODE, which makes every process compile every module again).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
RPJMD_YEARS = (2025, 2026, 2027, 2028, 2029)
WIDE_ROWS = 1_000_000
#: The profile of the code before issue 27 (`--profile-out` on that commit), shown beside today's.
PROFILE_BEFORE = HERE / "profil_sebelum.txt"
HISTORY_ROWS = 100_000


# --- child processes -------------------------------------------------------------------------

def _maxrss_kib() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def child_floor(spec: dict) -> dict:
    import pandas as pd

    rows = 0
    t0 = time.perf_counter()
    for f in spec["files"]:
        if f["kind"] == "csv":
            frame = pd.read_csv(f["path"], engine="pyarrow", dtype="str", sep=f["sep"])
        else:
            frame = pd.read_excel(f["path"], engine="calamine", header=None, dtype=object)
        rows += len(frame)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "maxrss_kib": _maxrss_kib(), "rows": rows}


def child_clean(spec: dict) -> dict:
    from iku_helpers.core.params import Params
    from iku_helpers.indicators.model import sources_from_year
    from iku_helpers.indicators.registry import compute_all
    from iku_helpers.indicators.worklist import tindak_lanjut
    from iku_helpers.ingest.audit_trail import ROW_BUCKETS
    from iku_helpers.ingest.dataset import load_year

    profiler = None
    if spec.get("profile"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    data = load_year(Params(year=spec["year"], raw_dir=spec["raw"]))
    t1 = time.perf_counter()
    sources = sources_from_year(data)
    table, results = compute_all(sources)
    t2 = time.perf_counter()
    tindak_lanjut(data.params, sources, results, table)  # kebutuhan and the sorted candidate lists (spec 11)
    t3 = time.perf_counter()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(spec["profile"])
    rec = data.reconciliation()
    parts = rec[ROW_BUCKETS].sum(axis=1)
    umkm = rec[rec["tabel"] == "usaha_mikro"]
    return {
        "seconds": t2 - t0, "load_seconds": t1 - t0, "compute_seconds": t2 - t1, "tindak_lanjut_seconds": t3 - t2,
        "maxrss_kib": _maxrss_kib(),
        "identity_ok": bool((rec["baris_dibaca"] == parts).all()),
        "umkm_read": int(umkm["baris_dibaca"].sum()), "umkm_kept": int(umkm["baris_diterima"].sum()),
        "fas_read": int(rec.loc[rec["tabel"] == "fasilitasi_usaha_mikro", "baris_dibaca"].sum()),
        "missing": list(data.missing),
        "indicators": {r.kode: [r.pembilang, r.penyebut, r.realisasi, r.status] for r in table.itertuples()},
    }


FLOOR_NOTEBOOK = DATA / "kosong_impor.ipynb"


def write_floor_notebook() -> Path:
    """The floor of goal 4: a notebook whose one cell imports pandas and matplotlib."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import pandas\nimport matplotlib")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    FLOOR_NOTEBOOK.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(FLOOR_NOTEBOOK))
    return FLOOR_NOTEBOOK


#: The floor of goal A as a whole process (timed from outside, imports included): Python starts,
#: imports pandas and pyarrow and reads every CSV file of the raw folder (its delimiter from its
#: first line), as `iku validate` must at least do.
FLOOR_PROCESS_CODE = """
import sys
from pathlib import Path
import pandas as pd
import pyarrow
for f in sorted(Path(sys.argv[1]).rglob("*.csv")):
    with open(f, encoding="utf-8-sig", errors="replace") as fh:
        first = fh.readline()
    sep = max(";,\t", key=first.count)
    pd.read_csv(f, engine="pyarrow", dtype="str", sep=sep, skiprows=0)
"""


def child_profile_lines(stats_path: str, top: int) -> list[str]:
    """The profile's top lines as the page shows them: iku_helpers functions by cumulative time, then
    every function by its own time."""
    import pstats

    st = pstats.Stats(stats_path)
    ours, overall = [], []
    for (filename, line, func), (_cc, nc, tt, ct, _) in st.stats.items():
        name = f"{Path(filename).name}:{line}({func})"
        if f"{os.sep}iku_helpers{os.sep}" in filename:
            ours.append((ct, tt, nc, "iku_helpers/" + filename.split(f"{os.sep}iku_helpers{os.sep}")[1] + f":{line}({func})"))
        overall.append((tt, ct, nc, name if "site-packages" not in filename
                        else filename.split("site-packages" + os.sep)[1] + f":{line}({func})"))
    ours.sort(reverse=True)
    overall.sort(reverse=True)
    lines = [f"{'kumulatif s':>11} {'sendiri s':>9} {'panggilan':>9}  fungsi iku_helpers (menurut waktu kumulatif)"]
    lines += [f"{ct:11.2f} {tt:9.2f} {nc:9d}  {name}" for ct, tt, nc, name in ours[:top]]
    lines += ["", f"{'sendiri s':>11} {'kumulatif s':>11} {'panggilan':>9}  semua fungsi (menurut waktu sendiri)"]
    lines += [f"{tt:11.2f} {ct:11.2f} {nc:9d}  {name}" for tt, ct, nc, name in overall[:top]]
    return lines


CHILDREN = {"floor": child_floor, "clean": child_clean}


# --- the parent ------------------------------------------------------------------------------

@dataclass
class Measure:
    key: str
    label: str
    spec: dict | None = None            # a child measurement (kind + arguments) ...
    command: list[str] | None = None    # ... or a whole command timed from outside
    repeats: int = 1
    data: str = ""
    runs: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: int = 0

    def ok_runs(self) -> list[dict]:
        return [r for r in self.runs if r.get("ok")]

    def median(self, what: str = "seconds") -> float | None:
        vals = [r[what] for r in self.ok_runs() if r.get(what) is not None]
        return statistics.median(vals) if vals else None

    def fastest(self) -> float | None:
        vals = [r["seconds"] for r in self.ok_runs()]
        return min(vals) if vals else None

    def peak_mib(self) -> float | None:
        vals = [r["maxrss_kib"] for r in self.ok_runs() if r.get("maxrss_kib")]
        return max(vals) / 1024 if vals else None

    def step(self, name: str) -> float | None:
        """Median over the runs of one step's seconds as the run reported it ('2025 02_indikator')."""
        vals = [r["step_seconds"][name] for r in self.ok_runs() if name in r.get("step_seconds", {})]
        return statistics.median(vals) if vals else None

    def first(self, what: str):
        runs = self.ok_runs()
        return runs[0].get(what) if runs else None


class Bench:
    def __init__(self, budget: float):
        self.t0 = time.perf_counter()
        self.budget = budget
        self.log_lines: list[str] = []

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def say(self, msg: str) -> None:
        line = f"[{self.elapsed():6.1f} s] {msg}"
        print(line, flush=True)
        self.log_lines.append(line)

    def run_child(self, m: Measure) -> dict:
        cmd = [PY, str(Path(__file__).resolve()), "--child", json.dumps(m.spec)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=CHILD_ENV, check=False)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            return {"ok": False, "wall": wall, "error": _tail(proc.stderr or proc.stdout)}
        try:
            result = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            return {"ok": False, "wall": wall,
                    "error": "proses anak tidak mengirim JSON: " + _tail(proc.stdout + proc.stderr)}
        result.update(ok=True, wall=wall)
        return result

    def run_command(self, m: Measure) -> dict:
        """Run a whole command; wall time from outside, peak RSS of the largest process it waited for."""
        with tempfile.TemporaryDirectory(prefix="iku-bench-run-") as tmp:
            cmd = [a.replace("{TMP}", tmp) for a in m.command]
            log = Path(tmp) / "log.txt"
            with open(log, "w") as fh:
                t0 = time.perf_counter()
                proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, env=CHILD_ENV)
                _, status, usage = os.wait4(proc.pid, 0)
                wall = time.perf_counter() - t0
                proc.returncode = os.waitstatus_to_exitcode(status)
            text = log.read_text(errors="replace")
            out = Path(tmp) / "out"
            published = {d.name: sum(f.stat().st_size for f in d.rglob("*") if f.is_file())
                         for d in (out.iterdir() if out.is_dir() else []) if d.is_dir() and d.name[0].isdigit()}
        if proc.returncode != 0:
            return {"ok": False, "wall": wall, "error": f"kode keluar {proc.returncode}: " + _tail(text)}
        found = [(y, name, _seconds(sec)) for y, name, sec in re.findall(STEP_LINE, text, re.MULTILINE)]
        steps = [f"{y} {name} {_n(sec, 1)} s" for y, name, sec in found]
        steps += [f"pemeriksaan data mentah {_n(_seconds(sec), 1)} s" for sec in re.findall(PRECHECK_LINE, text)]
        return {"ok": True, "seconds": wall, "wall": wall, "maxrss_kib": int(usage.ru_maxrss), "steps": steps,
                "step_seconds": {f"{y} {name}": sec for y, name, sec in found},
                "published_bytes": published}

    def run(self, m: Measure, attempt: int) -> None:
        before = code_state()
        cpu0 = cpu_times()
        result = self.run_child(m) if m.spec is not None else self.run_command(m)
        cpu1 = cpu_times()
        after = code_state()
        result["code"] = before if before == after else f"{before}->{after}"
        if cpu0 and cpu1:
            # CPU time the machine spent on anything but this measurement's processes, per second
            other = (cpu1[0] - cpu0[0]) - (cpu1[1] - cpu0[1])
            result["other_cpu"] = max(other, 0.0) / result["wall"] if result["wall"] else 0.0
        m.runs.append(result)
        if result["ok"]:
            extra = ""
            if "load_seconds" in result:
                extra = f" (load_year {result['load_seconds']:.2f} s, compute_all {result['compute_seconds']:.2f} s)"
            busy = result.get("other_cpu", 0)
            flag = f" [other work on the machine: {busy:.2f} cores]" if busy > OTHER_CPU_LIMIT else ""
            self.say(f"{m.label} run {attempt}/{m.repeats}: {result['seconds']:.2f} s{extra}, "
                     f"peak {result['maxrss_kib'] / 1024:,.0f} MiB{flag}")
        else:
            m.errors.append(result["error"])
            self.say(f"{m.label} run {attempt}/{m.repeats}: FAILED\n{_indent(result['error'])}")

    def execute(self, measures: list[Measure]) -> None:
        """First run of every measurement, then the further repeats while the budget allows."""
        for m in measures:
            self.run(m, 1)
        for attempt in range(2, max((m.repeats for m in measures), default=1) + 1):
            for m in measures:
                if m.repeats < attempt or (m.runs and not m.runs[-1]["ok"]):
                    continue
                estimate = m.runs[-1]["wall"]
                if self.elapsed() + estimate > self.budget:
                    m.skipped += 1
                    self.say(f"{m.label} run {attempt}/{m.repeats}: skipped (about {estimate:.0f} s would pass "
                             f"the {self.budget:.0f} s budget)")
                    continue
                self.run(m, attempt)


#: A step's line in `iku run`'s log ("  2025 01_pembersihan: 1.234,5 detik") and the pre-check's.
STEP_LINE = r"^\s+(\d{4}(?:-tw\d)?) (\S+): ([\d.,]+) (?:s|detik)$"
PRECHECK_LINE = r"Pemeriksaan data mentah: .*?([\d.,]+) (?:s|detik)"


def _seconds(text: str) -> float:
    """Seconds as the log writes them, in the Indonesian way ('1.234,5') or not ('1234.5').

    >>> _seconds("1.234,5"), _seconds("37,9"), _seconds("2.5")
    (1234.5, 37.9, 2.5)
    """
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return float(text)


def _tail(text: str, n: int = 12) -> str:
    lines = [ln for ln in text.strip().splitlines() if "Kernel is running over TCP" not in ln]
    return "\n".join(lines[-n:])


def _indent(text: str) -> str:
    return "\n".join("    " + ln for ln in text.splitlines())


def cpu_times() -> tuple[float, float] | None:
    """(busy CPU seconds of the whole machine, CPU seconds of this process's finished children).

    Their difference over a measurement is the CPU that other work on the machine took (another
    user's tests, a hypervisor's steal), which makes timings noisy on a shared 2-core machine.
    """
    import resource

    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    busy = (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return busy, ru.ru_utime + ru.ru_stime


def code_state() -> str:
    """A short hash of the measured code (iku_helpers and the notebooks), to see whether it
    changed while the benchmark ran (someone editing the package in the same checkout)."""
    h = hashlib.sha256()
    for f in sorted(list((ROOT / "iku_helpers").rglob("*.py")) + list((ROOT / "notebooks").glob("*.ipynb"))):
        h.update(f.relative_to(ROOT).as_posix().encode())
        try:
            h.update(f.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:10]


# --- data ------------------------------------------------------------------------------------

def data_dir(fmt: str, rows: int) -> Path:
    return DATA / f"{fmt}_{rows}"


def ensure_data(bench: Bench, fmt: str, rows: int) -> tuple[Path, float | None]:
    """Generate a set unless the cache holds it (a child process: the parent stays small)."""
    out = data_dir(fmt, rows)
    marker = gen.read_marker(out)
    if marker is not None and marker.get("params") == gen.params_of(rows, fmt, YEAR, gen.ROWS_PER_FILE, gen.SEED):
        bench.say(f"data {out.relative_to(ROOT)}: cached")
        return out, None
    bench.say(f"data {out.relative_to(ROOT)}: generating {rows:,} rows ({fmt}) ...")
    t0 = time.perf_counter()
    subprocess.run([PY, str(HERE / "generate_large.py"), "--rows", str(rows), "--fmt", fmt, "--year", str(YEAR),
                    "--out", str(out)], check=True, cwd=ROOT)
    seconds = time.perf_counter() - t0
    bench.say(f"data {out.relative_to(ROOT)}: generated in {seconds:.1f} s")
    return out, seconds


def ensure_wide_data(bench: Bench) -> float | None:
    """Generate the wide koperasi register unless the cache holds it (about 3 minutes, once)."""
    out = wide_dir()
    marker = gen.read_marker(out)
    if marker is not None and marker.get("params") == gen.wide_params_of(WIDE_ROWS, gen.WIDE_COLUMNS, YEAR, gen.SEED):
        bench.say(f"data {out.relative_to(ROOT)}: cached")
        return None
    bench.say(f"data {out.relative_to(ROOT)}: generating {WIDE_ROWS:,} rows x {gen.WIDE_COLUMNS} columns ...")
    t0 = time.perf_counter()
    subprocess.run([PY, str(HERE / "generate_large.py"), "--wide-koperasi", "--rows", str(WIDE_ROWS),
                    "--year", str(YEAR), "--out", str(out)], check=True, cwd=ROOT)
    return time.perf_counter() - t0


def quarter_cache() -> Path:
    """The processed folder the quarterly runs (rows g) share."""
    return DATA / "triwulan_1000000_processed"


def history_dirs() -> tuple[Path, Path, Path]:
    """(every RPJMD year, the last year alone, the processed folder the RPJMD runs share)."""
    return DATA / "rpjmd_100000", DATA / "rpjmd_100000_alone", DATA / "rpjmd_100000_processed"


def ensure_history_data(bench: Bench) -> dict[str, float | None]:
    """Generate a 100k-row set for each RPJMD year and lay them out as one raw folder of five
    years (root tables of the last) and as a raw folder holding the last year alone."""
    import shutil

    seconds = {}
    for year in RPJMD_YEARS:
        out = DATA / f"csv_{HISTORY_ROWS}_{year}"
        marker = gen.read_marker(out)
        if marker is not None and marker.get("params") == gen.params_of(HISTORY_ROWS, "csv", year, gen.ROWS_PER_FILE, gen.SEED):
            seconds[_data_key("csv", HISTORY_ROWS, year)] = None
            continue
        bench.say(f"data {out.relative_to(ROOT)}: generating {HISTORY_ROWS:,} rows for {year} ...")
        t0 = time.perf_counter()
        subprocess.run([PY, str(HERE / "generate_large.py"), "--rows", str(HISTORY_ROWS), "--fmt", "csv",
                        "--year", str(year), "--out", str(out)], check=True, cwd=ROOT)
        seconds[_data_key("csv", HISTORY_ROWS, year)] = time.perf_counter() - t0
    rpjmd, alone, _ = history_dirs()
    last = DATA / f"csv_{HISTORY_ROWS}_{RPJMD_YEARS[-1]}"
    for target, years in ((rpjmd, RPJMD_YEARS), (alone, RPJMD_YEARS[-1:])):
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for f in last.iterdir():
            if f.is_file() and f.suffix == ".csv":
                shutil.copy2(f, target / f.name)
        for year in years:
            shutil.copytree(DATA / f"csv_{HISTORY_ROWS}_{year}" / str(year), target / str(year))
    return seconds


def floor_files(raw: Path) -> list[dict]:
    info = gen.read_marker(raw)
    files = []
    for path in gen.register_files(raw):
        kind = "csv" if path.suffix == ".csv" else "xlsx"
        files.append({"path": str(path), "kind": kind, "sep": info["delimiters"]["usaha_mikro"]})
    files.append({"path": str(raw / str(YEAR) / "fasilitasi_usaha_mikro.csv"), "kind": "csv",
                  "sep": info["delimiters"]["fasilitasi_usaha_mikro"]})
    return files


def warm_cache(paths: list[Path]) -> None:
    """Read every file once so that no measurement pays for a cold page cache."""
    for p in paths:
        for f in ([p] if p.is_file() else [q for q in p.rglob("*") if q.is_file()]):
            with open(f, "rb") as fh:
                while fh.read(1 << 24):
                    pass


def iku_command() -> list[str]:
    script = Path(PY).with_name("iku")
    return [str(script)] if script.exists() else [PY, "-m", "iku_helpers"]


# --- the report ------------------------------------------------------------------------------

def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{_n(int(line.split()[1]) / 1024**2, 1)} GiB"
                break
    except OSError:
        pass
    versions = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "-"
    commit, dirty = "", None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=False).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--", *CHECKED_DIRS], cwd=ROOT,
                                capture_output=True, text=True, check=False)
        dirty = bool(status.stdout.strip()) if status.returncode == 0 else None
    except OSError:
        pass
    return {"platform": platform.platform(), "cpu": cpu, "cores": os.cpu_count(), "memory": mem,
            "python": platform.python_version(), "versions": versions,
            "commit": commit, "dirty": dirty if commit else None, "source_hash": code_state()}


#: The folders whose uncommitted changes machine() looks for (``git status --porcelain -- ...``).
CHECKED_DIRS = ("iku_helpers", "notebooks", "benchmarks")


def code_line(info: dict) -> str:
    """The page's 'Kode yang diukur' line: the commit checked out when the report was written, whether
    CHECKED_DIRS held uncommitted changes then, and code_state() at that moment (the end of the run)."""
    names = [f"{d}/" for d in CHECKED_DIRS]
    dirs = ", ".join(names[:-1]) + " dan " + names[-1] if len(names) > 1 else names[0]
    if not info.get("commit"):
        where = "commit tidak diketahui (git tidak dapat membacanya)"
    elif info.get("dirty") is None:
        where = f"commit {info['commit']} (tidak dapat diperiksa apakah ada perubahan yang belum di-commit)"
    elif info["dirty"]:
        where = (f"commit {info['commit']} ditambah perubahan yang belum di-commit di {dirs}, jadi kode yang "
                 "diukur tidak sama persis dengan commit itu")
    else:
        where = f"commit {info['commit']} (tanpa perubahan yang belum di-commit di {dirs})"
    return (f"- Kode yang diukur: {where}; sidik kode sumber {info['source_hash']} (iku_helpers/**/*.py dan "
            "notebooks/*.ipynb, dihitung pada akhir pengukuran).")


def _n(x: float, digits: int = 0) -> str:
    """A number as the page shows it, in the Indonesian way: 1.000.000 and 0,25 (display only)."""
    return f"{x:,.{digits}f}".translate(_ID_SEPARATORS)


_ID_SEPARATORS = str.maketrans(",.", ".,")


def _s(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else _n(x, digits)


def _x(r: float | None) -> str:
    return "–" if r is None else (f"{_n(r, 2)}×" if r < 10 else f"{_n(r, 1)}×")


def _data_key(fmt: str, rows: int, year: int | None = None) -> str:
    """How the page names a generated data set in its 'Pembuatan data' line ('csv 100.000 (2026)')."""
    return f"{fmt} {_n(rows)}" + ("" if year is None else f" ({year})")


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _runs(m: Measure) -> str:
    n = len(m.ok_runs())
    text = str(n)
    if m.errors:
        text += f" ({len(m.errors)} gagal)"
    if m.skipped:
        text += f" ({m.skipped} dilewati)"
    return text


def build_report(sets: list[dict], runs: dict[str, Measure], goals: list[tuple], checks: list[str],
                 info: dict, started: dt.datetime, total: float, generation: dict, quick: bool,
                 notes: list[str], goals27: list[tuple] = (), profiles: dict[str, list[str]] | None = None) -> str:
    v = info["versions"]
    out = [
        "# Kinerja: daftar UMKM besar dibandingkan dengan batas bawah baca",
        "",
        "Halaman ini ditulis oleh `benchmarks/run_benchmarks.py` (jalankan dengan `make bench`; `--quick` untuk",
        "uji singkat pada 10 ribu dan 100 ribu baris). Skrip itu mengukur lama alur kerja pada folder data",
        "mentah sintetis yang besar (benchmarks/generate_large.py: daftar UMKM berisi 10 ribu, 100 ribu, dan",
        "1 juta baris dengan kesalahan isian seperti pada data contoh bawaan, ditambah berkas fasilitasi",
        "sebanyak 30% dari daftar UMKM, sekitar 2.000 koperasi, dan tabel-tabel kecil) lalu membandingkannya",
        "dengan *batas bawah baca*: waktu yang diperlukan pandas saja untuk membaca daftar UMKM dan berkas",
        "fasilitasi yang sama (`pd.read_csv(engine=\"pyarrow\", dtype=\"str\")`, atau",
        "`pd.read_excel(engine=\"calamine\", header=None, dtype=object)` untuk setiap berkas xlsx). Setiap",
        "pengukuran berjalan dalam proses Python yang baru; waktunya tidak mencakup impor dan hanya mencakup",
        "pemanggilan yang diukur; memori puncak adalah `ru_maxrss` proses itu (termasuk impor). Waktu adalah",
        "median dari pengulangan yang tercantum; memori puncak adalah nilai terbesar dari pengulangan itu.",
        "Baris tabel `iku run` diukur dari luar (seluruh perintah, termasuk saat interpreter dimulai); memori",
        "puncaknya adalah memori proses tunggal terbesar selama perintah itu berjalan (termasuk kernel).",
        "Setiap proses yang diukur berjalan dengan cache bytecode Python aktif, seperti di komputer pengguna",
        "(lingkungan kerja ini menetapkan `PYTHONDONTWRITEBYTECODE`, yang akan membuat setiap proses",
        "mengompilasi ulang semua modul). Baris tabel e membandingkan `iku run` pada data contoh bawaan dengan",
        "satu kali menjalankan papermill CLI atas notebook yang mengimpor pandas dan matplotlib. Baris tabel f",
        "menjalankan kelima tahun RPJMD sekali, masing-masing dengan daftar UMKM 100 ribu baris (cache data",
        "olahan masih kosong), lalu tahun terakhir sekali lagi dengan cache yang telah diisi oleh eksekusi",
        "itu, dan tahun yang sama dalam folder data mentahnya sendiri. Baris tabel g membuat keempat periode",
        "tahun dengan 1 juta baris dalam satu eksekusi (satu kali pembersihan; setiap periode menghitung",
        "indikator triwulan sebelumnya untuk tabel evaluasinya dari cache), lalu triwulan kedua sekali lagi",
        "dengan cache yang sudah terisi. Baris tabel h mengukur `iku validate` tanpa dan dengan `--annotate`",
        "(salinan .xlsx beranotasi dari setiap berkas yang memiliki baris ditolak, ditulis dengan XlsxWriter",
        "dalam mode memori tetap (constant-memory), serta halaman per bidang) pada daftar UMKM 100 ribu baris",
        "sebagai CSV dan sebagai satu berkas xlsx (setiap salinan memuat semua baris berkasnya: daftar UMKM",
        "dan berkas fasilitasi), serta pada data contoh bawaan. Baris tabel i mengukur sasaran issue 27:",
        "`iku validate` tahun CSV 1 juta baris dibandingkan dengan proses Python baru yang mengimpor pandas dan",
        "pyarrow lalu membaca setiap CSV folder yang sama (keduanya diukur dari luar, termasuk saat interpreter",
        "dimulai), `iku run --tanpa-pdf` tahun XLSX 1 juta baris dibandingkan dengan batas bawah baca a-nya,",
        "dan `iku validate` daftar koperasi 1 juta baris × 40 kolom (ekspor bergaya OSS dalam satu berkas",
        "xlsx: 7 kolom dikenal, 33 kolom tambahan yang tetap dibawa ke data olahan menurut spec bagian 3).",
        "Eksekusi `iku run` untuk sasaran issue 27 memakai `--tanpa-pdf`: sasaran itu ditetapkan sebelum",
        "`iku run` mencetak PDF; eksekusi yang mencetak PDF tetap diukur di baris c, e dan g.",
        "",
        f"- Waktu pengukuran: {started:%Y-%m-%d %H:%M} (waktu setempat), lama seluruhnya {_n(total)} s"
        + (", **uji singkat** (hanya 10 ribu dan 100 ribu baris)" if quick else "") + ".",
        f"- Mesin: {info['platform']}; CPU {info['cpu']}, {info['cores']} inti; memori {info['memory']}.",
        (f"- Python {info['python']}; pandas {v['pandas']}, pyarrow {v['pyarrow']}, python-calamine "
         f"{v['python-calamine']}, numpy {v['numpy']}, openpyxl {v['openpyxl']}, papermill {v['papermill']}, "
         f"pandera {v['pandera']}."),
        code_line(info),
        "- Pembuatan data: " + ", ".join(f"{k} {('dari cache' if s is None else f'dibuat dalam {s:.0f} s')}"
                                         for k, s in generation.items()) + ".",
        "",
        "## Membaca, membersihkan, dan menghitung indikator dalam satu proses",
        "",
        ("a = batas bawah baca; b = `compute_all(sources_from_year(load_year(raw, year)))`; kolom terakhir: "
         "`tindak_lanjut(...)` sesudah b dalam proses yang sama (kebutuhan dan daftar kandidat yang diurutkan "
         "per kecamatan dan nama, spec bagian 11), tidak termasuk dalam b."),
        "",
        ("| data | baris UMKM | baris fasilitasi | pengulangan a / b | a: batas bawah baca (s) "
         "| a: memori puncak (MiB) | b: pembersihan + indikator (s) | di antaranya compute_all (s) "
         "| b: memori puncak (MiB) | b ÷ a | baris UMKM/s (b) | sesudah b: tindak lanjut (s) |"),
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sets:
        a, b = s["floor"], s["clean"]
        tb = b.median()
        out.append(
            f"| {s['label']} | {_n(s['rows'])} | {_n(s['fas_rows'])} | {_runs(a)} / {_runs(b)} | {_s(a.median())} "
            f"| {_s(a.peak_mib(), 0)} | {_s(tb)} | {_s(b.median('compute_seconds'))} | {_s(b.peak_mib(), 0)} "
            f"| {_x(_ratio(tb, a.median()))} | {_s(s['rows'] / tb if tb else None, 0)} "
            f"| {_s(b.median('tindak_lanjut_seconds'))} |")
    out += ["", "## Eksekusi perintah secara utuh", "",
            ("| perintah | data | pengulangan | waktu total, median (s) | tercepat (s) "
             "| memori puncak, proses terbesar (MiB) |"),
            "|---|---|---|---:|---:|---:|"]
    for key in ("iku_100000", "iku_1000000", "iku_sample", "iku_sample_tanpa_pdf", "notebook", "rpjmd_cold",
                "rpjmd_warm", "rpjmd_alone", "quarters_cold", "quarter_warm", "validate_csv", "annotate_csv",
                "validate_xlsx", "annotate_xlsx", "annotate_sample", "validate_csv_100000", "validate_csv_1000000",
                "floor_process_csv_100000", "floor_process_csv_1000000", "iku_xlsx_1000000", "validate_wide",
                "floor_wide"):
        m = runs.get(key)
        if m is None:
            continue
        out.append(f"| {m.label} | {m.data} | {_runs(m)} | {_s(m.median())} | {_s(m.fastest())} "
                   f"| {_s(m.peak_mib(), 0)} |")
    sections = [("## Sasaran issue 27 (pembersihan mendekati batas bawah baca)", goals27),
                ("## Sasaran issue kinerja sebelumnya", goals)]
    for title, rows in sections:
        out += ["", title, "", "| # | sasaran | hasil ukur | batas | hasil |", "|---|---|---:|---:|---|"]
        for num, text, measured, limit, ok in rows:
            result = "tidak diukur" if ok is None and measured == "–" else (
                "–" if ok is None else ("TERCAPAI" if ok else "TIDAK TERCAPAI"))
            out.append(f"| {num} | {text} | {measured} | {limit} | {result} |")
    for title, lines in (profiles or {}).items():
        out += ["", title, "", "```", *lines, "```"]
    if checks or notes:
        out += ["", "## Pemeriksaan dan catatan", ""]
        out += [f"- {c}" for c in checks + notes]
    errors = [(m.label, e) for m in runs.values() for e in m.errors]
    if errors:
        out += ["", "## Pengukuran yang gagal", ""]
        for label, e in errors:
            out += [f"- {label}:", "", "```", e, "```", ""]
    return "\n".join(out).rstrip() + "\n"


# --- main ------------------------------------------------------------------------------------

def plan(args) -> tuple[list[dict], list[Measure], dict[str, Measure]]:
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    sets: list[dict] = []
    measures: list[Measure] = []
    runs: dict[str, Measure] = {}

    def repeats(rows: int) -> int:
        if args.repeats:
            return args.repeats
        return 3 if rows <= 100_000 else 2

    combos = [("csv", n) for n in sizes] + ([] if args.quick else [("xlsx", 1_000_000)])
    for fmt, rows in combos:
        raw = data_dir(fmt, rows)
        label = f"{fmt.upper()} {_n(rows)}" + (" (10 berkas)" if fmt == "xlsx" else "")
        floor = Measure(f"floor_{fmt}_{rows}", f"a. batas bawah baca, {label}",
                        {"kind": "floor", "files": floor_files(raw)}, repeats=repeats(rows), data=label)
        clean = Measure(f"clean_{fmt}_{rows}", f"b. pembersihan + indikator, {label}",
                        {"kind": "clean", "raw": str(raw), "year": YEAR}, repeats=repeats(rows), data=label)
        marker = gen.read_marker(raw)
        sets.append({"label": label, "fmt": fmt, "rows": rows, "raw": raw, "floor": floor, "clean": clean,
                     "fas_rows": marker["expected"]["fasilitasi_usaha_mikro"]["baris_dibaca"],
                     "expected": marker["expected"]})
        measures += [floor, clean]
    iku = iku_command()
    for rows in ([100_000] if args.quick else [100_000, 1_000_000]):
        m = Measure(f"iku_{rows}", f"c. iku run --year {YEAR} --jobs 1 (CSV {_n(rows)})",
                    command=iku + ["run", "--year", str(YEAR), "--raw-dir", str(data_dir("csv", rows)),
                                   "--out", "{TMP}/out", "--processed-dir", "{TMP}/processed", "--jobs", "1"],
                    data=f"CSV {_n(rows)}")
        runs[m.key] = m
        measures.append(m)
    sample = Measure("iku_sample", "e. iku run (semua tahun, jobs bawaan)",
                     command=iku + ["run", "--raw-dir", str(SAMPLE_RAW), "--out", "{TMP}/out",
                                    "--processed-dir", "{TMP}/processed"],
                     data=SAMPLE_LABEL)
    papermill = str(Path(PY).with_name("papermill"))
    notebook = Measure("notebook", "e. papermill CLI, satu notebook yang mengimpor pandas dan matplotlib (batas bawah)",
                       command=[papermill, str(write_floor_notebook()), "{TMP}/keluaran.ipynb", "-k", "python3",
                                "--no-progress-bar"],
                       repeats=args.repeats or 5, data="`import pandas` + `import matplotlib`")
    sample.repeats = args.repeats or 5
    runs[sample.key] = sample
    runs[notebook.key] = notebook
    measures += [notebook, sample]
    if not args.quick:
        import shutil

        rpjmd, alone, processed = history_dirs()
        shutil.rmtree(processed, ignore_errors=True)  # the first of the runs below starts with no cache
        last = str(RPJMD_YEARS[-1])
        cold = Measure("rpjmd_cold", f"f. iku run, {len(RPJMD_YEARS)} tahun RPJMD masing-masing "
                       f"{_n(HISTORY_ROWS)} baris (cache kosong)",
                       command=iku + ["run", "--raw-dir", str(rpjmd), "--out", "{TMP}/out",
                                      "--processed-dir", str(processed)], data=f"CSV {_n(HISTORY_ROWS)} × 5 tahun")
        warm = Measure("rpjmd_warm", f"f. iku run --year {last} --jobs 1, dengan empat tahun sebelumnya (cache terisi)",
                       command=iku + ["run", "--year", last, "--jobs", "1", "--raw-dir", str(rpjmd),
                                      "--out", "{TMP}/out", "--processed-dir", str(processed)],
                       repeats=args.repeats or 3, data=f"CSV {_n(HISTORY_ROWS)} × 5 tahun")
        solo = Measure("rpjmd_alone", f"f. iku run --year {last} --jobs 1, tahun yang sama saja",
                       command=iku + ["run", "--year", last, "--jobs", "1", "--raw-dir", str(alone),
                                      "--out", "{TMP}/out", "--processed-dir", "{TMP}/processed"],
                       repeats=args.repeats or 3, data=f"CSV {_n(HISTORY_ROWS)}, satu tahun")
        for m in (cold, warm, solo):
            runs[m.key] = m
        measures += [cold, warm, solo]
        quarters = quarter_cache()
        shutil.rmtree(quarters, ignore_errors=True)  # the first quarter run below cleans the year once
        big = str(data_dir("csv", 1_000_000))
        q_cold = Measure("quarters_cold", f"g. iku run --year {YEAR} --triwulan 1 2 3 4 --jobs 1 (cache kosong)",
                         command=iku + ["run", "--year", str(YEAR), "--triwulan", "1", "2", "3", "4", "--jobs", "1",
                                        "--raw-dir", big, "--out", "{TMP}/out", "--processed-dir", str(quarters)],
                         data=f"CSV {_n(1_000_000)}")
        q_warm = Measure("quarter_warm", f"g. iku run --year {YEAR} --triwulan 2 --jobs 1 (cache terisi)",
                         command=iku + ["run", "--year", str(YEAR), "--triwulan", "2", "--jobs", "1",
                                        "--raw-dir", big, "--out", "{TMP}/out", "--processed-dir", str(quarters)],
                         repeats=args.repeats or 2, data=f"CSV {_n(1_000_000)}")
        for m in (q_cold, q_warm):
            runs[m.key] = m
        measures += [q_cold, q_warm]
    for fmt in ("csv", "xlsx"):
        raw = str(data_dir(fmt, 100_000))
        label = f"{fmt.upper()} {_n(100_000)}" + (" (satu berkas)" if fmt == "xlsx" else "")
        for key, extra in (("validate", []), ("annotate", ["--annotate", "{TMP}/umpan_balik"])):
            m = Measure(f"{key}_{fmt}", f"h. iku validate --year {YEAR}" + (" --annotate" if extra else ""),
                        command=iku + ["validate", "--year", str(YEAR), "--raw-dir", raw] + extra,
                        repeats=args.repeats or 3, data=label)
            runs[m.key] = m
            measures.append(m)
    m = Measure("annotate_sample", "h. iku validate --annotate (semua tahun)",
                command=iku + ["validate", "--raw-dir", str(SAMPLE_RAW), "--annotate", "{TMP}/umpan_balik"],
                repeats=args.repeats or 3, data=SAMPLE_LABEL)
    runs[m.key] = m
    measures.append(m)
    measures += issue27_measures(args, iku, runs)
    for s in sets:
        runs[s["floor"].key] = s["floor"]
        runs[s["clean"].key] = s["clean"]
    return sets, measures, runs


def wide_dir() -> Path:
    return DATA / f"koperasi_lebar_{WIDE_ROWS}"


def issue27_measures(args, iku: list[str], runs: dict[str, Measure]) -> list[Measure]:
    """Rows i (and the sample without printing): what the goals of issue 27 compare."""
    rows = 100_000 if args.quick else 1_000_000
    csv_raw = data_dir("csv", rows)
    label = f"CSV {_n(rows)}"
    out = [
        Measure(f"validate_csv_{rows}", f"i. iku validate --year {YEAR}",
                command=iku + ["validate", "--year", str(YEAR), "--raw-dir", str(csv_raw)],
                repeats=args.repeats or 3, data=label),
        Measure(f"floor_process_csv_{rows}", ("i. proses Python baru yang mengimpor pandas dan pyarrow lalu membaca "
                                             "setiap CSV folder itu (batas bawah)"),
                command=[PY, "-c", FLOOR_PROCESS_CODE, str(csv_raw)], repeats=args.repeats or 5, data=label),
        Measure("iku_sample_tanpa_pdf", "e. iku run --tanpa-pdf (semua tahun, jobs bawaan)",
                command=iku + ["run", "--raw-dir", str(SAMPLE_RAW), "--out", "{TMP}/out",
                               "--processed-dir", "{TMP}/processed", "--tanpa-pdf"],
                repeats=args.repeats or 5, data=SAMPLE_LABEL),
    ]
    if not args.quick:
        xlsx_raw = data_dir("xlsx", 1_000_000)
        out.append(Measure("iku_xlsx_1000000", f"i. iku run --year {YEAR} --jobs 1 --tanpa-pdf (XLSX {_n(1_000_000)})",
                           command=iku + ["run", "--year", str(YEAR), "--raw-dir", str(xlsx_raw), "--out", "{TMP}/out",
                                          "--processed-dir", "{TMP}/processed", "--jobs", "1", "--tanpa-pdf"],
                           data=f"XLSX {_n(1_000_000)} (10 berkas)"))
        wide = wide_dir()
        wide_label = f"koperasi {_n(WIDE_ROWS)} baris × {gen.WIDE_COLUMNS} kolom (satu xlsx)"
        out.append(Measure("validate_wide", f"i. iku validate --year {YEAR}",
                           command=iku + ["validate", "--year", str(YEAR), "--raw-dir", str(wide)], data=wide_label))
        info = gen.read_marker(wide) or {}
        out.append(Measure("floor_wide", "a. batas bawah baca (calamine), daftar koperasi lebar",
                           {"kind": "floor", "files": [{"path": str(wide / info.get("file", f"{YEAR}/koperasi.xlsx")),
                                                        "kind": "xlsx", "sep": ""}]}, data=wide_label))
    for m in out:
        runs[m.key] = m
    return out


def evaluate(sets: list[dict], runs: dict[str, Measure]) -> tuple[list[tuple], list[str]]:
    def t(key: str, what: str = "seconds"):
        m = runs.get(key)
        return m.median(what) if m else None

    goals = []
    r1 = _ratio(t("clean_csv_1000000"), t("floor_csv_1000000"))
    goals.append((1, "pembersihan + indikator CSV 1 juta baris ≤ 3× batas bawah bacanya", _x(r1), "3×",
                  None if r1 is None else r1 <= 3))
    m = runs.get("clean_csv_1000000")
    peak = m.peak_mib() if m else None
    goals.append((1, "memori puncak pembersihan + indikator, CSV 1 juta baris ≤ 2 GB",
                  "–" if peak is None else f"{_n(peak)} MiB", f"{_n(MEMORY_GOAL_BYTES / 2**20)} MiB (2·10⁹ B)",
                  None if peak is None else peak * 2**20 <= MEMORY_GOAL_BYTES))
    r2 = _ratio(t("clean_xlsx_1000000"), t("floor_xlsx_1000000"))
    goals.append((2, "pembersihan + indikator xlsx 1 juta baris ≤ 1,5× batas bawah bacanya dengan calamine", _x(r2),
                  "1,5×",
                  None if r2 is None else r2 <= 1.5))
    r3 = _ratio(t("clean_csv_1000000"), t("clean_csv_100000"))
    goals.append((3, "pembersihan + indikator: waktu CSV 1 juta baris ≤ 12× waktu 100 ribu baris", _x(r3), "12×",
                  None if r3 is None else r3 <= 12))
    r4 = _ratio(t("iku_sample"), t("notebook"))
    goals.append((4, ("`iku run` pada data contoh ≤ 2× satu kali menjalankan papermill CLI atas notebook yang "
                      "mengimpor pandas dan matplotlib"), _x(r4), "2×", None if r4 is None else r4 <= 2))
    last = f"{RPJMD_YEARS[-1]} 02_indikator"
    warm, solo = runs.get("rpjmd_warm"), runs.get("rpjmd_alone")
    r5 = _ratio(warm.step(last) if warm else None, solo.step(last) if solo else None)
    goals.append((5, (f"notebook 02 tahun {RPJMD_YEARS[-1]} dengan empat tahun sebelumnya masing-masing "
                      f"{_n(HISTORY_ROWS)} baris (cache terisi) ≤ 1,3× tahun yang sama saja"), _x(r5), "1,3×",
                  None if r5 is None else r5 <= 1.3))
    big = runs.get("iku_1000000")
    size = big.first("published_bytes") if big else None
    mb = size.get(str(YEAR)) / 1e6 if size and str(YEAR) in size else None
    goals.append((6, "satu tahun 1 juta baris yang diterbitkan ≤ 60 MB", "–" if mb is None else f"{_n(mb, 1)} MB",
                  "60 MB",
                  None if mb is None else mb <= 60))
    r7 = _ratio(big.step(f"{YEAR} 02_indikator") if big else None, big.step(f"{YEAR} 01_pembersihan") if big else None)
    goals.append((7, "notebook 02 ≤ 0,35× notebook 01 dalam eksekusi 1 juta baris yang sama", _x(r7), "0,35×",
                  None if r7 is None else r7 <= 0.35))

    q_cold, q_warm = runs.get("quarters_cold"), runs.get("quarter_warm")
    r8 = _ratio(q_warm.step(f"{YEAR}-tw2 01_pembersihan") if q_warm else None,
                big.step(f"{YEAR} 01_pembersihan") if big else None)
    goals.append((8, ("notebook 01 satu triwulan dengan cache tahunnya terisi ≤ 0,25× notebook 01 eksekusi "
                      "tahunan 1 juta baris yang membersihkannya (c)"), _x(r8), "0,25×",
                  None if r8 is None else r8 <= 0.25))
    r9 = _ratio(q_cold.median() if q_cold else None, big.median() if big else None)
    goals.append((9, "keempat periode tahun 1 juta baris dalam satu eksekusi ≤ 2,5× eksekusi tahunan saja (c)",
                  _x(r9), "2,5×",
                  None if r9 is None else r9 <= 2.5))

    checks = []
    for s in sets:
        runs_b = s["clean"].ok_runs()
        if not runs_b:
            continue
        exp = s["expected"]["usaha_mikro"]
        ok_id = all(r["identity_ok"] for r in runs_b)
        ok_rows = all(r["umkm_read"] == exp["baris_dibaca"] for r in runs_b)
        ok_kept = all(r["umkm_kept"] == exp["baris_diterima"] for r in runs_b)
        as_made = "sesuai data yang dibuat"
        checks.append(f"{s['label']}: identitas rekonsiliasi (baris_dibaca = diterima + ditolak + dilewati + kosong + total) "
                      f"{'terpenuhi untuk setiap tabel' if ok_id else 'TIDAK TERPENUHI (ada tabel yang tidak cocok)'}; "
                      "baris UMKM yang dibaca "
                      f"{_n(runs_b[0]['umkm_read'])} "
                      f"({as_made if ok_rows else 'seharusnya ' + _n(exp['baris_dibaca'])}), "
                      f"yang diterima {_n(runs_b[0]['umkm_kept'])} "
                      f"({as_made if ok_kept else 'seharusnya ' + _n(exp['baris_diterima'])}).")
    by_label = {s["label"]: s["clean"].first("indicators") for s in sets}
    csv1m, xlsx1m = by_label.get(f"CSV {_n(1_000_000)}"), by_label.get(f"XLSX {_n(1_000_000)} (10 berkas)")
    if csv1m and xlsx1m:
        same = csv1m == xlsx1m
        checks.append("Data CSV 1 juta baris dan data xlsx 1 juta baris berisi usaha yang sama: indikatornya "
                      + ("identik." if same else f"BERBEDA (CSV {csv1m}, xlsx {xlsx1m})."))
    return goals, checks


def evaluate27(runs: dict[str, Measure], quick: bool) -> list[tuple]:
    """The goals of issue 27 (cleaning near the read floor), as (id, goal, measured, limit, met)."""
    def med(key: str, what: str = "seconds"):
        m = runs.get(key)
        return m.median(what) if m else None

    def peak(*keys: str):
        vals = [runs[k].peak_mib() for k in keys if k in runs and runs[k].peak_mib()]
        return max(vals) if vals else None

    def mib(x):
        return "–" if x is None else f"{_n(x)} MiB"

    rows = 100_000 if quick else 1_000_000
    goals = []
    r = _ratio(med(f"validate_csv_{rows}"), med(f"floor_process_csv_{rows}"))
    goals.append(("A", f"`iku validate` tahun CSV {_n(rows)} baris ≤ 4× proses baru yang mengimpor pandas + pyarrow "
                       "dan membaca berkas yang sama", _x(r), "4×", None if r is None else r <= 4))
    r = _ratio(med("iku_xlsx_1000000"), med("floor_xlsx_1000000"))
    goals.append(("B", "seluruh `iku run` tahun XLSX 1 juta baris ≤ 1,6× pembacaan berkasnya dengan calamine (a)",
                  _x(r), "1,6×", None if r is None else r <= 1.6))
    run = runs.get("iku_xlsx_1000000")
    r = _ratio(run.step(f"{YEAR} 02_indikator") if run else None, run.step(f"{YEAR} 01_pembersihan") if run else None)
    goals.append(("C", "notebook 02 ≤ 0,35× notebook 01 pada tahun XLSX 1 juta baris itu", _x(r), "0,35×",
                  None if r is None else r <= 0.35))
    r = _ratio(med("iku_sample_tanpa_pdf"), med("notebook"))
    goals.append(("D", ("`iku run --tanpa-pdf` pada data contoh ≤ 1,8× satu kali papermill CLI atas notebook yang "
                        "mengimpor pandas dan matplotlib"), _x(r), "1,8×", None if r is None else r <= 1.8))
    limit = MEMORY_GOAL_BYTES / 2**20
    x = peak("clean_xlsx_1000000", "iku_xlsx_1000000")
    goals.append(("E", "memori puncak tahun XLSX 1 juta baris (8–10 kolom; b dan proses terbesar `iku run`) ≤ 2 GB",
                  mib(x), f"{_n(limit)} MiB", None if x is None else x <= limit))
    x = peak("validate_wide")
    goals.append(("F", (f"memori puncak `iku validate` daftar koperasi {_n(WIDE_ROWS)} baris × {gen.WIDE_COLUMNS} "
                        "kolom ≤ 2 GB"), mib(x), f"{_n(limit)} MiB", None if x is None else x <= limit))
    r = _ratio(med("validate_wide"), med("floor_wide"))
    goals.append(("F", ("waktu `iku validate` daftar koperasi lebar itu dibandingkan dengan pembacaannya oleh calamine "
                        "(a; tidak ada batas angka dalam issue)"), _x(r), "–", None))
    return goals


def build_notes(measures: list[Measure], runs: dict[str, Measure]) -> list[str]:
    """The notes under the checks: steps as the runs report them, the cost of --annotate, and warnings
    about changed code, a bimodal floor, other work on the machine and repeats cut by the budget."""
    notes = []
    for key in ("iku_100000", "iku_1000000", "iku_sample", "iku_sample_tanpa_pdf", "rpjmd_cold", "rpjmd_warm",
                "rpjmd_alone", "quarters_cold", "quarter_warm", "iku_xlsx_1000000"):
        m = runs.get(key)
        if m is not None and m.first("steps"):
            notes.append(f"{m.label}, langkah-langkahnya menurut laporan eksekusi itu sendiri (notebook beserta "
                         "HTML-nya): " + ", ".join(m.first("steps")) + ".")
    for fmt in ("csv", "xlsx"):
        plain, annotated = runs.get(f"validate_{fmt}"), runs.get(f"annotate_{fmt}")
        if plain and annotated and plain.median() and annotated.median():
            notes.append(f"Salinan beranotasi untuk bidang ({fmt.upper()} {_n(100_000)}): `iku validate --annotate` "
                         f"memerlukan {_n(annotated.median(), 1)} s, sedangkan `iku validate` saja "
                         f"{_n(plain.median(), 1)} s, jadi penulisan salinan dan halaman memerlukan "
                         f"{_n(annotated.median() - plain.median(), 1)} s.")
    states = {r["code"] for m in measures for r in m.runs}
    if len(states) > 1:
        notes.append(f"PERINGATAN: kode iku_helpers/notebooks berubah selama pengukuran ini berjalan ({len(states)} "
                     "keadaan terlihat: " + ", ".join(sorted(states)) + "); pengulangan dari satu pengukuran "
                     "mungkin mengukur kode yang berbeda. Jalankan ulang pada checkout yang tidak sedang diubah "
                     "agar angkanya dapat dibandingkan.")
    nb = runs.get("notebook")
    if nb is not None and len(nb.ok_runs()) > 1 and nb.fastest() and max(r["seconds"] for r in nb.ok_runs()) > 2 * nb.fastest():
        times = "; ".join(_n(r["seconds"], 2) for r in nb.ok_runs())
        notes.append(f"Batas bawah notebook kosong bersifat bimodal di mesin ini (pengulangan: {times} s): sesekali "
                     "kernel memerlukan sekitar 3 s lebih lama untuk berhenti setelah sel (yang kosong) selesai, "
                     "sehingga mediannya, dan sasaran 4, bergantung pada berapa pengulangan yang mengalaminya; "
                     "rasio terhadap pengulangan tercepat adalah "
                     f"{_x(_ratio(runs['iku_sample'].median(), nb.fastest()))}.")
    busy = [(m.label, i + 1, r["other_cpu"]) for m in measures for i, r in enumerate(m.runs)
            if r.get("other_cpu", 0) > OTHER_CPU_LIMIT]
    if busy:
        notes.append(f"PERINGATAN: pekerjaan lain memakai lebih dari {_n(OTHER_CPU_LIMIT, 2)} inti CPU di luar proses "
                     "yang diukur selama " + "; ".join(f"{label}, pengulangan {i}: {_n(x, 2)} inti"
                                                       for label, i, x in busy)
                     + ". Waktu pengulangan tersebut terlalu tinggi. Jalankan ulang pada mesin yang tidak sedang "
                     "dipakai agar angkanya dapat dibandingkan.")
    else:
        notes.append(f"Tidak ada pengukuran yang terganggu oleh pekerjaan lain di mesin ini (proses lain memakai "
                     f"kurang dari {_n(OTHER_CPU_LIMIT, 2)} inti selama setiap pengulangan, menurut /proc/stat).")
    skipped = [m for m in measures if m.skipped]
    if skipped:
        notes.append("Jumlah pengulangan dikurangi agar tetap dalam batas waktu: "
                     + "; ".join(f"{m.label}: {len(m.ok_runs())} dari {m.repeats}" for m in skipped) + ".")
    return notes


PROFILE_SAMPLE_YEAR = 2026


def run_profiles(bench: Bench, top: int) -> dict[str, list[str]]:
    """cProfile of step b at 1M CSV rows and on the bundled sample's last year: {title: lines}."""
    out = {}
    for key, raw, year, label in (("csv", data_dir("csv", 1_000_000), YEAR, f"CSV {_n(1_000_000)}"),
                                  ("sample", SAMPLE_RAW, PROFILE_SAMPLE_YEAR, f"data contoh {PROFILE_SAMPLE_YEAR}")):
        stats_path = DATA / f"profile_clean_{key}.pstats"
        m = Measure("profile", f"b. pembersihan + indikator di bawah cProfile, {label}",
                    {"kind": "clean", "raw": str(raw), "year": year, "profile": str(stats_path)})
        bench.run(m, 1)
        if m.ok_runs():
            out[label] = [f"# {m.runs[0]['seconds']:.1f} s di bawah profiler"] + child_profile_lines(str(stats_path), top)
    return out


def profile_section(after: dict[str, list[str]]) -> dict[str, list[str]]:
    """The page's profile blocks: the code before issue 27 (PROFILE_BEFORE) and this run's."""
    blocks = {}
    if PROFILE_BEFORE.exists():
        blocks["## Profil sebelum issue 27 (`" + PROFILE_BEFORE.relative_to(ROOT).as_posix() + "`)"] = (
            PROFILE_BEFORE.read_text(encoding="utf-8").rstrip().splitlines())
    for label, lines in after.items():
        blocks[f"## Profil kode yang diukur: {label}"] = lines
    return blocks


def profile(args) -> int:
    bench = Bench(budget=float("inf"))
    raw, _ = ensure_data(bench, "csv", 1_000_000)
    warm_cache([raw])
    profiles = run_profiles(bench, args.profile_top)
    text = "\n".join(f"### {label}\n\n" + "\n".join(lines) + "\n" for label, lines in profiles.items())
    if args.profile_out:
        args.profile_out.write_text(text, encoding="utf-8")
        print(f"written to {args.profile_out}")
    print(text)
    return 0 if profiles else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10k and 100k rows only (smoke run); the table goes to "
                    f"{QUICK_DOC.relative_to(ROOT)}, not docs/")
    ap.add_argument("--repeats", type=int, default=None, metavar="N",
                    help="runs of every a/b measurement (default 3 up to 100k rows, 2 at 1M)")
    ap.add_argument("--budget", type=float, default=900.0, metavar="SECONDS",
                    help="skip further repeats that would pass this total (default 900 s)")
    ap.add_argument("--out", type=Path, default=None, help="where to write the Markdown report")
    ap.add_argument("--profile", action="store_true", help="only profile step b (cProfile) at 1M CSV rows and on the "
                    "sample, and print the top functions")
    ap.add_argument("--profile-top", type=int, default=15)
    ap.add_argument("--profile-out", type=Path, default=None, help="with --profile: also write the lines to this file "
                    f"(e.g. {PROFILE_BEFORE.relative_to(ROOT)} on the commit before a change)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        spec = json.loads(args.child)
        print(json.dumps(CHILDREN[spec["kind"]](spec)), flush=True)
        return 0
    if args.repeats is not None and args.repeats < 1:
        ap.error("--repeats must be at least 1")
    if args.profile:
        return profile(args)

    started = dt.datetime.now()
    bench = Bench(args.budget)
    bench.say(f"benchmarks of the IKU workflow ({'quick' if args.quick else 'full'} run), python {PY}")
    generation = {}
    sizes = [10_000, 100_000] + ([] if args.quick else [1_000_000])
    for fmt, rows in [("csv", n) for n in sizes] + [("xlsx", 100_000)] + ([] if args.quick else [("xlsx", 1_000_000)]):
        _, seconds = ensure_data(bench, fmt, rows)
        generation[_data_key(fmt, rows)] = seconds
    if not args.quick:
        generation.update(ensure_history_data(bench))
        generation[f"koperasi lebar {_n(WIDE_ROWS)} × {gen.WIDE_COLUMNS}"] = ensure_wide_data(bench)
    warm_cache([data_dir("csv", n) for n in sizes] + [data_dir("xlsx", 100_000)]
               + ([] if args.quick else [data_dir("xlsx", 1_000_000), wide_dir()]))
    bench.say("page cache warmed (every data file read once)")

    sets, measures, runs = plan(args)
    bench.execute(measures)
    profiles = {} if args.quick else run_profiles(bench, args.profile_top)
    goals, checks = evaluate(sets, runs)
    goals27 = evaluate27(runs, args.quick)
    notes = build_notes(measures, runs)
    total = bench.elapsed()
    report = build_report(sets, runs, goals, checks, machine(), started, total, generation, args.quick, notes,
                          goals27, profile_section(profiles))
    target = args.out or (QUICK_DOC if args.quick else DOC)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report, encoding="utf-8")
    print()
    print(report)
    print(f"written to {target} ; total {total:.0f} s")
    failed = [m for m in measures if m.errors]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
