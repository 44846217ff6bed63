"""The invitations part's URLs (see urls.py)."""

urlpatterns = []
