"""Who may do what with risk registers and risks. Every rule is here; views, exports and
services ask can()/require()/visible().

Registers (RegisterPolicy, items deleted softly): item access says who sees one and so its
risks. Creating one (`risks.create_register`, on the workspace) and changing its details,
matrix and categories (`change`) are for managers.
- `write` (keep the register: add and edit risks, triage suggestions, import): a contributor
  whom the register's change access admits; managers always.
- `suggest` (a risk that arrives as "proposed"): any contributor who sees it.
- `approve` (formal acceptance of a risk, tolerated): managers.
- `export` (XLSX, CSV, the board view): whoever sees it.

Risks (RiskPolicy, children of their register): seen by whoever sees the register; a proposed,
declined or merged one only by who suggested it and the register's keepers (`write`).
- `change` (details, scores, status, controls, actions, review): the keepers, and the risk's
  owner (a contributor) while it is open or mitigating.
- `triage` (accept, merge, decline a suggestion): the keepers, while it is proposed.
- `approve` (accept the risk formally, end an acceptance): managers.
Never in an archived workspace.
"""

from django.db.models import Q

from workspaces.permissions import (
    ALLOW,
    NOT_FOUND,
    ChildPolicy,
    Decision,
    ItemPolicy,
    ManagedDeletionPolicy,
    access_for,
    can,
    deny,
    visible,
)

from .models import LIVE_STATUSES, Register, Status

HIDDEN_STATUSES = (Status.PROPOSED, Status.DECLINED, Status.MERGED)  # the suggester's and the keepers' only
ONLY_MANAGERS_APPROVE = "Only managers of this workspace can accept a risk formally."
NOT_PROPOSED = "This risk is not waiting for triage."
NOT_LIVE = "Only an open or mitigating risk can be changed; reopen it first."


class RegisterPolicy(ManagedDeletionPolicy):
    managers_only = "Only managers of this workspace can delete or restore risk registers."
    actions = ItemPolicy.actions | {"write", "suggest", "approve", "export"}

    def decide_item(self, user, action, register, access):
        seen = self.decide_action(user, "view", register, access)
        if not seen.allowed or action in ("view", "export"):
            return seen
        if action == "write":
            if not access.has("contribute"):
                return deny("contribute", access)
            return self.decide_action(user, "change", register, access)
        if action == "suggest":
            return ALLOW if access.has("contribute") else deny("contribute", access)
        if action == "approve":
            if not access.has("manage_items"):
                return deny("contribute", access) if not access.has("contribute") else Decision(
                    False, ONLY_MANAGERS_APPROVE)
            return ALLOW
        if action in ("change", "restrict") and not access.is_manager:
            return deny("manage_items", access)
        return self.decide_action(user, action, register, access)


REGISTER_POLICY = RegisterPolicy()


def kept_registers(user, registers=None):
    """The ids of the registers `user` keeps (`write`), of those they see (or of `registers`)."""
    if not user.is_authenticated:
        return []
    registers = registers if registers is not None else visible(user, Register.objects.filter(is_deleted=False))
    return [register.pk for register in registers if can(user, "risks.write_register", register)]


class RiskPolicy(ChildPolicy):
    parent = "register"
    actions = frozenset({"view", "change", "triage", "approve"})

    def decide(self, user, perm, risk):
        action = self.check_perm(perm, type(risk))
        register = risk.register
        seen = REGISTER_POLICY.decide(user, "risks.view_register", register)
        if not seen.allowed:
            return seen
        access = access_for(user, register.workspace)
        keeps = REGISTER_POLICY.decide_item(user, "write", register, access)
        if risk.status in HIDDEN_STATUSES and not keeps.allowed and not getattr(user, "is_site_admin", False):
            if not (user.is_authenticated and risk.created_by_id == user.pk):
                return Decision(False, NOT_FOUND)
        if action == "view":
            return ALLOW
        if action == "approve":
            return REGISTER_POLICY.decide_item(user, "approve", register, access)
        if action == "triage":
            if not keeps.allowed:
                return keeps
            return ALLOW if risk.status == Status.PROPOSED else Decision(False, NOT_PROPOSED)
        # change
        if keeps.allowed:
            return ALLOW
        if not access.has("contribute"):
            return deny("contribute", access)
        if user.is_authenticated and risk.owner_id == user.pk:
            return ALLOW if risk.status in LIVE_STATUSES else Decision(False, NOT_LIVE)
        return keeps

    def visible(self, user, queryset):
        return self._narrowed(user, super().visible(user, queryset))

    def visible_in(self, access, queryset):
        # Only this workspace's registers are asked about, not every one the person sees.
        registers = visible(access.user, Register.objects.filter(workspace=access.workspace, is_deleted=False))
        return self._narrowed(access.user, super().visible_in(access, queryset), registers)

    def visible_under(self, user, register, queryset):
        # One register's risks: whether the person keeps it is one decision, not a list of them all.
        return self._narrowed(user, super().visible_under(user, register, queryset), [register])

    def _narrowed(self, user, queryset, registers=None):
        """Hidden statuses only for their suggester and the register's keepers (of `registers`,
        by default every register the person sees)."""
        if getattr(user, "is_site_admin", False):
            return queryset
        shown = ~Q(status__in=HIDDEN_STATUSES)
        if user.is_authenticated:
            shown |= Q(created_by=user.pk) | Q(register__in=kept_registers(user, registers))
        return queryset.filter(shown)

    def visible_to_many(self, users, queryset, only=None):
        pairs = super().visible_to_many(users, queryset, only)
        hidden = dict(queryset.filter(status__in=HIDDEN_STATUSES).values_list("pk", "created_by_id"))
        if not hidden:
            return pairs
        people = {u.pk: u for u in users}
        registers = {}
        for risk in queryset.filter(pk__in=hidden).select_related("register__workspace"):
            registers[risk.pk] = risk.register

        def sees(user_id, pk):
            if pk not in hidden or hidden[pk] == user_id:
                return True
            user = people.get(user_id)
            return user is not None and (getattr(user, "is_site_admin", False)
                                         or can(user, "risks.write_register", registers[pk]))

        return {(user_id, pk) for user_id, pk in pairs if sees(user_id, pk)}


RISK_POLICY = RiskPolicy()
