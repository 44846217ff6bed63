"""The surveys' part of the reference data (owned by the results work)."""


def seed_scale(ctx):
    pass


def bench_pages(workspace):
    return []
