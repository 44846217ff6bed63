"""Mail kinds: what each kind of outbox row is, registered by the app that owns it."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MailKind:
    """One kind of email, registered in its app's AppConfig.ready() with register_kind().

    name: the `kind` of its outbox rows ("notification", "invitation").
    label: for people, on the failed-mail page ("Daily digest").
    build(row, batch): (message or None, covered ids). The message is made with compose();
        None means there is nothing (left) to tell, and the row is skipped. Anything it raises
        fails this row alone. The recipient's account is batch.users[row.recipient_id] (rows
        for an inactive account or one without an address are skipped before it is called).
    preload(rows, batch): loads what a chunk's rows of this kind need, in a fixed number of
        queries; the builder reads the result as batch.loaded(row). Kinds that share a preload
        function have it called once for all their rows.
    covers: (model, field name). When a row is sent or skipped, that field of the rows it
        covered is set to the time, in the statement that marks the row (Notification.emailed_at,
        Invitation.sent_at): never without the mail, never twice.
    unsubscribe: its messages carry a one-click List-Unsubscribe (RFC 8058); compose() then
        requires the link.
    """

    name: str
    label: str
    build: Callable = field(compare=False, repr=False)
    preload: Callable | None = field(default=None, compare=False, repr=False)
    covers: tuple | None = field(default=None, compare=False)
    unsubscribe: bool = False


_kinds: dict[str, MailKind] = {}


def register_kind(kind):
    _kinds[kind.name] = kind


def get_kind(name):
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No mail kind {name!r} is registered (is the app that sends it installed?)") from None


def find_kind(name):
    """The kind, or None if no app registered it."""
    return _kinds.get(name)


def kind_label(name):
    kind = _kinds.get(name)
    return kind.label if kind else name


class register_temporarily:
    """Context manager for tests: a kind (or a changed one) that exists only inside the block."""

    def __init__(self, kind):
        self.kind, self.previous = kind, None

    def __enter__(self):
        self.previous = _kinds.get(self.kind.name)
        register_kind(self.kind)
        return self.kind

    def __exit__(self, *exc):
        if self.previous is None:
            _kinds.pop(self.kind.name, None)
        else:
            _kinds[self.kind.name] = self.previous
