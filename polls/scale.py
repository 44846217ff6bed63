"""The polls' share of the reference data (manage.py seed_scale): filled in by the managing part."""


def seed_scale(ctx):
    return None


def bench_pages(workspace):
    return []
