"""From raw bidang files to clean tables: find and read files, parse cells, apply the cleaning
rules, keep a year's processed cache.
Imports core only.
"""
