"""The analysis part's URLs."""

urlpatterns = []
