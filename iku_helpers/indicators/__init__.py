"""The five indicators of the decree: their inputs, formulas, registry, targets and capaian, the
evaluation table and the comparison with a year earlier, and their cache entry.
Imports core and ingest.
"""
