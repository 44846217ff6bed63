"""The library's part of the reference data (`manage.py seed_scale`, workspaces.scale): folders,
one of them holding `big_folder_files` documents, and two versions of each document. Every
version's file is the same small stored PDF (what the pages read is the rows, not the bytes)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from workspaces.kit.models import Access, title_key

from .models import Document, Folder, Kind, Version

FOLDERS = ["Board papers", "Minutes", "Evidence", "Correspondence", "Training materials", "Policy drafts",
           "Research", "Legal", "Communications", "Finance"]
SAMPLE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_scale(ctx):
    _seed_library(ctx, ctx.workspace, ctx.size.documents, ctx.size.big_folder_files)
    for workspace in ctx.small_workspaces:
        _seed_library(ctx, workspace, 6, 3)


def _seed_library(ctx, workspace, count, big):
    rng = ctx.rng
    blob = default_storage.save(f"documents/{workspace.pk}/scale-sample", ContentFile(SAMPLE_PDF))
    folders = Folder.objects.bulk_create([
        Folder(workspace=workspace, title=name, title_key=title_key(name), created_by_id=ctx.author())
        for name in FOLDERS])
    for folder in folders:
        folder.path = f"/{folder.pk}/"
    Folder.objects.bulk_update(folders, ["path"])
    documents, teams = [], []
    for n in range(count):
        folder = folders[0] if n < big else rng.choice(folders[1:] + [None])
        title = f"{FOLDERS[n % len(FOLDERS)]} paper {n}"
        view, change, team = ctx.access() if workspace == ctx.workspace else (Access.ANYONE, Access.MEMBERS, None)
        author = ctx.author()
        documents.append(Document(
            workspace=workspace, folder=folder, kind=Kind.FILE, title=title, title_key=title_key(title),
            description=f"Paper {n} for the programme board.",
            description_html=f"<p>Paper {n} for the programme board.</p>",
            file_name=f"paper-{n}-v2.pdf", file_size=len(SAMPLE_PDF), file_type="application/pdf", version=2,
            created_by_id=author, updated_by_id=author, view_access=view, change_access=change))
        teams.append(team)
    documents = Document.objects.bulk_create(documents, batch_size=1000)
    for document in documents:
        document.created_at = ctx.some_time()
        document.updated_at = ctx.some_time(days=30)
    Document.objects.bulk_update(documents, ["created_at", "updated_at"], batch_size=500)
    ctx.grant_teams(Document, [(d.pk, team) for d, team in zip(documents, teams, strict=True) if team])
    ctx.insert_rows(Version, ["document_id", "workspace_id", "number", "created_at", "text", "html", "created_by_id",
                              "note", "file", "file_name", "file_size", "file_type", "sha256", "title"],
                    ((d.pk, workspace.pk, number, d.created_at if number == 1 else d.updated_at, "", "",
                      d.created_by_id, "First version" if number == 1 else "Comments addressed", blob,
                      f"paper-{n}-v{number}.pdf", len(SAMPLE_PDF), "application/pdf", "", d.title)
                     for n, d in enumerate(documents) for number in (1, 2)))
    for document in documents:
        ctx.add_activity("documents.document_uploaded", document, count=1)
        ctx.add_activity("documents.version_uploaded", document, count=1)


def bench_pages(workspace):
    ws = workspace.slug
    big = Folder.objects.filter(workspace=workspace, title=FOLDERS[0]).first()
    document = Document.objects.filter(workspace=workspace, view_access=Access.ANYONE).order_by("pk").first()
    pages = [("documents library", reverse("documents:index", args=[ws]))]
    if big is not None:
        pages.append(("folder of 1,000 files", reverse("documents:folder", args=[ws, big.pk])))
    if document is not None:
        pages += [("document page", reverse("documents:detail", args=[ws, document.pk])),
                  ("document versions", reverse("documents:versions", args=[ws, document.pk]))]
    return pages
