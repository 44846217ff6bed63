"""The lifecycle part's URLs."""

urlpatterns = []
