"""The polls' embed part's URLs (see urls.py)."""

urlpatterns = []
