"""What a chunk of outbox rows needs, loaded once before any of them is built."""

import logging

from django.contrib.auth import get_user_model

from .kinds import find_kind, get_kind

logger = logging.getLogger(__name__)


class PreloadFailed:
    def __init__(self, error):
        self.error = error


class Batch:
    """The recipients' accounts (`users`, by id), what each kind's preload returned (read with
    `loaded(row)`), and `cache`, where builders keep what many rows of the chunk share (a body
    rendered once for everyone who gets the same text). A preload that raises fails the rows of
    its kinds, one by one, and no other."""

    def __init__(self, rows):
        self.users = get_user_model().objects.in_bulk({r.recipient_id for r in rows if r.recipient_id})
        self.cache = {}
        self._loaded = {}
        groups = {}
        for row in rows:
            kind = find_kind(row.kind)
            if kind is not None and kind.preload is not None:
                groups.setdefault(kind.preload, []).append(row)
        for preload, kind_rows in groups.items():
            try:
                self._loaded[preload] = preload(kind_rows, self)
            except Exception as exc:  # noqa: BLE001 - a bug in one kind must not stop the others
                logger.exception("Could not load what %s mail needs", kind_rows[0].kind)
                self._loaded[preload] = PreloadFailed(exc)

    def loaded(self, row):
        result = self._loaded.get(get_kind(row.kind).preload)
        if isinstance(result, PreloadFailed):
            raise RuntimeError(f"Loading this chunk's {row.kind} mail failed: {result.error!r}")
        return result


def build(row, batch):
    """(message, covered ids), or (None, ()) when there is no one (left) to send it to."""
    kind = get_kind(row.kind)
    if row.recipient_id is not None:
        user = batch.users.get(row.recipient_id)
        if user is None or not user.is_active or not user.email:
            return None, ()
    return kind.build(row, batch)
