"""The results part's rows (see security.py)."""

MATRIX = {}
