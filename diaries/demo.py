"""The diaries' demo content (manage.py seed_demo): filled in by the invitations part."""


def seed_demo(workspace, users):
    return None
