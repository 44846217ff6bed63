"""Demo documents: seeded by `manage.py seed_demo`, safe to run again."""

from io import StringIO

from django.core.management import call_command

from documents.models import Document, Folder, Review
from workspaces.lib import files
from workspaces.models import Workspace


def test_seed_demo_adds_the_demo_documents_once(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    workspace = Workspace.objects.get(slug="demo-programme")
    assert sorted(Folder.objects.filter(workspace=workspace).values_list("title", flat=True)) == [
        "Minutes", "Papers", "Training materials"]
    documents = Document.objects.filter(workspace=workspace)
    assert documents.count() == 3
    minutes = documents.get(title="Steering group minutes, March")
    assert minutes.version == 2 and minutes.file_type == "application/pdf"
    with minutes.versions.get(number=1).file.open("rb") as handle:  # a real PDF, as an upload would check
        assert files.detect(handle) is files.PDF
    plan = documents.get(title="Evaluation plan")
    assert plan.is_written and plan.version == 2 and plan.coauthors.count() == 2
    assert Review.objects.get(document=plan).reviewers.get().user.email == "reader@example.org"
