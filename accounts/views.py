from django.contrib import messages
from django.shortcuts import redirect, render

from workspaces.permissions.decorators import login_view

from .forms import ProfileForm


@login_view
def profile(request):
    """Your name, organisation and job title, with links to allauth's security pages."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})
