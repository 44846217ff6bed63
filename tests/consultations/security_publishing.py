"""The publishing part's rows (see security.py)."""

MATRIX = {}
