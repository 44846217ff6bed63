"""The publishing part's URLs."""

urlpatterns = []
