"""The distribution part's rows (see security.py)."""

MATRIX = {}
