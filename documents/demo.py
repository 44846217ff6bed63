"""Demo documents for `manage.py seed_demo`: folders, uploaded files with versions, a document
written together and circulated for comments for two weeks, a comment and a review waiting for
the reader. Idempotent: a document whose
title is already in the workspace's library is left alone."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from workspaces.kit.comments import add_comment
from workspaces.kit.models import title_key

from .models import Document, Folder
from .services import (
    document_edit,
    document_update_details,
    document_upload,
    document_write,
    folder_create,
    review_request,
    version_upload,
)


def _pdf(lines):
    """A small valid one-page PDF showing `lines` of text."""
    stream = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def _file(name, lines):
    return ContentFile(_pdf(lines), name=name)


PLAN_V1 = """# Purpose

This plan says how we will know whether the programme works.

# Questions

1. Do stakeholders find the consultation easier to take part in?
2. Do more responses come from small organisations?

# Budget

The evaluation budget is £40,000.
"""

PLAN_V2 = PLAN_V1.replace("£40,000.", "£45,000, including an independent review.")

# (folder, title, description, author email, [(file name, text lines, note), ...])
DEMO_FILES = [
    ("Minutes", "Steering group minutes, March", "Agreed the consultation timetable.", "manager@example.org", [
        ("steering-group-march.pdf", ["Steering group, March", "Present: Maya, Chris, Rita", "1. Timetable agreed"],
         "As circulated"),
        ("steering-group-march-v2.pdf", ["Steering group, March", "Present: Maya, Chris, Rita, Oscar",
                                         "1. Timetable agreed"], "Added an attendee"),
    ]),
    ("Training materials", "Introduction to the programme", "Slides for new members of the task force.",
     "contributor@example.org", [
         ("introduction.pdf", ["Introduction to the programme", "Why we consult", "How to take part"], ""),
     ]),
]


def seed_demo(workspace, users):
    author = users.get("manager@example.org")
    if author is None:
        return
    folders = {f.title: f for f in Folder.objects.filter(workspace=workspace, parent__isnull=True)}
    for name in ("Minutes", "Training materials", "Papers"):
        if name not in folders:
            folders[name] = folder_create(actor=author, workspace=workspace, title=name)
    existing = set(Document.objects.filter(workspace=workspace).values_list("title_key", flat=True))
    for folder_name, title, description, email, versions in DEMO_FILES:
        if title_key(title) in existing or users.get(email) is None:
            continue
        (name, lines, note), *later = versions
        document = document_upload(actor=users[email], workspace=workspace, folder=folders[folder_name], title=title,
                                   description=description, upload=_file(name, lines), note=note)
        for name, lines, note in later:
            document = version_upload(actor=users[email], document=document, upload=_file(name, lines), note=note)
    contributor, reader = users.get("contributor@example.org"), users.get("reader@example.org")
    if title_key("Evaluation plan") not in existing and contributor and reader:
        plan = document_write(actor=author, workspace=workspace, folder=folders["Papers"], title="Evaluation plan",
                              description="How we will know whether the programme works.", text=PLAN_V1,
                              coauthors=[contributor], note="First draft")
        plan = document_edit(actor=contributor, document=plan, text=PLAN_V2,
                             note="Added the independent review").document
        add_comment(actor=contributor, item=plan, body="Should we name the reviewer here?",
                    quote="including an independent review")
        review_request(actor=author, document=plan, reviewers=[reader], due_on=timezone.localdate() + timedelta(days=7),
                       message="Does this cover what stakeholders asked for?")
        closes = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=14), time(17, 0)))
        document_update_details(actor=author, document=plan, title=plan.title, folder=plan.folder,
                                description=plan.description, comment_window=(None, closes))
