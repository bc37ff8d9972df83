"""A year's processed cache, ``data/processed/<year>/``: the clean tables stored with the SHA-256 of
every raw file they came from and the parameters the numbers depend on.

:func:`read_processed` trusts an entry only while those still match, and each stored file is used
only while it has the hash it was written with (checked as it is read), so a stale, corrupt or
hand-edited entry is recomputed (:func:`processed_year`) and never used. Earlier years' indicators
therefore come from the cache, not from cleaning their raw data again.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.allocator import keep_freed_memory
from ..core.errors import IkuError, InputError
from ..core.faults import atomic_write, kill_point
from ..core.layout import (
    LEDGER,
    NOTES,
    PDRB_TOTAL,
    PROCESSED_INDICATORS,
    PROCESSED_META,
    RAT_HISTORY,
    RECONCILIATION,
    TRADE_HISTORY,
    Layout,
)
from ..core.params import Params
from ..core.tables import ROOT_TABLES, YEAR_TABLES
from .dataset import YearData, load_year, raw_entries, stacked_registers

log = logging.getLogger(__name__)

CACHE_VERSION = 8  # 2: target_iku has triwulan; indicator tables per quarter; 3: duplicates name the kept row's file;
#                   4: the reconciliation names each file's format; 5: ledger and notes carry the row's id;
#                   6: BPS's PDRB layouts (status per year, combined codes), rows dilewati counted apart;
#                   7: the RAT history of the earlier year folders' koperasi registers;
#                   8: the cached indicator tables' capaian and kategori from the printed realisasi (issue 25)



@dataclass
class Processed:
    """The processed tables of a year in its cache entry, each read on first use.

    Every stored file is checked against the SHA-256 the entry recorded when it is read; a file
    that was changed or removed since is never used: the entry is rebuilt from the raw data (same
    raw files and parameters, so the same content) and the file read again.
    """

    params: Params
    folder: Path
    meta: dict
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def year(self) -> int:
        return self.params.year

    @property
    def warnings(self) -> list[str]:
        return list(self.meta.get("peringatan", []))

    @property
    def missing(self) -> list[str]:
        return list(self.meta.get("tabel_tidak_ada", []))

    def tables(self) -> dict[str, pd.DataFrame]:
        """The clean tables delivered for the year (and the root tables), read now."""
        return {name: frame for name in YEAR_TABLES + ROOT_TABLES if (frame := self.get(name)) is not None}

    def for_quarter(self, triwulan: int) -> Processed:
        """The same entry seen by another quarter of the year: the clean tables already read are
        shared (cleaning does not depend on the quarter)."""
        return Processed(self.params.for_quarter(triwulan), self.folder, self.meta, self._frames)

    def ledger(self) -> pd.DataFrame:
        return self.get(LEDGER)

    def notes(self) -> pd.DataFrame:
        return self.get(NOTES)

    def reconciliation(self) -> pd.DataFrame:
        return self.get(RECONCILIATION)

    def get(self, name: str) -> pd.DataFrame | None:
        if name not in self._frames:
            file = f"{name}.parquet"
            if file not in self.meta["berkas"]:
                return None
            data = self._checked(file)
            if data is None:
                log.info("cache %s: %s hilang atau diubah; dibuat ulang dari data mentah", self.folder, file)
                self.meta = _rebuild(self.params)
                if file not in self.meta["berkas"]:  # derived later (the indicators): absent now
                    return None
                data = self._checked(file)
                if data is None:
                    raise _changed_meanwhile(self.params)
            self._frames[name] = pd.read_parquet(io.BytesIO(data))
        return self._frames[name]

    def _checked(self, file: str) -> bytes | None:
        """The bytes of a stored file when they still have their recorded SHA-256."""
        try:
            data = (self.folder / file).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == self.meta["berkas"].get(file) else None


def _parquet_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def _json_bytes(payload: dict) -> bytes:
    return (json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _frames(data: YearData) -> dict[str, pd.DataFrame]:
    frames = {name: cleaned.data for name, cleaned in data.tables.items()}
    pdrb = data.tables.get("pdrb_lapangan_usaha")
    if pdrb is not None:
        frames[PDRB_TOTAL] = pdrb.extra["total_pdrb"]
    history = [df.assign(tahun_data=y) for y, df in data.trade_history.items() if df is not None]
    if history:
        frames[TRADE_HISTORY] = pd.concat(history, ignore_index=True)
    registers = stacked_registers(data.rat_history)
    if registers is not None:
        frames[RAT_HISTORY] = registers
    frames[LEDGER] = data.ledger()
    frames[NOTES] = data.notes()
    frames[RECONCILIATION] = data.reconciliation()
    return frames


def _on_disk(folder: Path, meta: dict) -> dict:
    """The indicator tables another process (another quarter of the year) stored meanwhile in the
    same entry (same data, same key), those whose file still has its recorded SHA-256."""
    try:
        current = json.loads((folder / PROCESSED_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if any(current.get(k) != meta.get(k) for k in ("versi_cache", "parameter", "masukan")):
        return {}
    kept = {}
    for file, digest in current.get("berkas", {}).items():
        if file.startswith(PROCESSED_INDICATORS) and file not in meta.get("berkas", {}):
            try:
                if hashlib.sha256((folder / file).read_bytes()).hexdigest() == digest:
                    kept[file] = digest
            except OSError:
                continue
    return kept


def write_entry(folder: Path, frames: dict[str, pd.DataFrame], meta: dict, prune: bool = False) -> dict:
    """Store frames in a cache entry and commit its meta (returned). With ``prune`` (a whole new
    entry), clean tables the meta no longer lists are removed; indicator tables never are, since
    another period of the year may be storing one at this moment (a file the meta does not list
    is never read, so a leftover is harmless and is overwritten by the next store)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, frame in frames.items():
        data = _parquet_bytes(frame)
        atomic_write(folder / f"{name}.parquet", data)
        files[f"{name}.parquet"] = hashlib.sha256(data).hexdigest()
    meta = {**meta, "berkas": {**meta.get("berkas", {}), **_on_disk(folder, meta), **files}}
    kill_point("cache")
    atomic_write(folder / PROCESSED_META, _json_bytes(meta))  # last: it commits the entry
    if prune:
        for stale in folder.glob("*.parquet"):
            if stale.name not in meta["berkas"] and not stale.name.startswith(PROCESSED_INDICATORS):
                stale.unlink(missing_ok=True)
    return meta


