"""The consultations' share of size L (manage.py seed_scale): the campaigns part owns this module."""


def seed_scale(ctx):
    return None


def bench_pages(workspace):
    return []
