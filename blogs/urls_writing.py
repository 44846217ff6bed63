"""The blogs' writing part's URLs (see urls.py)."""

urlpatterns = []
