# The dummy tool has no pages; the module exists because every Tool names one.
app_name = "dummytool"
urlpatterns = []
