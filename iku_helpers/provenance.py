"""Provenance: the manifest of a published year, and ``iku verify`` that checks it end to end.

The manifest records the SHA-256 and size of every raw file the year read, of every file
published for the year, the parameters, the Python and package versions and the git commit.
``verify`` checks the raw files and the published files against it, re-executes the year into a
temporary folder with the recorded parameters and compares every data output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import pandas as pd

from .errors import ParameterError
from .reading import discover
from .tables import ROOT_TABLES, YEAR_TABLES

MANIFEST = "manifest.json"
PACKAGES = ("pandas", "numpy", "pyarrow", "python-calamine", "pandera", "papermill", "nbconvert", "matplotlib")
REPO = Path(__file__).resolve().parent.parent


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _entry(path: Path, base: Path) -> dict:
    return {"path": path.relative_to(base).as_posix(), "sha256": sha256(path), "bytes": path.stat().st_size}


def raw_inputs(raw_dir: Path, year: int, accumulation_start_year: int) -> list[Path]:
    """Every raw file a run of ``year`` reads: its tables, earlier RPJMD years, the root tables."""
    files: list[Path] = []
    for y in range(min(accumulation_start_year, year), year + 1):
        found = discover(raw_dir / str(y), YEAR_TABLES, base=raw_dir)
        for f in found.tables.values():
            files += f.files
    for f in discover(raw_dir, ROOT_TABLES, base=raw_dir).tables.values():
        files += f.files
    return sorted(set(files))


def package_versions() -> dict[str, str | None]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_state() -> dict:
    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                                  timeout=10, check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": None if status is None else bool(status)}


def write_manifest(out_year_dir: Path, year: int, raw_dir: Path, params: dict, started: float | None = None) -> Path:
    """Write ``manifest.json`` for a year folder that holds every other output already."""
    raw_dir = Path(raw_dir).resolve()
    inputs = [_entry(p, raw_dir) for p in raw_inputs(raw_dir, year, params["accumulation_start_year"])]
    outputs = [_entry(p, out_year_dir) for p in sorted(out_year_dir.rglob("*"))
               if p.is_file() and p.name != MANIFEST]
    manifest = {
        "tahun": year,
        "raw_dir": str(raw_dir),
        "parameter": params,
        "masukan": inputs,
        "keluaran": outputs,
        "python": platform.python_version(),
        "paket": package_versions(),
        "git": git_state(),
        "waktu_selesai": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    if started is not None:
        import time

        elapsed = time.perf_counter() - started
        begun = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=elapsed)
        manifest["waktu_mulai"] = begun.isoformat(timespec="seconds")
        manifest["durasi_detik"] = round(elapsed, 3)
    path = out_year_dir / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# --- verify ---------------------------------------------------------------------------------

def _data_outputs(year_dir: Path, year: int) -> list[str]:
    """The published files that must be identical after re-execution (not notebooks or HTML)."""
    rel = [f"iku_{year}.csv", f"iku_{year}.json"]
    rel += sorted(p.relative_to(year_dir).as_posix() for p in (year_dir / "audit").glob("*.csv"))
    return rel


def _indicator_diffs(published: Path, fresh: Path) -> list[str]:
    a = pd.read_csv(published).set_index("kode")
    b = pd.read_csv(fresh).set_index("kode")
    out = []
    for kode in sorted(set(a.index) | set(b.index)):
        if kode not in a.index or kode not in b.index:
            out.append(f"{kode}: hanya ada di {'hasil ulang' if kode in b.index else 'yang diterbitkan'}")
            continue
        for col in a.columns:
            x, y = a.at[kode, col], b.at[kode, col] if col in b.columns else None
            if not (pd.isna(x) and pd.isna(y)) and x != y:
                out.append(f"{kode} {col}: diterbitkan {x!r}, hasil ulang {y!r}")
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


def verify(year_dir: Path, raw_dir: Path | None = None) -> int:
    """Check raw files, published files and a re-execution against the manifest; 0 = COCOK."""
    year_dir = Path(year_dir).resolve()
    manifest_path = year_dir / MANIFEST
    if not manifest_path.exists():
        raise ParameterError(f"{manifest_path} tidak ada", hint="Berikan folder keluaran satu tahun, mis. outputs/2026.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    year = int(manifest["tahun"])
    raw = Path(raw_dir).resolve() if raw_dir else Path(manifest["raw_dir"])
    problems: list[str] = []
    notes: list[str] = []

    print(f"Memeriksa keluaran tahun {year} ({year_dir}) terhadap data mentah {raw}")
    problems += _check_hashes(manifest["masukan"], raw, "berkas mentah hilang",
                              "berkas mentah berubah sejak laporan dibuat")
    print(f"  1. {len(manifest['masukan'])} berkas mentah diperiksa")
    problems += _check_hashes(manifest["keluaran"], year_dir, "berkas keluaran hilang",
                              "berkas keluaran telah diubah setelah diterbitkan")
    print(f"  2. {len(manifest['keluaran'])} berkas keluaran diperiksa")

    now = package_versions()
    for name, recorded in manifest.get("paket", {}).items():
        if now.get(name) != recorded:
            notes.append(f"versi {name} berbeda: manifest {recorded}, sekarang {now.get(name)}")
    recorded_commit = manifest.get("git", {}).get("commit")
    current_commit = git_state()["commit"]
    if recorded_commit and current_commit != recorded_commit:
        notes.append(f"versi alur kerja berbeda: manifest commit {recorded_commit[:12]}, sekarang "
                     f"{(current_commit or 'tidak diketahui')[:12]} (git checkout {recorded_commit[:12]} untuk mengulang persis)")
    if platform.python_version() != manifest.get("python"):
        notes.append(f"versi Python berbeda: manifest {manifest.get('python')}, sekarang {platform.python_version()}")

    if raw.is_dir() and not any("hilang" in p and "mentah" in p for p in problems):
        problems += _reexecute(year, raw, manifest["parameter"], year_dir)
    else:
        problems.append("eksekusi ulang dilewati: data mentah tidak lengkap")

    for n in notes:
        print(f"  catatan: {n}")
    if problems:
        print("TIDAK COCOK:")
        for p in problems:
            print(f"  - {p}")
        return 1
    print("COCOK: data mentah, berkas keluaran, dan hasil eksekusi ulang sama dengan manifest."
          + (" (dengan catatan versi di atas)" if notes else ""))
    return 0


def _reexecute(year: int, raw: Path, params: dict, year_dir: Path) -> list[str]:
    from .runner import build_year

    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="iku-verify-") as tmp:
        tmp = Path(tmp)
        print("  3. eksekusi ulang notebook dengan parameter yang tercatat ...", flush=True)
        outcome = build_year(year, raw, tmp / "out", tmp / "processed", params)
        if not outcome.ok:
            return [f"eksekusi ulang gagal: {outcome.error}"]
        fresh = tmp / "out" / str(year)
        published = _data_outputs(year_dir, year)
        regenerated = _data_outputs(fresh, year)
        for rel in sorted(set(published) | set(regenerated)):
            a, b = year_dir / rel, fresh / rel
            if not a.exists() or not b.exists():
                problems.append(f"{rel}: hanya ada di {'hasil ulang' if b.exists() else 'yang diterbitkan'}")
            elif sha256(a) != sha256(b):
                problems.append(f"{rel}: isi berbeda dengan hasil eksekusi ulang")
                if rel == f"iku_{year}.csv":
                    problems += [f"    {d}" for d in _indicator_diffs(a, b)]
        shutil.rmtree(tmp / "out", ignore_errors=True)
    return problems
