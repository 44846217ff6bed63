"""The blogs' embed part's URLs (see urls.py)."""

urlpatterns = []
