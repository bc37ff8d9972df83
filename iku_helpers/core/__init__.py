"""The spec's vocabulary: parameters, periods, tables and their columns, the decree's facts, paths
(layout), settings, number formats, errors and safe writes.
Imports nothing of iku_helpers outside core.
"""
