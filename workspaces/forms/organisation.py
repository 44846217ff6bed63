"""An organisation's look: its logo (set by its admins, workspaces.views.organisation)."""

from django import forms
from django.core.exceptions import ValidationError

from ..lib import files
from ..lib.forms import SpecificErrorsMixin

LOGO_MAX_BYTES = 1024 * 1024
LOGO_TYPES = {files.PNG.mime, files.JPEG.mime, files.WEBP.mime}
LOGO_KINDS = "a PNG, JPEG or WebP image"


class LogoForm(SpecificErrorsMixin, forms.Form):
    logo = forms.FileField(
        label="Logo", required=False,
        help_text=f"{LOGO_KINDS}, at most {files.megabytes(LOGO_MAX_BYTES)}. It is shown about 28 pixels high, "
                  "so a wide, simple logo reads best.",
    )
    remove = forms.BooleanField(label="Remove the logo (show the name alone)", required=False)

    def __init__(self, *args, too_large=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = bool(too_large and "logo" in too_large)

    def clean_logo(self):
        if self.too_large:  # dropped as it arrived (files.SizeLimitHandler)
            raise ValidationError(f"The logo is over {files.megabytes(LOGO_MAX_BYTES)}: choose a smaller image.")
        upload = self.cleaned_data.get("logo")
        if upload is None:
            return None
        try:
            checked = files.check_upload(upload, field="logo")
        except ValidationError as error:
            raise ValidationError(error.message_dict["logo"]) from None
        if checked.mime not in LOGO_TYPES:
            raise ValidationError(f"“{checked.name}” is not {LOGO_KINDS}. Choose the logo as one of those.")
        if checked.size > LOGO_MAX_BYTES:
            raise ValidationError(f"The logo is {files.megabytes(checked.size, up=True)}; it can be at most "
                                  f"{files.megabytes(LOGO_MAX_BYTES)}. Choose a smaller image.")
        upload.name, upload.content_type = checked.name, checked.mime
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("logo") and not data.get("remove"):
            raise ValidationError("Choose an image for the logo, or tick “Remove the logo”.")
        return data
