import copy

from django.contrib import messages
from django.shortcuts import redirect, render

from workspaces.permissions.decorators import login_view

from .forms import ProfileForm
from .selectors import security_summary
from .services import profile_update


@login_view
def profile(request):
    """Your name, organisation and job title, with links to allauth's security pages."""
    # A copy, so that a rejected value never reaches request.user (the header shows its name).
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, **{name: form.cleaned_data[name] for name in form.fields})
        messages.success(request, "Your profile has been saved.")
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form, "security": security_summary(request.user)})
