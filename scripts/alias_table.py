"""Write the alias table of docs/data-contract.md (section 2.4) from iku_helpers.core.tables.

    python scripts/alias_table.py           # rewrite the table in place
    python scripts/alias_table.py --check   # exit 1 when the doc differs (tests do this too)

The table sits between the two marker comments in the doc; nothing else is touched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iku_helpers.core.tables import ALIASES, TABLES

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-contract.md"
BEGIN = "<!-- tabel-alias: dibuat oleh scripts/alias_table.py dari iku_helpers/core/tables.py; jangan diedit -->"
END = "<!-- akhir tabel-alias -->"


def forms(table: str, column: str) -> tuple[str, ...]:
    """Every normalised header that ``table`` reads as ``column``, the canonical name included."""
    extra = TABLES[table].extra_aliases
    found = {column}
    found |= {k for k, v in ALIASES.items() if v == column and k not in extra}
    found |= {k for k, v in extra.items() if v == column}
    return tuple(sorted(found, key=lambda k: (k != column, k)))


def rows() -> list[tuple[str, str, str]]:
    """(column, tables, forms) in the order the tables declare their columns; a column whose forms
    differ between tables gets one row per set of forms."""
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for name, table in TABLES.items():
        for column in table.columns:
            groups.setdefault((column, forms(name, column)), []).append(name)
    return [(f"`{column}`", ", ".join(tables), ", ".join(f"`{f}`" for f in found))
            for (column, found), tables in groups.items()]


def markdown() -> str:
    lines = [BEGIN, "| Kolom baku | Tabel | Bentuk normal yang diterima |", "|---|---|---|"]
    lines += [f"| {c} | {t} | {f} |" for c, t, f in rows()]
    return "\n".join(lines + [END])


def rewrite(text: str) -> str:
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + markdown() + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    new = rewrite(text)
    if args.check:
        if new != text:
            print(f"{DOC} tidak sama dengan tables.py; jalankan: python scripts/alias_table.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
