"""The core's forms, one module per area as in services/ and views/.

ItemAccessFormMixin is what tools build their item forms with, so it is importable from here."""

from .items import ItemAccessFormMixin

__all__ = ["ItemAccessFormMixin"]
