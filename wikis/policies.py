"""Who may do what to a wiki page: the core ItemPolicy, with the core's rules for items that are
deleted softly: deleting and restoring need a manager, and a deleted page is hidden from everyone
but managers (and site admins), who may restore it."""

from workspaces.permissions import ManagedDeletionPolicy


class WikiPagePolicy(ManagedDeletionPolicy):
    managers_only = "Only managers of this workspace can delete or restore wiki pages."
