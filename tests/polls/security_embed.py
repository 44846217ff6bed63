"""The embed part's rows (see security.py)."""
