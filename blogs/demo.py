"""The blogs' demo content (manage.py seed_demo): filled in by the reading part."""


def seed_demo(workspace, users):
    return None
