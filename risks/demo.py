"""The risk registers' demo content (manage.py seed_demo): filled in by the import part."""


def seed_demo(workspace, users):
    return None
