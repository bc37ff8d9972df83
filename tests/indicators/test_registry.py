"""The registry: the decree's codes (core.facts) in the decree's order, each formula reporting under
its own code, and what each indicator counts one by one."""

from __future__ import annotations

from iku_helpers.core.facts import INDICATOR_CODES
from iku_helpers.core.tables import TABLES
from iku_helpers.indicators.model import Sources
from iku_helpers.indicators.registry import REGISTRY


def test_the_registry_holds_the_decrees_codes_in_their_order():
    assert tuple(REGISTRY) == INDICATOR_CODES
    assert [ind.kode for ind in REGISTRY.values()] == list(INDICATOR_CODES)


def test_each_formula_reports_under_its_own_code():
    for kode, ind in REGISTRY.items():
        assert ind.compute(Sources(2026)).kode == kode


def test_what_an_indicator_counts_one_by_one_names_real_tables_and_their_key():
    subjects = {kode: ind.subject for kode, ind in REGISTRY.items() if ind.subject is not None}
    assert set(subjects) == {"IT-2", "IKU-1", "IKU-2"}
    for subject in subjects.values():
        for table in filter(None, (subject.register, subject.events)):
            assert subject.key in TABLES[table].columns, (table, subject.key)
