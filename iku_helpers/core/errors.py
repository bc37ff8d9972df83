"""The package's exceptions: a small hierarchy that carries where the problem is.

Every error a user can cause with their data is an :class:`IkuError`. It knows the file, sheet,
row and column it concerns, says what is wrong and what to do, in Bahasa Indonesia, and the CLI
turns it into one message (never a traceback).

>>> err = MissingColumnError("jumlah kolom", file="2025/koperasi.xlsx", sheet="koperasi",
...                          column="nik", hint="Tambahkan kolom NIK.")
>>> print(err.message())
2025/koperasi.xlsx, sheet koperasi, kolom nik: jumlah kolom
  Yang perlu dilakukan: Tambahkan kolom NIK.
"""

from __future__ import annotations


class IkuError(Exception):
    """Base of every expected error; exit code 1 at the command line."""

    exit_code = 1

    def __init__(
        self,
        what: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(what)
        self.what = what
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.hint = hint

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"baris {self.row}")
        if self.column:
            parts.append(f"kolom {self.column}")
        return ", ".join(parts)

    def message(self) -> str:
        loc = self.location()
        text = f"{loc}: {self.what}" if loc else self.what
        if self.hint:
            text += f"\n  Yang perlu dilakukan: {self.hint}"
        return text

    def __str__(self) -> str:  # pragma: no cover - exercised through message()
        return self.message()


class InputError(IkuError):
    """A structural problem with the raw data: the run stops before any computing."""


class AmbiguousFilesError(InputError):
    """Two files (or a file and a folder) claim the same table."""


class UnreadableFileError(InputError):
    """A file that cannot be opened or holds no rows."""


class HeaderNotFoundError(InputError):
    """No row among the first 30 holds every required column."""


class MissingColumnError(InputError):
    """A required column is absent."""


class DuplicateKeyError(InputError):
    """Two rows for one key that must be unique (PDRB category, target)."""


class ParameterError(IkuError):
    """A parameter that is valid but does not fit what is on disk: a raw or year folder that is
    absent, a period without its manifest or results, an ID not found, an output folder that
    cannot be used; exit code 1. A value the rules forbid is an :class:`InvalidParameterError`."""


class UsageError(IkuError):
    """Wrong use of the command line; exit code 2."""

    exit_code = 2


class InvalidParameterError(UsageError):
    """A run parameter whose value the rules do not allow (a year outside ``params.YEAR_RANGE``, a
    RAT window of 0 years, an empty folder name), raised when a
    :class:`~iku_helpers.core.params.Params` is built; exit code 2."""


class NotebookError(IkuError):
    """A notebook failed while executing; carries the year, notebook and cell."""

    def __init__(self, what: str, *, year: int, notebook: str, cell: int | None = None,
                 hint: str | None = None, kept: str | None = None) -> None:
        super().__init__(what, file=notebook, hint=hint)
        self.year = year
        self.notebook = notebook
        self.cell = cell
        self.kept = kept

    def location(self) -> str:
        loc = f"tahun {self.year}, notebook {self.notebook}"
        if self.cell is not None:
            loc += f", sel {self.cell}"
        return loc


class PrintError(IkuError):
    """A document could not be printed to PDF (the browser or LibreOffice failed or timed out)."""


class StorageError(IkuError):
    """A folder cannot be written: full disk, read-only or missing drive, a lock held by another run."""


class SchemaGateError(IkuError):
    """A cleaned table breaks its schema (:mod:`iku_helpers.ingest.schemas`): a bug in the workflow,
    not in the data; the message lists every failing check."""



class SheetPartsError(ValueError):
    """Never seen by a user: a big .xlsx sheet read in parts (:mod:`iku_helpers.ingest.xlsx_parts`)
    whose later part contradicts the first (rows out of order, a cell beyond the sheet's width).
    The reader then reads the sheet whole."""


class UnsplittableSheetError(ValueError):
    """Never seen by a user: a sheet's XML is not in the plain form that
    :mod:`iku_helpers.ingest.xlsx_parts` can cut into parts; the sheet is read whole."""

def disk_error(exc: OSError, where) -> StorageError:
    """The user's message for an OSError met while writing ``where``.

    >>> import errno
    >>> disk_error(OSError(errno.ENOSPC, "No space left on device"), "outputs/2026").what
    'ruang disk habis saat menulis outputs/2026'
    """
    import errno

    if exc.errno == errno.ENOSPC or getattr(exc, "winerror", None) == 112:
        return StorageError(f"ruang disk habis saat menulis {where}",
                            hint="Kosongkan ruang di disk itu, lalu jalankan lagi. Laporan yang sudah terbit tidak "
                                 "berubah; tidak ada yang terbit setengah jadi.")
    if exc.errno in (errno.ENOTDIR, errno.ENOENT, errno.EEXIST):
        return StorageError(f"folder {where} tidak dapat dibuat ({exc.strerror or exc})",
                            hint="Periksa bahwa drive atau folder induknya ada (mis. folder jaringan tersambung) "
                                 "dan bukan sebuah berkas; atau pilih folder lain (--out / --processed-dir).")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageError(f"{where} tidak dapat ditulisi ({exc.strerror or exc})",
                            hint="Pilih folder yang dapat ditulisi (--out / --processed-dir), atau minta izin tulis; "
                                 "tutup berkas yang sedang dibuka di Excel.")
    return StorageError(f"gagal menulis {where} ({exc.strerror or exc})",
                        hint="Periksa bahwa folder dan drive-nya ada dan dapat ditulisi, lalu jalankan lagi.")
