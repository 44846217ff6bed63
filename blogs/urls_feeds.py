"""The blogs' feeds part's URLs (see urls.py)."""

urlpatterns = []
