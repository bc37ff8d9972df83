"""The facts the spec fixes (the decree, the plan period, the Permendagri bands) are spelled once, in
core.facts: no module, template or notebook writes them again."""

from __future__ import annotations

import pytest

from iku_helpers.core import facts
from iku_helpers.core.params import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "iku_helpers"
TEXT_SUFFIXES = {".py", ".html", ".css", ".j2", ".jinja", ".md", ".toml", ".txt"}

SPELLINGS = {
    "decree number": facts.DECREE_NUMBER,
    "plan period": facts.PLAN_PERIOD,
    "plan period (hyphen)": f"{facts.RPJMD_START}-{facts.RPJMD_END}",
    "plan years": f"range({facts.RPJMD_START}, {facts.RPJMD_END + 1})",
    "below the bands": f"{facts.BELOW_BANDS} di bawahnya",
    **{f"band {name}": f"{name} ≥ {low}" for low, name in facts.BANDS},
}


def _sources():
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES
             and p != PACKAGE / "core" / "facts.py" and "referensi" not in p.parts]
    return files + sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("what", SPELLINGS)
def test_a_fact_is_spelled_only_in_core_facts(what):
    text = SPELLINGS[what]
    again = [p.relative_to(PROJECT_ROOT).as_posix() for p in _sources() if text in p.read_text(encoding="utf-8")]
    assert again == [], f"{what} ({text!r}) written again; take it from iku_helpers.core.facts"


def test_the_plan_and_the_bands_hang_together():
    assert list(facts.PLAN_YEARS) == list(range(facts.RPJMD_START, facts.RPJMD_END + 1))
    lows = [low for low, _ in facts.BANDS]
    assert lows == sorted(lows, reverse=True)
    assert facts.INDICATOR_CODES and len(set(facts.INDICATOR_CODES)) == len(facts.INDICATOR_CODES)
    assert facts.DECREE_NUMBER in facts.DECREE and facts.DINAS in facts.DECREE
