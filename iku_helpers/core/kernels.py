"""Fast column kernels (pyarrow) behind the value rules; none of them holds a rule itself.

pandas runs some string operations value by value in Python; these helpers hand them to
pyarrow's compute kernels instead, or run a function once per distinct value.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _arrow(s: pd.Series) -> pa.Array:
    """A text column as a pyarrow large_string array (without a copy where pandas holds one)."""
    array = getattr(s.array, "_pa_array", None)
    if array is None:
        array = pa.array(s.astype("str").to_numpy(dtype=object, na_value=None), type=pa.large_string())
    return array.cast(pa.large_string())


def isin(values: pd.Series, allowed: pd.Series) -> pd.Series:
    """``values.isin(allowed)`` for text columns through pyarrow's hash kernel.

    pandas converts every allowed value to a Python object first, which for a register of a
    million identifiers costs seconds; missing values are never "in".
    """
    haystack = _arrow(allowed)  # nulls and repeats in the value set change nothing: no unique() pass
    if isinstance(haystack, pa.ChunkedArray):
        haystack = haystack.combine_chunks()
    hits = pc.is_in(_arrow(values), value_set=haystack, skip_nulls=True)
    return pd.Series(hits.to_numpy(zero_copy_only=False), index=values.index).fillna(False).astype(bool)


def lookup_counts(values: pd.Series, counts: pd.Series) -> np.ndarray:
    """For each text value, its count in ``counts`` (a ``value_counts()`` result); 0 where absent.

    The same as ``values.map(counts).fillna(0)``, through pyarrow's hash kernel.

    >>> lookup_counts(pd.Series(["a", "b", None, "a"]), pd.Series({"a": 2, "c": 1})).tolist()
    [2, 0, 0, 2]
    """
    keys = pd.Series(counts.index, dtype="str")
    positions = pc.index_in(_arrow(values), value_set=_arrow(keys)).to_numpy(zero_copy_only=False)
    found = ~np.isnan(positions.astype("float64"))
    out = np.zeros(len(values), dtype="int64")
    out[found] = counts.to_numpy(dtype="int64")[positions[found].astype("int64")]
    return out


def extract(text: pd.Series, pattern: str) -> pd.DataFrame:
    """Groups of a regex as columns 0, 1, ... (pyarrow's kernel; pandas' extract loops in Python)."""
    array = getattr(text.array, "_pa_array", None)
    groups = re.compile(pattern).groups
    if array is None:
        return text.str.extract(pattern)
    named = _name_groups(pattern)
    struct = pc.extract_regex(array, named)
    return pd.DataFrame({i: pd.Series(pc.struct_field(struct, [i]), index=text.index, dtype="str")
                         for i in range(groups)})


def _name_groups(pattern: str) -> str:
    """Give every capturing group a name (g0, g1, ...), as pyarrow's extract_regex requires."""
    out, k, i = [], 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "(" and not pattern.startswith("(?", i):
            out.append(f"(?P<g{k}>")
            k += 1
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def per_distinct(fn, text: pd.Series) -> tuple[pd.Series, ...]:
    """Run ``fn`` (text → tuple of Series) on each distinct non-empty text once, then broadcast.

    Registers repeat values (amounts, dates, status words): parsing the distinct ones and taking
    the results back by code is much cheaper than running every rule over every cell. ``text``
    must hold no missing values.
    """
    codes, uniques = pd.factorize(text)
    if len(uniques) * 2 > len(text):
        return fn(text)
    outs = fn(pd.Series(uniques, dtype="str"))
    return tuple(_broadcast(o, codes, text.index) for o in outs)


def _broadcast(result: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A result per distinct value taken back to every row (text through pyarrow: no Python strings)."""
    array = getattr(result.array, "_pa_array", None)
    if array is not None:
        return pd.Series(array.take(pa.array(codes)), index=index, dtype=result.dtype)
    return pd.Series(result.to_numpy()[codes], index=index, dtype=result.dtype)


def to_float(text: pd.Series) -> pd.Series:
    """Cast clean numeric text to float64 with pyarrow (pandas' own cast goes value by value)."""
    array = getattr(text.array, "_pa_array", None)
    if array is None:
        return text.astype("float64")
    cast = pc.cast(array, pa.float64())
    return pd.Series(cast.to_numpy(zero_copy_only=False), index=text.index, dtype="float64")


def mask_middle(text: pd.Series, keep: int, stars: int) -> pd.Series:
    """Each text as its first and last ``keep`` characters around ``stars`` asterisks (the texts are
    ``2 * keep + stars`` long), in one pyarrow kernel; missing stays missing.

    >>> mask_middle(pd.Series(["3509123456780001", None]), 4, 8).tolist()
    ['3509********0001', nan]
    """
    array = _arrow(text)
    middle, sep = pa.scalar("*" * stars, pa.large_string()), pa.scalar("", pa.large_string())
    joined = pc.binary_join_element_wise(pc.utf8_slice_codeunits(array, 0, keep), middle,
                                         pc.utf8_slice_codeunits(array, -keep, 2**31 - 1), sep)
    return pd.Series(joined, index=text.index, dtype="str")


def strip_text(text: pd.Series) -> pd.Series:
    """Text without leading and trailing white space (``str.strip()``), empty text as missing, in
    two pyarrow kernels.

    >>> strip_text(pd.Series([" Ajung\u00a0", "  ", None], dtype="str")).tolist()
    ['Ajung', nan, nan]
    """
    array = getattr(text.array, "_pa_array", None)  # as pandas holds it: a cast would copy every string
    array = _arrow(text) if array is None else array
    trimmed = pc.utf8_trim_whitespace(array)
    empty = pc.equal(pc.binary_length(trimmed), 0)
    if not pc.any(empty).as_py() and pc.sum(pc.binary_length(array)).as_py() == pc.sum(
            pc.binary_length(trimmed)).as_py():
        # nothing to strip (most columns of an export): no second copy of the text; a new object,
        # so that copy-on-write keeps a change to the result from reaching ``text``
        return text.copy(deep=False) if text.dtype == "str" else text.astype("str")
    return pd.Series(pc.if_else(empty, pa.scalar(None, trimmed.type), trimmed), index=text.index, dtype="str")


def is_utf8(data: bytes) -> bool:
    """Whether bytes are valid UTF-8, checked by pyarrow in place (``data.decode()`` would build a
    string as large as a whole register to say the same).

    >>> is_utf8("Sumbersari".encode()), is_utf8("Sumbersari".encode("utf-16"))
    (True, False)
    """
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
    try:
        pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True
