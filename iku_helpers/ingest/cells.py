"""A raw column split once into its kinds of cell: text, Excel number, Excel date, other.

The reader keeps every cell as the user wrote it: text from CSV files, and from workbooks
numbers, dates and booleans as well. :func:`as_cells` splits a column once; every value rule
(:mod:`iku_helpers.ingest.values`) and the ledger reuse that split.

>>> c = as_cells(pd.Series(["  Ajung ", 3.0, None], dtype=object))
>>> c.text.tolist(), c.num.tolist()
(['Ajung', nan, nan], [nan, 3.0, nan])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.kernels import strip_text

#: White space inside a value: space, tab, non-breaking space. Written as a class (not \s) so
#: that pandas runs the regex in pyarrow's RE2 instead of falling back to Python per value.
WS = "[ \t\u00a0]"
_NUMBER_TYPES = (float, int, np.float64, np.float32, np.int64, np.int32)
_DATE_TYPES = (dt.datetime, dt.date, pd.Timestamp)
_BOOL_TYPES = (bool, np.bool_)


@dataclass
class Cells:
    """A raw column split once into its kinds of cell; parsers and the ledger reuse it.

    ``text`` is stripped (non-breaking spaces included), empty text is NA; ``num`` and ``date``
    hold Excel number and date cells; ``other`` marks booleans and anything else.
    """

    raw: pd.Series
    text: pd.Series
    num: pd.Series
    date: pd.Series
    other: pd.Series
    _shown: pd.Series | None = None

    @property
    def index(self) -> pd.Index:
        return self.raw.index

    def filled(self) -> pd.Series:
        return self.text.notna() | self.num.notna() | self.date.notna() | self.other

    def shown_at(self, index: pd.Index) -> pd.Series:
        """:meth:`shown` for some rows only (the ledger needs the few rejected ones)."""
        if self._shown is not None or self.raw.dtype == "str":
            return self.shown().loc[index]
        return self.raw.loc[index].map(show_value, na_action="ignore").astype("str")

    def shown(self) -> pd.Series:
        """How each cell reads for a person (the ledger's ``nilai``), computed once."""
        if self._shown is None:
            if self.raw.dtype == "str":
                self._shown = self.raw
            else:
                self._shown = self.raw.map(show_value, na_action="ignore").astype("str")
        return self._shown


_NOTHING: list = []  # the last index's empty parts: the columns of one table share them


def _nothing(index: pd.Index) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """No text, no number, no date, no other cell for every row of ``index``, made once per index:
    a 40-column sheet of a million rows would otherwise hold 40 of each (0,7 GB). Callers get
    shallow copies; copy-on-write keeps a change to one from reaching the others."""
    known = _NOTHING[0] if _NOTHING else None
    same = known is index or (isinstance(index, pd.RangeIndex) and isinstance(known, pd.RangeIndex)
                              and index.equals(known))
    if not same:
        _NOTHING[:] = [index, (pd.Series(np.nan, index=index, dtype="str"), pd.Series(np.nan, index=index),
                               pd.Series(pd.NaT, index=index, dtype="datetime64[ns]"), pd.Series(False, index=index))]
    return _NOTHING[1]


def as_cells(col: pd.Series | Cells) -> Cells:
    """Split a raw column into its kinds of cell (a :class:`Cells` is returned as it is)."""
    if isinstance(col, Cells):
        return col
    index = col.index
    no_text, no_num, no_date, no_other = (s.copy(deep=False) for s in _nothing(index))
    if col.dtype == "str" or isinstance(col.dtype, pd.StringDtype):
        return Cells(col, strip_text(col), no_num, no_date, no_other)
    if pd.api.types.is_float_dtype(col.dtype) or pd.api.types.is_integer_dtype(col.dtype):
        return Cells(col, no_text, col.astype("float64"), no_date, no_other)  # an Excel number column
    if pd.api.types.is_datetime64_dtype(col.dtype):
        return Cells(col, no_text, no_num, col.astype("datetime64[ns]"), no_other)  # an Excel date column
    kinds = col.map(type)  # one C-level call per cell, then vectorised comparisons
    is_text = (kinds == str).to_numpy(dtype=bool)  # noqa: E721 - a Series of types, compared element-wise
    is_bool = kinds.isin(_BOOL_TYPES).to_numpy(dtype=bool)
    is_num = kinds.isin(_NUMBER_TYPES).to_numpy(dtype=bool) & ~is_bool
    is_date = kinds.isin(_DATE_TYPES).to_numpy(dtype=bool)
    is_empty = col.isna().to_numpy(dtype=bool)
    text = col.where(is_text).astype("str").str.strip()
    num = pd.to_numeric(col.where(is_num), errors="coerce").astype("float64")
    dates = col.where(is_date & ~is_empty)
    date = pd.to_datetime(dates.where(dates.notna(), None), errors="coerce").astype("datetime64[ns]")
    other = pd.Series(~(is_text | is_num | is_date | is_empty), index=index)
    return Cells(col, text.where(text != ""), num, date, other)


def split_cells(col: pd.Series | Cells) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(text, number, date, other) parts of a column, each NA/False where not that kind."""
    c = as_cells(col)
    return c.text, c.num, c.date, c.other


def raw_text(col: pd.Series | Cells) -> pd.Series:
    """How a cell reads for a person, for the ledger's ``nilai`` column."""
    return as_cells(col).shown()


def show_value(value: object) -> object:
    """How one cell reads for a person: whole floats without '.0', dates as yyyy-mm-dd."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
