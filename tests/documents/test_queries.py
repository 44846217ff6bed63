"""The library's pages cost a bounded number of queries, the same at two data sizes: a folder
of 500 and of 1,000 files, and a document with N and 2N versions, comments and co-authors."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from documents.models import CoAuthor, Document, Kind, Version
from documents.services import document_check_out, review_request
from workspaces.models import Access, Role
from workspaces.permissions import access_changed

from ..builders import add_member, make_team, make_user
from .builders import make_file_document, url_for

MAX_LIST_QUERIES = 12
MAX_PAGE_QUERIES = 15


def _count(client, url):
    access_changed()  # the bell counted afresh each time (cached otherwise): same work at both sizes
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


def _fill_folder(workspace, folder, authors, start, count):
    """Bulk-add file documents (building 1,000 through the service is slow); a quarter of them
    limited to a team, some checked out, some in review: what a row shows is on the row."""
    Document.objects.bulk_create(
        Document(workspace=workspace, folder=folder, kind=Kind.FILE, title=f"Paper {i:04d}", title_key=f"paper {i:04d}",
                 created_by=authors[i % 3], updated_by=authors[(i + 1) % 3], file_name=f"paper-{i}.pdf",
                 file_size=1000 + i, file_type="application/pdf",
                 view_access=Access.MEMBERS if i % 4 else Access.ANYONE,
                 locked_by=authors[0] if i % 7 == 0 else None, locked_at=timezone.now() if i % 7 == 0 else None,
                 review_status="in_review" if i % 5 == 0 else "none")
        for i in range(start, start + count)
    )


@pytest.fixture
def authors(workspace, manager, contributor):
    extra = make_user("third@example.org", "Tara Third")
    add_member(workspace, extra, Role.CONTRIBUTOR)
    return [manager, contributor, extra]


@pytest.mark.parametrize("persona", ["reader", "contributor", "manager"])
def test_a_folder_of_1000_files_costs_what_a_folder_of_500_does(as_user, workspace, personas, authors, folder,
                                                                persona, django_assert_max_num_queries):
    team = make_team(workspace, "Board", members=[personas["contributor"]])
    make_file_document(workspace, authors[0], title="Board only", folder=folder, view_access=Access.TEAMS,
                       view_teams=[team])
    client = as_user(personas[persona])
    url = url_for("folder", workspace, folder_id=folder.pk)
    _fill_folder(workspace, folder, authors, 0, 500)
    client.get(url)  # once before counting: the process's one-off lookups (content types) are not the page's
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        small, _ = _count(client, url)
    _fill_folder(workspace, folder, authors, 500, 500)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        large, response = _count(client, url)
    assert response.context["page_obj"].paginator.count >= 1000
    assert small == large, f"{small} queries with 500 files but {large} with 1,000"
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        _count(client, url + "?page=40")  # and the last pages


@pytest.mark.parametrize("name", ["index", "search"])
def test_the_library_front_page_and_search_do_not_grow(as_user, workspace, authors, reader, folder, name,
                                                       django_assert_max_num_queries):
    client = as_user(reader)
    url = url_for("index", workspace) + ("?q=paper" if name == "search" else "")
    _fill_folder(workspace, None, authors, 0, 300)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        small, _ = _count(client, url)
    _fill_folder(workspace, None, authors, 300, 300)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        large, _ = _count(client, url)
    assert small == large


def _grow_document(document, authors, reviewers, start, count):
    Version.objects.bulk_create(
        Version(document=document, workspace_id=document.workspace_id, number=n, created_by=authors[n % 3],
                file=f"documents/{document.workspace_id}/x{n}", file_name=f"v{n}.pdf", file_size=n,
                file_type="application/pdf")
        for n in range(start + 1, start + count + 1)
    )
    Document.objects.filter(pk=document.pk).update(version=start + count)
    document_type = ContentType.objects.get_for_model(Document)
    top = Comment.objects.bulk_create(
        Comment(target_type=document_type, target_id=document.pk, workspace_id=document.workspace_id,
                author=authors[n % 3], version_number=1, body=f"Comment {n}", body_html=f"<p>Comment {n}</p>",
                quote="a passage" if n % 2 else "")
        for n in range(start, start + count)
    )
    # And a reply to every other one, from someone else.
    Comment.objects.bulk_create(
        Comment(target_type=document_type, target_id=document.pk, workspace_id=document.workspace_id,
                parent=parent, author=authors[(n + 1) % 3], body="Agreed.", body_html="<p>Agreed.</p>")
        for n, parent in enumerate(top) if n % 2 == 0
    )
    named = reviewers[start // 10:(start + count) // 10]
    CoAuthor.objects.bulk_create([CoAuthor(document=document, user=u) for u in named], ignore_conflicts=True)


@pytest.mark.parametrize("persona", ["reader", "contributor", "manager"])
def test_a_document_page_costs_the_same_with_twice_the_versions_and_comments(as_user, workspace, personas, authors,
                                                                            persona, django_assert_max_num_queries):
    members = []
    for i in range(8):
        member = make_user(f"member{i}@example.org", f"Member {i}")
        add_member(workspace, member, Role.CONTRIBUTOR)
        members.append(member)
    document = make_file_document(workspace, authors[0], title="Busy paper")
    review_request(actor=authors[0], document=document, reviewers=members[:3] + [personas["reader"]],
                   due_on=timezone.localdate())
    document_check_out(actor=authors[1], document=document)
    client = as_user(personas[persona])
    url = document.get_absolute_url()
    _grow_document(document, authors, members, 1, 40)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        small, _ = _count(client, url)
    _grow_document(document, authors, members, 41, 40)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        large, response = _count(client, url)
    assert len(response.context["authors"]) > 1
    assert small == large, f"{small} queries, then {large} with twice as much"


@pytest.mark.parametrize("name", ["versions", "print", "review"])
def test_versions_printable_page_and_review_do_not_grow(as_user, workspace, authors, reader, name,
                                                       django_assert_max_num_queries):
    from .builders import make_written

    document = make_written(workspace, authors[0], title="Plan")
    review = review_request(actor=authors[0], document=document, reviewers=[reader, authors[1]],
                            due_on=timezone.localdate())
    kwargs = {"review_id": review.pk} if name == "review" else {}
    url = url_for(name, workspace, document, **kwargs)
    client = as_user(reader)
    _grow_document(document, authors, [], 1, 50)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        small, _ = _count(client, url)
    _grow_document(document, authors, [], 51, 50)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        large, _ = _count(client, url)
    assert small == large


def test_a_listing_does_not_load_texts(as_user, workspace, manager, folder):
    from .builders import make_written

    make_written(workspace, manager, title="Long", text="word " * 10000, folder=folder)
    with CaptureQueriesContext(connection) as ctx:
        as_user(manager).get(url_for("folder", workspace, folder_id=folder.pk))
    document_queries = [q["sql"] for q in ctx.captured_queries if 'FROM "documents_document"' in q["sql"]]
    assert document_queries and all('"documents_document"."text"' not in sql for sql in document_queries)
