"""Finding the raw files of each table (spec section 2): a file or a folder of files per table.

A file is a table's when its name is the table's (``koperasi.xlsx``, or a folder ``usaha_mikro/``
holding one file per bidang); two files claiming one table are an error, a file matching no table
a warning (with the closest name). Reading the files found is :mod:`iku_helpers.ingest.reading`'s.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import AmbiguousFilesError, InputError, UnreadableFileError
from ..core.tables import EXTENSIONS, YEAR_TABLES

_EXTENSION_LIST = "/".join(EXTENSIONS)  # "xlsx/xls/ods/csv/txt", for messages


@dataclass
class Found:
    """The files of one table: one file, or the files of a folder in name order."""

    table: str
    files: list[Path]
    folder: Path | None = None


@dataclass
class Discovery:
    tables: dict[str, Found] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: tables that were delivered but cannot be used as found (two files claim one, an empty
    #: folder), with why; only filled by ``discover(..., keep_going=True)``, which otherwise raises
    errors: dict[str, InputError] = field(default_factory=dict)

    def delivered(self) -> set[str]:
        """The tables that have a file or folder, usable or not."""
        return set(self.tables) | set(self.errors)


def _is_hidden(path: Path) -> bool:
    return path.name.startswith((".", "~$"))


def _closest(name: str, candidates) -> str | None:
    found = difflib.get_close_matches(name.lower(), list(candidates), n=1, cutoff=0.5)
    return found[0] if found else None


def discover(folder: Path, tables=YEAR_TABLES, base: Path | None = None, root: bool = False,
             keep_going: bool = False) -> Discovery:
    """The files of each table in ``folder``; errors for ambiguity, warnings for strangers.

    ``root`` says that ``folder`` is the raw root, which also holds the year folders and
    documents: only stray table-like files there are reported. A table that cannot be used as
    found (two files claim it, an empty folder) raises its error, or, with ``keep_going``, is
    kept in :attr:`Discovery.errors` while the other tables are still found.

    >>> discover(Path("/nonexistent")).tables
    {}
    """
    result = Discovery()
    if not folder.is_dir():
        return result
    base = base or folder
    claims: dict[str, list[Path]] = {}
    for entry in sorted(folder.iterdir()):
        if _is_hidden(entry):
            continue
        stem, ext = (entry.name, "") if entry.is_dir() else (entry.stem, entry.suffix.lower().lstrip("."))
        key = stem.lower()
        if key in tables and (entry.is_dir() or ext in EXTENSIONS):
            claims.setdefault(key, []).append(entry)
        elif folder == base and not entry.is_dir() and key in ("readme", "data_contoh"):
            continue
        else:
            if root and (entry.is_dir() or ext not in EXTENSIONS or ext == "txt"):
                continue  # the raw root also holds year folders and documents (notes as .txt too)
            hint = _closest(key, tables)
            msg = f"{relative_name(entry, base)}: berkas ini tidak cocok dengan tabel mana pun dan tidak dibaca"
            if hint:
                msg += f"; maksud Anda {hint}?"
            result.warnings.append(msg)
    for table, entries in claims.items():
        try:
            result.tables[table] = _found(table, entries, base, result.warnings)
        except InputError as exc:
            if not keep_going:
                raise
            result.errors[table] = exc
    return result


def _found(table: str, entries: list[Path], base: Path, warnings: list[str]) -> Found:
    """The files of one table from the entries that claim it (one file, or one folder)."""
    if len(entries) > 1:
        names = " dan ".join(relative_name(e, base) for e in entries)
        raise AmbiguousFilesError(
            f"ada {len(entries)} berkas untuk tabel {table} ({names}): mana yang dimaksud?",
            file=relative_name(entries[0].parent, base),
            hint="Simpan hanya satu berkas (atau satu folder) per tabel: hapus atau pindahkan yang lain ke luar "
                 "folder data mentah, lalu periksa lagi.",
        )
    entry = entries[0]
    if not entry.is_dir():
        return Found(table, [entry])
    files = []
    for f in sorted(entry.iterdir(), key=lambda p: p.name):
        if _is_hidden(f):
            continue
        if f.is_file() and f.suffix.lower().lstrip(".") in EXTENSIONS:
            files.append(f)
        else:
            warnings.append(f"{relative_name(f, base)}: bukan berkas {_EXTENSION_LIST}, tidak dibaca")
    if not files:
        raise UnreadableFileError(
            f"folder {table} tidak berisi berkas {_EXTENSION_LIST}",
            file=relative_name(entry, base),
            hint="Isi folder dengan berkas tabel, atau hapus foldernya.",
        )
    return Found(table, files, folder=entry)


def relative_name(path: Path, base: Path) -> str:
    """How a file is named to the user: its path from ``base`` (the raw folder), with ``/``."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
