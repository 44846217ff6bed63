"""The workspace's social links: managers add, edit, reorder and remove them; https only; shown
as plain links (rel="me noopener", the label as their text) on the News pages."""

import pytest
from django.urls import reverse

from blogs.models import SocialLink
from blogs.social import social_create
from workspaces.models import AuditEntry

from .builders import make_blog

pytestmark = pytest.mark.django_db


def url(name, workspace, *args):
    return reverse(f"blogs:{name}", args=[workspace.slug, *args])


def test_a_manager_adds_edits_moves_and_removes_links(workspace, manager, as_user):
    client = as_user(manager)
    for label in ("Rivers on LinkedIn", "Rivers on Mastodon"):
        response = client.post(url("social", workspace), {"network": "linkedin", "label": label,
                                                          "url": "https://example.org/" + label[-5:]})
        assert response.status_code == 302
    first, second = SocialLink.objects.filter(workspace=workspace).order_by("position")
    assert first.label == "Rivers on LinkedIn"
    client.post(url("social_move", workspace, second.pk), {"direction": "up"})
    assert list(SocialLink.objects.filter(workspace=workspace).order_by("position").values_list("pk", flat=True)) \
        == [second.pk, first.pk]
    client.post(url("social_edit", workspace, first.pk), {"network": "website", "label": "Our site",
                                                          "url": "https://rivers.example.org/"})
    assert SocialLink.objects.get(pk=first.pk).label == "Our site"
    assert client.get(url("social_delete", workspace, first.pk)).status_code == 200
    client.post(url("social_delete", workspace, first.pk))
    assert not SocialLink.objects.filter(pk=first.pk).exists()
    assert AuditEntry.objects.filter(action__startswith="blogs.social_link_").count() == 4


@pytest.mark.parametrize("address", ["http://example.org/", "javascript:alert(1)", "data:text/html,x", "ftp://x.org",
                                     "not an address"])
def test_only_https_addresses(workspace, manager, as_user, address):
    response = as_user(manager).post(url("social", workspace), {"network": "website", "label": "Ours",
                                                                "url": address})
    assert response.status_code == 200
    assert "https://" in response.context["form"].errors["url"][0]
    assert response.context["form"]["label"].value() == "Ours"  # nothing typed is lost
    assert not SocialLink.objects.exists()


def test_the_label_is_required(workspace, manager, as_user):
    response = as_user(manager).post(url("social", workspace), {"network": "website", "label": "  ",
                                                                "url": "https://example.org"})
    assert response.status_code == 200 and response.context["form"].errors["label"]


def test_links_show_as_plain_links_on_the_blog_and_index(workspace, manager, reader, as_user):
    blog = make_blog(workspace, manager)
    social_create(actor=manager, workspace=workspace, network="mastodon", label="Rivers on <Mastodon>",
                  url="https://social.example/@rivers")
    for address in (url("index", workspace), blog.get_absolute_url()):
        page = as_user(reader).get(address).content.decode()
        assert '<a href="https://social.example/@rivers" rel="me noopener">Rivers on &lt;Mastodon&gt;</a>' in page
        assert "Manage social links" not in page
    assert "Manage social links" in as_user(manager).get(url("index", workspace)).content.decode()


def test_readers_and_contributors_may_not_manage(workspace, reader, contributor, manager, as_user):
    link = social_create(actor=manager, workspace=workspace, network="website", label="Ours",
                         url="https://example.org")
    for person in (reader, contributor):
        assert as_user(person).get(url("social", workspace)).status_code == 403
        assert as_user(person).post(url("social_delete", workspace, link.pk)).status_code == 403
    assert SocialLink.objects.filter(pk=link.pk).exists()
