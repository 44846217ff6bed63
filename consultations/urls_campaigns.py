"""The campaigns part's URLs."""

urlpatterns = []
