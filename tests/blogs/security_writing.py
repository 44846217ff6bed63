"""The writing part's rows (see security.py)."""
