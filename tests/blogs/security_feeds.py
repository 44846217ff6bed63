"""The feeds part's rows (see security.py)."""
