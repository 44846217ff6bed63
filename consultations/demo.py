"""Demo content (manage.py seed_demo): the lifecycle part owns this module."""


def seed_demo(workspace, users):
    return None
