"""The campaigns part's rows (see security.py)."""

MATRIX = {}
