"""Provenance: the manifest of a published period (what went in, what came out, with what).

The manifest records the SHA-256 and size of every raw file the period read (with
``pengaturan.toml`` and the sample's ``DATA_CONTOH.txt`` when there are), of the published results
its recomputed numbers were compared with (``pembanding``: the year's earlier quarters for the
evaluation table, the same period a year earlier for the comparison) and of every
file published for it, the :class:`~iku_helpers.core.params.Params` (folders relative to the project),
the Python version, the version of every locked package and the SHA-256 of the lock file
(``kunci``, see :mod:`iku_helpers.publish.lockfile`), the git commit and the date the documents carry
(``tanggal_laporan``, which ``iku verify`` re-executes with). ``iku verify``
(:mod:`iku_helpers.publish.verify`) checks a published period against it.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import subprocess
import time
from collections.abc import Collection
from pathlib import Path

from ..core.layout import MANIFEST, Layout
from ..core.params import PROJECT_ROOT, Params
from ..core.settings import read_pengaturan, settings_path
from ..ingest.dataset import SAMPLE_MARKER, file_entry, raw_entries
from .lockfile import RUNTIME_LOCK, installed_versions, lock_entry, locked_versions

PACKAGES = ("pandas", "numpy", "pyarrow", "python-calamine", "pandera", "papermill", "nbconvert", "matplotlib",
            "openpyxl")


def package_versions() -> dict[str, str | None]:
    """The installed version of every package the lock holds for this interpreter (and of the main
    packages when there is no lock)."""
    lock = PROJECT_ROOT / RUNTIME_LOCK
    names = sorted(set(locked_versions(lock)) | set(PACKAGES)) if lock.is_file() else list(PACKAGES)
    return installed_versions(names)


def git_state() -> dict:
    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True,
                                  timeout=10, check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": None if status is None else bool(status)}


def compared_reports(lay: Layout, building: Collection[str] = ()) -> list[dict]:
    """The published results the period's recomputed numbers were compared with (path relative to
    the output folder, SHA-256): the year's earlier quarters (evaluation table) and the same period
    a year earlier unless ``building`` holds it (comparison, :meth:`Layout.earlier_year`).
    ``iku verify`` re-executes against them."""
    return [file_entry(q.results_json, lay.root) for q in lay.compared(building) if q.results_json.exists()]


def input_entries(params: Params) -> list[dict]:
    """Every raw file the period read: the tables (:func:`raw_entries`), the documents' settings
    (pengaturan.toml, with the letterhead's logo) and the sample marker (DATA_CONTOH.txt, which labels
    every document) when there."""
    entries = raw_entries(params)
    raw_dir = Path(params.raw_dir).resolve()
    kop = read_pengaturan(raw_dir).kop
    logo = kop.logo if kop else None  # checked and found by read_pengaturan
    for extra in (settings_path(params.raw_dir), logo, raw_dir / SAMPLE_MARKER):  # the marker makes every document say DATA CONTOH
        if extra is not None and extra.is_file():
            entries.append(file_entry(extra.resolve(), raw_dir))
    return entries


def write_manifest(lay: Layout, started: float | None = None, tanggal: str | None = None,
                   building: Collection[str] = ()) -> Path:
    """Write ``manifest.json`` for a period folder that holds every other output already
    (``building``: the labels of the periods the running ``iku run`` builds)."""
    params = lay.params
    outputs = [file_entry(p, lay.period_dir) for p in sorted(lay.period_dir.rglob("*"))
               if p.is_file() and p.name != MANIFEST]
    manifest = {
        "tahun": params.year,
        "periode": params.label,
        "parameter": params.to_record(),
        "masukan": input_entries(params),
        "pembanding": compared_reports(lay, building),
        "keluaran": outputs,
        "python": platform.python_version(),
        "paket": package_versions(),
        "kunci": lock_entry(PROJECT_ROOT),
        "git": git_state(),
        "tanggal_laporan": tanggal,
        "waktu_selesai": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if started is not None:
        elapsed = time.perf_counter() - started
        begun = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=elapsed)
        manifest["waktu_mulai"] = begun.isoformat(timespec="seconds")
        manifest["durasi_detik"] = round(elapsed, 3)
    lay.manifest.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return lay.manifest


def read_manifest(period_dir: Path) -> dict:
    return json.loads((Path(period_dir) / MANIFEST).read_text(encoding="utf-8"))


def manifest_params(manifest: dict, **overrides) -> Params:
    """The Params a manifest recorded (``overrides`` replace some, e.g. another raw_dir)."""
    record = {"year": manifest["tahun"]}
    if "raw_dir" in manifest:  # manifests written before the parameters were recorded whole
        record["raw_dir"] = manifest["raw_dir"]
    record.update(manifest["parameter"])
    return Params.from_record(record, **overrides)
