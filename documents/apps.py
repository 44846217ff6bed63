from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents"

    def ready(self):
        from workspaces.permissions import register_policy
        from workspaces.registry import ADDRESSED, FOLLOWERS, MENTIONED, NotifyRule, Tool, register

        from .models import Document
        from .policies import DocumentPolicy

        register(
            Tool(
                slug="documents",
                name="Documents",
                description="A library of files and documents written together, with versions, reviews and approval.",
                urls="documents.urls",
                order=30,
                item_models=("documents.Document",),
                # Whoever adds or changes a document follows it; followers hear of new versions and
                # comments; people asked to review (and whoever asked) hear of it directly.
                notifications={
                    "documents.document_uploaded": NotifyRule(notify=(MENTIONED,), follow=True),
                    "documents.document_created": NotifyRule(notify=(ADDRESSED, MENTIONED), follow=True),
                    "documents.version_uploaded": NotifyRule(notify=(FOLLOWERS,), follow=True),
                    "documents.document_edited": NotifyRule(notify=(FOLLOWERS, MENTIONED), follow=True),
                    "documents.document_updated": NotifyRule(notify=(FOLLOWERS,)),
                    "documents.comment_added": NotifyRule(notify=(FOLLOWERS, MENTIONED), follow=True),
                    "documents.review_requested": NotifyRule(notify=(ADDRESSED,), follow=True),
                    "documents.review_approved": NotifyRule(notify=(ADDRESSED, FOLLOWERS)),
                    "documents.review_changes_requested": NotifyRule(notify=(ADDRESSED, FOLLOWERS)),
                    "documents.review_withdrawn": NotifyRule(notify=(ADDRESSED,)),
                    "documents.lock_broken": NotifyRule(notify=(ADDRESSED,)),
                },
            )
        )
        register_policy(Document, DocumentPolicy())
