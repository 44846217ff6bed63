"""allauth's account and two-factor forms with specific error messages ("Enter your password.",
"Enter an email address like name@example.org.", never "This field is required."): each is
allauth's own form with workspaces.lib.forms.SpecificErrorsMixin and the words for its fields.
Named in ACCOUNT_FORMS and MFA_FORMS (settings); sign-up gets the mixin through
ACCOUNT_SIGNUP_FORM_CLASS (accounts.forms.SignupProfileForm). A module of its own: allauth's
forms module imports accounts.forms, so accounts.forms cannot import it."""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa_base
from allauth.mfa.recovery_codes import forms as mfa_recovery
from allauth.mfa.totp import forms as mfa_totp

from workspaces.lib.forms import SpecificErrorsMixin

YOUR_EMAIL = {"email": "your email address"}
NEW_PASSWORD = {"password1": "a new password", "password2": "the new password again"}
APP_CODE = {"code": "the 6-digit code from your authenticator app"}


class LoginForm(SpecificErrorsMixin, account.LoginForm):
    field_nouns = {"login": "your email address", "email": "your email address", "password": "your password"}


class AddEmailForm(SpecificErrorsMixin, account.AddEmailForm):
    field_nouns = {"email": "the email address to add"}


class ChangeEmailForm(SpecificErrorsMixin, account.ChangeEmailForm):
    field_nouns = {"email": "your new email address"}


class ChangePasswordForm(SpecificErrorsMixin, account.ChangePasswordForm):
    field_nouns = {"oldpassword": "your current password", **NEW_PASSWORD}


class SetPasswordForm(SpecificErrorsMixin, account.SetPasswordForm):
    field_nouns = NEW_PASSWORD


class ResetPasswordForm(SpecificErrorsMixin, account.ResetPasswordForm):
    field_nouns = YOUR_EMAIL


class ResetPasswordKeyForm(SpecificErrorsMixin, account.ResetPasswordKeyForm):
    field_nouns = NEW_PASSWORD


class ReauthenticateForm(SpecificErrorsMixin, account.ReauthenticateForm):
    field_nouns = {"password": "your password"}


class AuthenticateForm(SpecificErrorsMixin, mfa_base.AuthenticateForm):
    field_nouns = {"code": "the code from your authenticator app, or a recovery code"}


class MFAReauthenticateForm(SpecificErrorsMixin, mfa_base.ReauthenticateForm):
    field_nouns = {"code": "the code from your authenticator app, or a recovery code"}


class ActivateTOTPForm(SpecificErrorsMixin, mfa_totp.ActivateTOTPForm):
    field_nouns = APP_CODE


class DeactivateTOTPForm(SpecificErrorsMixin, mfa_totp.DeactivateTOTPForm):
    field_nouns = APP_CODE


class GenerateRecoveryCodesForm(SpecificErrorsMixin, mfa_recovery.GenerateRecoveryCodesForm):
    field_nouns = APP_CODE

