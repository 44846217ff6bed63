"""The analysis part's rows (see security.py)."""

MATRIX = {}
