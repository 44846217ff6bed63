from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents"

    def ready(self):
        from workspaces.kit.exports import Export
        from workspaces.registry import (
            ADDRESSED,
            FOLLOWERS,
            MENTIONED,
            Commentable,
            NotifyRule,
            Searchable,
            Tool,
            register,
        )

        from . import home, selectors
        from .lifecycles import COMMENT_WINDOW
        from .models import Document, Review
        from .policies import DocumentPolicy, ReviewPolicy

        register(
            Tool(
                slug="documents",
                app_label="documents",
                name="Documents",
                description="A library of files and documents written together, with versions, reviews and approval.",
                urls="documents.urls",
                order=30,
                policies={Document: DocumentPolicy(), Review: ReviewPolicy()},
                # Whoever adds or changes a document follows it; followers hear of new versions, comments,
                # deletion and restoring; people asked to review (and whoever asked) hear of it directly.
                verbs={
                    "documents.document_uploaded": NotifyRule(notify=(MENTIONED,), follow=True),
                    "documents.document_created": NotifyRule(notify=(ADDRESSED, MENTIONED), follow=True),
                    "documents.version_uploaded": NotifyRule(notify=(FOLLOWERS,), follow=True),
                    "documents.document_edited": NotifyRule(notify=(FOLLOWERS, MENTIONED), follow=True),
                    "documents.document_updated": NotifyRule(notify=(FOLLOWERS,)),
                    "documents.document_deleted": NotifyRule(notify=(FOLLOWERS,)),
                    "documents.document_restored": NotifyRule(notify=(FOLLOWERS,)),
                    "documents.review_requested": NotifyRule(notify=(ADDRESSED,), follow=True),
                    "documents.review_approved": NotifyRule(notify=(ADDRESSED, FOLLOWERS)),
                    "documents.review_changes_requested": NotifyRule(notify=(ADDRESSED, FOLLOWERS)),
                    "documents.review_withdrawn": NotifyRule(notify=(ADDRESSED,)),
                    "documents.lock_broken": NotifyRule(notify=(ADDRESSED,)),
                    # Recorded by the schedule (COMMENT_WINDOW) when comments open or close.
                    "documents.comments_opened": NotifyRule(notify=(FOLLOWERS,)),
                    "documents.comments_closed": NotifyRule(notify=(FOLLOWERS,)),
                },
                # Comments (the comments app) may quote a passage and say which version they are on.
                commentable=(Commentable("documents.Document", anchors=True, window=True),),
                lifecycles=(COMMENT_WINDOW,),
                # The workspace home: its newest items (and what waits for the viewer).
                latest=home.latest, waiting_for=home.waiting_for,
                demo="documents.demo.seed_demo",
                scale="documents.scale",
                stylesheet="documents/documents.css",
                searchable=(Searchable("documents.Document", fields=("title", "description", "text", "file_name")),),
                exports=(Export(name="documents", label="The list of documents", perm="documents.view_document",
                                rows=selectors.export_rows, sheet_title="Documents"),),
            )
        )
