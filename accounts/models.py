from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin, _user_has_perm
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Signs in with an email address; `is_superuser` makes a site admin."""

    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        "display name", max_length=150, blank=True, help_text="How other members see you, e.g. Sam Patel."
    )
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    job_title = models.CharField("job title", max_length=200, blank=True)
    # An IANA name ("Europe/Paris"); blank: the site's TIME_ZONE. Activated per request by
    # accounts.middleware.UserTimeZoneMiddleware, so every date shown is in the reader's own time.
    time_zone = models.CharField("time zone", max_length=64, blank=True)
    is_staff = models.BooleanField(
        "staff status", default=False, help_text="May sign in to the Django admin site."
    )
    is_active = models.BooleanField("active", default=True)
    date_joined = models.DateTimeField("date joined", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        # (display_name, email): the member directory's order, a total one (email is unique), so
        # its keyset pages are index range scans at any depth (workspaces.kit.keyset).
        indexes = [models.Index(fields=["display_name", "email"], name="user_name_email_idx")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name shown to others: display name, else the part of the email before @."""
        return self.display_name or self.email.split("@")[0]

    @property
    def is_site_admin(self):
        return self.is_active and self.is_superuser

    def has_perm(self, perm, obj=None):
        # Object checks always go to the backends (the workspace permission layer): Django's
        # superuser shortcut would otherwise let a site admin write in an archived workspace.
        if obj is not None:
            return _user_has_perm(self, perm, obj)
        return super().has_perm(perm, obj)

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name
