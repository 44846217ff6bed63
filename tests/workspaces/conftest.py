# The dummy tool's world of Notes (one per access setting, in a private and a public workspace),
# shared by the permission tests of this folder.
from .test_permissions import author, world  # noqa: F401
