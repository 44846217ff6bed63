"""The lifecycle part's rows (see security.py)."""

MATRIX = {}
