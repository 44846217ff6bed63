"""The calendar part's URLs (see urls.py)."""

urlpatterns = []
