"""@mentions in documents written here: a save tells only the people it newly names, however
often the document is saved again."""

from notifications.models import Notification

from .builders import make_written


def mentioned_in(person, verb):
    return Notification.objects.filter(recipient=person, reason="mentioned", activity__verb=verb).count()


def test_saving_a_written_document_again_does_not_re_notify_everyone_it_mentions(workspace, contributor, reader,
                                                                               manager):
    from documents.services import document_edit

    draft = make_written(workspace, contributor, title="Plan", text="@reader please check the figures.\n")
    assert mentioned_in(reader, "documents.document_created") == 1

    document_edit(actor=manager, document=draft, text=draft.text + "\nThe figures are in.\n", base_version=1)
    assert mentioned_in(reader, "documents.document_edited") == 0

    draft.refresh_from_db()
    document_edit(actor=contributor, document=draft, text=draft.text + "\n@manager can you sign it off?\n",
                  base_version=draft.version)
    assert mentioned_in(manager, "documents.document_edited") == 1
    assert mentioned_in(reader, "documents.document_edited") == 0
