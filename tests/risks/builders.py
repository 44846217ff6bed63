"""Builders for risk tests: registers and risks made through the services.

    register = make_register(workspace, manager)                      # the Orange Book categories
    risk = make_risk(register, manager, title=..., current=(3, 4), category="Financial")
    risk = make_risk(register, contributor, stage="proposed")         # a member's suggestion"""

import itertools

from risks import services
from risks.models import Category, Register, Risk

_n = itertools.count(1)


def make_register(workspace, author, *, title=None, **extra):
    register = services.register_create(actor=author, workspace=workspace, title=title or f"Register {next(_n)}",
                                        **extra)
    return Register.objects.select_related("workspace").get(pk=register.pk)


def make_risk(register, author, *, stage="open", title=None, inherent=(4, 4), current=(3, 4), target=(2, 2),
              category=None, **details):
    if isinstance(category, str):
        category = Category.objects.get(register=register, name=category)
    scores = {"inherent": inherent, "current": current, "target": target}
    if stage == "proposed":
        risk = services.risk_suggest(actor=author, register=register, title=title or f"Risk {next(_n)}",
                                     category=category, **details)
    else:
        risk = services.risk_create(actor=author, register=register, title=title or f"Risk {next(_n)}",
                                    scores=scores, category=category, **details)
    return Risk.objects.select_related("register__workspace", "category", "owner").get(pk=risk.pk)
