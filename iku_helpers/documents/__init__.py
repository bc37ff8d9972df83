"""What people read and fill in: the report's HTML, charts, the map, the LKjIP workbook, the
bidang pages, annotated copies and blank input workbooks.
Imports core, ingest and indicators.
"""
