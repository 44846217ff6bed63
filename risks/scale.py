"""The risk registers' share of the reference data (manage.py seed_scale): filled in by the import part."""


def seed_scale(ctx):
    return None


def bench_pages(workspace):
    return []