def write_processed(data: YearData) -> Path:
    """Store the clean tables of the year, with what they came from, under processed/<year>/."""
    folder = Layout(data.params).processed
    meta = {
        "versi_cache": CACHE_VERSION,
        "tahun": data.year,
        "parameter": data.params.data_key(),
        "masukan": raw_entries(data.params),
        "tabel_tidak_ada": data.missing,
        "peringatan": data.warnings,
        "data_contoh": data.is_sample,
        "riwayat_perdagangan": {str(y): df is not None for y, df in data.trade_history.items()},
        "riwayat_rat": {str(y): df is not None for y, df in data.rat_history.items()},
    }
    write_entry(folder, _frames(data), meta, prune=True)
    return folder


def _entry_problem(folder: Path, params: Params) -> tuple[str | None, dict | None]:
    """Why the cache entry cannot be trusted (None when it can), and its meta."""
    meta_path = folder / PROCESSED_META
    if not meta_path.exists():
        return "belum ada", None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"{PROCESSED_META} rusak", None
    if meta.get("versi_cache") != CACHE_VERSION or meta.get("parameter") != params.data_key():
        return "parameter atau versi berbeda", meta
    try:
        if meta.get("masukan") != raw_entries(params):
            return "data mentah berubah", meta
    except (IkuError, OSError):
        return "data mentah tidak dapat dibaca", meta
    return None, meta  # each stored file is checked when it is read (Processed.get)


def read_processed(params: Params) -> Processed | None:
    """The cached processed tables of the year, or None when the entry is absent or does not
    match the raw data and parameters (its stored files are checked as they are read)."""
    folder = Layout(params).processed
    problem, meta = _entry_problem(folder, params)
    if problem:
        log.info("cache %s tidak dipakai: %s", folder, problem)
        return None
    return Processed(params, folder, meta)


def _changed_meanwhile(params: Params) -> InputError:
    return InputError(f"data olahan tahun {params.year} di {Layout(params).processed} berubah saat ditulis",
                      hint="Jalankan lagi; pastikan tidak ada proses lain yang menulis folder data olahan.")


def _rebuild(params: Params) -> dict:
    """Clean the year from its raw data, store it, and return the new entry's meta."""
    write_processed(load_year(params))
    problem, meta = _entry_problem(Layout(params).processed, params)
    if problem:  # only if the folder or the raw data change while we write
        raise _changed_meanwhile(params)
    return meta


def processed_year(params: Params) -> Processed:
    """The processed tables of the year: from the cache when it is trusted, else cleaned and stored."""
    keep_freed_memory()  # the notebooks' kernels: reading a cache of a million rows is big work too
    cached = read_processed(params)
    if cached is not None:
        return cached
    return Processed(params, Layout(params).processed, _rebuild(params))
