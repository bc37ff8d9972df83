"""The steps the notebooks call (clean, compute, write the documents) and the analyst's exploration
helpers; the notebooks stay thin.
Imports core, ingest, indicators and documents.
"""
