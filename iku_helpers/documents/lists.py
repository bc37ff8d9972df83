"""CSV for people: the audit lists and tables as a spreadsheet opens them.

Text cells that start with ``= + - @`` are neutralised (OWASP CSV injection) without touching
numbers; whole values of decimal columns are written as integers; a list too long for a
spreadsheet gets a summary CSV beside its complete parquet.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..core.layout import CSV_MAX_ROWS, ListFiles

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_csv_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to text cells starting with = + - @ (OWASP CSV injection); numbers untouched.

    >>> neutralise_csv_text(pd.DataFrame({"a": ["=1+1", "ok", "-5"], "n": [-1, 2, 3]})).a.tolist()
    ["'=1+1", 'ok', "'-5"]
    """
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == "str" or s.dtype == object:
            text = s.astype("str")
            risky = text.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                out[col] = text.where(~risky, "'" + text)
    return out


def plain_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole values of decimal columns as integers, so that a count reads 140, not 140.0, in
    every CSV and JSON (a column of counts turns decimal as soon as one of its cells is empty).

    >>> plain_numbers(pd.DataFrame({"n": [140.0, None, 2.5], "t": ["a", "b", "c"]})).n.tolist()
    [140, None, 2.5]
    """
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype.kind != "f":
            continue
        values = s.to_numpy(dtype="float64", na_value=np.nan)
        whole = np.isfinite(values) & (np.mod(values, 1) == 0) & (np.abs(values) < 2 ** 53)
        if whole.any():
            out[col] = pd.Series([int(x) if w else (None if np.isnan(x) else float(x)) for x, w in zip(values, whole)],
                                 index=s.index, dtype=object)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """CSV for people (audit lists): UTF-8, full precision, whole numbers without '.0', text cells
    neutralised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    plain_numbers(neutralise_csv_text(frame)).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


#: Columns a long list is summarised by (those present), and where its row numbers are.
SUMMARY_KEYS = ("tabel", "berkas", "kolom", "alasan", "catatan", "kecamatan", "tahun_data")
ROW_COLUMNS = ("baris", "sumber_baris")
EXAMPLE_ROWS = 5


def summarise_list(frame: pd.DataFrame, keys=SUMMARY_KEYS) -> pd.DataFrame:
    """One row per kind of entry (the ``keys`` present): how many, and the first rows of each.

    >>> f = pd.DataFrame({"berkas": ["a.csv"] * 3, "alasan": ["x", "x", "y"], "baris": [2, 3, 4]})
    >>> summarise_list(f).to_dict("list")
    {'berkas': ['a.csv', 'a.csv'], 'alasan': ['x', 'y'], 'jumlah': [2, 1], 'baris_pertama': ['2, 3', '4']}
    """
    by = [k for k in keys if k in frame.columns]
    rows_col = next((c for c in ROW_COLUMNS if c in frame.columns), None)
    if not by:
        return pd.DataFrame({"jumlah": [len(frame)]})
    groups = frame.groupby(by, sort=True, dropna=False, observed=True)
    out = groups.size().rename("jumlah").reset_index()
    if rows_col is not None:
        first = groups[rows_col].agg(lambda s: ", ".join(str(int(x)) for x in s.head(EXAMPLE_ROWS) if pd.notna(x)))
        out["baris_pertama"] = first.to_numpy()
    return out


def write_list(frame: pd.DataFrame, files: ListFiles, max_csv_rows: int = CSV_MAX_ROWS) -> None:
    """A list for the audit folder: complete as parquet; as CSV while it fits a spreadsheet, else
    a summary CSV of its kinds of entry (the parquet keeps every row)."""
    files.parquet.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(files.parquet, index=False)
    if len(frame) <= max_csv_rows:
        write_csv(frame, files.csv)
    else:
        write_csv(summarise_list(frame), files.summary)
