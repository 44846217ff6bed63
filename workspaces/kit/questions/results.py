"""Aggregation in SQL over a tool's Answer queryset (owned by the results work)."""
