"""The pyarrow kernels behind the value rules (issue 27: the same results as pandas, faster)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iku_helpers.core import allocator
from iku_helpers.core.kernels import is_utf8, isin, mask_middle, per_distinct, strip_text


def test_strip_text_is_pandas_strip_with_empty_as_missing():
    text = pd.Series([" Ajung\u00a0", "\tPuger  ", "", "   ", None, "Kaliwates"], dtype="str")
    expected = text.str.strip()
    assert strip_text(text).tolist() == expected.where(expected != "").tolist()
    assert strip_text(text).dtype == "str"
    assert strip_text(pd.Series(["a"], dtype="str", index=[7])).index.tolist() == [7]


def test_mask_middle_keeps_both_ends():
    masked = mask_middle(pd.Series(["3509123456780001", None], dtype="str", index=[3, 4]), 4, 8)
    assert masked.tolist()[0] == "3509********0001"
    assert pd.isna(masked.tolist()[1]) and masked.index.tolist() == [3, 4]


@pytest.mark.parametrize("data, ok", [
    (b"", True), ("Kec. Sumbersari \u00e9".encode(), True), ("caf\u00e9".encode("cp1252"), False),
    ("\u00e9".encode()[:1], False), (b"\xef\xbb\xbfNIK", True),
])
def test_is_utf8(data, ok):
    assert is_utf8(data) is ok
    try:
        data.decode("utf-8")
        assert ok
    except UnicodeDecodeError:
        assert not ok


def test_isin_ignores_missing_and_repeated_allowed_values():
    values = pd.Series(["a", "b", None, "c"], dtype="str")
    assert isin(values, pd.Series(["a", None, "a", "c"], dtype="str")).tolist() == [True, False, False, True]
    assert isin(values, pd.Series([], dtype="str")).tolist() == [False] * 4


def test_per_distinct_broadcasts_text_and_numbers():
    text = pd.Series(["x", "y", "x", "x"], dtype="str", index=[10, 11, 12, 13])

    def rule(t):
        return t.str.upper(), pd.Series(np.arange(len(t), dtype="float64"), index=t.index)

    upper, number = per_distinct(rule, text)
    assert upper.tolist() == ["X", "Y", "X", "X"] and upper.dtype == "str"
    assert number.tolist() == [0.0, 1.0, 0.0, 0.0] and upper.index.tolist() == [10, 11, 12, 13]


def test_keep_freed_memory_is_a_no_op_off_linux(monkeypatch):
    monkeypatch.setattr(allocator, "_done", False)
    monkeypatch.setattr(allocator.sys, "platform", "win32")
    assert allocator.keep_freed_memory() is False


def test_keep_freed_memory_tunes_glibc_once(monkeypatch):
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("glibc only")
    monkeypatch.setattr(allocator, "_done", False)
    assert allocator.keep_freed_memory() is True
    assert allocator.keep_freed_memory() is True  # a second call changes nothing
