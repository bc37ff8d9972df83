"""Everything a run depends on, in one frozen value: :class:`Params`.

The CLI builds a Params, the runner passes it on, papermill injects :meth:`Params.notebook_values`
into each notebook's ``parameters`` cell, the notebook turns those values back into a Params
with :meth:`Params.from_notebook`, the manifest records :meth:`Params.to_record` and
``iku verify`` rebuilds the Params with :meth:`Params.from_record`. Defaults and validation are
written here once; adding a parameter means adding a field here and a line to the notebooks'
parameters cells.

Paths are kept as given; :func:`portable` writes a path relative to the project when it lies
inside it, so that an executed notebook or a manifest reads the same on every machine (an
absolute path on an office PC, ``C:\\Users\\<nama>\\...``, names a person).

>>> p = Params(year=2026)
>>> p.label, p.rat_window_years, p.result_key()
('2026', 1, {'tahun': 2026, 'rat_window_years': 1, 'accumulation_start_year': 2025})
>>> q = p.replace(triwulan=2)
>>> q.label, q.cutoff, q.result_key()["triwulan"], q.data_key() == p.data_key()
('2026-tw2', datetime.date(2026, 6, 30), 2, True)
>>> Params.from_notebook({"year": 2026, "raw_dir": "data/raw", "In": []}).year
2026
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from . import periods
from .errors import InvalidParameterError
from .facts import RPJMD_START

#: The project folder (the parent of the package): relative paths in records are relative to it.
PROJECT_ROOT = Path(__file__).resolve().parents[2]

YEAR_RANGE = (2000, 2100)
RAT_WINDOW_RANGE = (1, 10)


def _check_int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            if isinstance(value, bool) or float(value) != int(float(value)):
                raise ValueError
            value = int(float(value))
        except (TypeError, ValueError, OverflowError):
            raise InvalidParameterError(f"{name} harus bilangan bulat {low}-{high}, bukan {value!r}") from None
    if not low <= value <= high:
        raise InvalidParameterError(f"{name} harus bilangan bulat {low}-{high}, bukan {value!r}")
    return value


@dataclass(frozen=True)
class Params:
    """The parameters of one run of one period (validated on creation)."""

    year: int
    raw_dir: Path = Path("data/raw")
    processed_dir: Path = Path("data/processed")
    output_dir: Path = Path("outputs")
    #: a koperasi is aktif when its latest RAT falls in the last N years (spec section 4)
    rat_window_years: int = 1
    #: the first year of IKU-3's accumulation (spec section 5)
    accumulation_start_year: int = RPJMD_START
    #: the quarter whose cut-off the numbers are counted to (spec section 7); 4 = the annual report
    triwulan: int = periods.ANNUAL

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise through the back door, once, here
        set_(self, "year", _check_int("tahun", self.year, *YEAR_RANGE))
        set_(self, "rat_window_years", _check_int("rat_window_years", self.rat_window_years, *RAT_WINDOW_RANGE))
        set_(self, "accumulation_start_year",
             _check_int("accumulation_start_year", self.accumulation_start_year, *YEAR_RANGE))
        set_(self, "triwulan", _check_int("triwulan", self.triwulan, periods.TRIWULAN[0], periods.TRIWULAN[-1]))
        for name in ("raw_dir", "processed_dir", "output_dir"):
            value = getattr(self, name)
            if not isinstance(value, (str, Path)) or not str(value).strip():
                raise InvalidParameterError(f"{name} harus nama folder, bukan {value!r}")
            set_(self, name, Path(value))

    # --- names -------------------------------------------------------------------------------

    @property
    def label(self) -> str:
        """The period label used in folder and file names: '2026', '2026-tw2'."""
        return periods.label(self.year, self.triwulan)

    @property
    def is_annual(self) -> bool:
        return self.triwulan == periods.ANNUAL

    @property
    def cutoff(self):
        """The last day counted: 31 December for the annual report, else the quarter's end."""
        return periods.cutoff(self.year, self.triwulan)

    def for_quarter(self, triwulan: int) -> Params:
        return self.replace(triwulan=triwulan)

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    def replace(self, **changes: Any) -> Params:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def for_year(self, year: int) -> Params:
        return self.replace(year=year)

    def resolved(self) -> Params:
        """The same parameters with absolute folders (relative ones taken from the current folder)."""
        return self.replace(**{n: Path(getattr(self, n)).resolve() for n in ("raw_dir", "processed_dir", "output_dir")})

    # --- what results depend on ------------------------------------------------------------

    def data_key(self) -> dict[str, int]:
        """The parameters the clean tables of the year depend on: the key of its processed cache.
        Cleaning does not depend on the quarter (spec section 7), so every quarter shares it."""
        return {"tahun": self.year, "rat_window_years": self.rat_window_years,
                "accumulation_start_year": self.accumulation_start_year}

    def result_key(self) -> dict[str, int]:
        """The parameters the numbers depend on (folders excluded), as iku_<label>.json records
        them: the data key, plus ``triwulan`` for a quarter (absent = 4, the annual report)."""
        return self.data_key() if self.is_annual else {**self.data_key(), "triwulan": self.triwulan}

    def trial_changes(self) -> list[str]:
        """The parameters the numbers depend on that differ from their defaults, in words (empty for
        a regular run). A run with any is a trial: its documents say ``PERCOBAAN`` (spec section 10).

        >>> Params(year=2026, rat_window_years=2).trial_changes()
        ['jendela RAT 2 tahun (bawaan 1)']
        >>> Params(year=2026).trial_changes()
        []
        """
        defaults = Params(year=self.year)
        out = []
        if self.rat_window_years != defaults.rat_window_years:
            out.append(f"jendela RAT {self.rat_window_years} tahun (bawaan {defaults.rat_window_years})")
        if self.accumulation_start_year != defaults.accumulation_start_year:
            out.append(f"awal akumulasi IKU-3 {self.accumulation_start_year} (bawaan {defaults.accumulation_start_year})")
        return out

    @property
    def percobaan(self) -> str:
        """The trial mark every page, sheet and index entry of a trial run carries; empty otherwise.

        >>> Params(year=2026, accumulation_start_year=2024).percobaan
        'PERCOBAAN — parameter: awal akumulasi IKU-3 2024 (bawaan 2025)'
        """
        changes = self.trial_changes()
        return f"PERCOBAAN — parameter: {'; '.join(changes)}" if changes else ""

    # --- notebooks ---------------------------------------------------------------------------

    def notebook_values(self) -> dict[str, Any]:
        """What papermill injects: plain values, folders relative to the project where possible."""
        return {name: (portable(value) if isinstance(value, Path) else value)
                for name, value in ((n, getattr(self, n)) for n in self.fields())}

    @classmethod
    def from_notebook(cls, namespace: Mapping[str, Any]) -> Params:
        """Rebuild the Params from a notebook's parameter variables (``globals()`` will do)."""
        return cls(**{n: namespace[n] for n in cls.fields() if n in namespace})

    # --- records (manifest, verify) ----------------------------------------------------------

    def to_record(self) -> dict[str, Any]:
        return self.notebook_values()

    @classmethod
    def from_record(cls, record: Mapping[str, Any], **overrides: Any) -> Params:
        """The Params of a manifest; relative folders are taken from the project folder."""
        values = {n: record[n] for n in cls.fields() if n in record}
        for name in ("raw_dir", "processed_dir", "output_dir"):
            if name in values:
                values[name] = from_portable(values[name])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def portable(path: Path | str, root: Path = PROJECT_ROOT) -> str:
    """A path as recorded: relative to the project (with '/') when inside it, else absolute.

    >>> portable(PROJECT_ROOT / "data" / "raw")
    'data/raw'
    """
    p = Path(path)
    if not p.is_absolute():
        return PurePosixPath(*p.parts).as_posix() if p.parts else "."
    try:
        return p.resolve().relative_to(root).as_posix() or "."
    except ValueError:
        return str(p)


def from_portable(text: str | Path, root: Path = PROJECT_ROOT) -> Path:
    """The folder a recorded path names: relative ones are inside the project."""
    p = Path(text)
    return p if p.is_absolute() else root / p
