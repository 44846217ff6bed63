"""The import and suggestion part's URLs (see urls.py)."""

urlpatterns = []
