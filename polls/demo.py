"""The polls' demo content (manage.py seed_demo): filled in by the managing part."""


def seed_demo(workspace, users):
    return None
