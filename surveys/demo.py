"""The surveys' demo content (owned by the distribution work)."""


def seed_demo(workspace, users):
    pass
