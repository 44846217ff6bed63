"""The bell, the list, reading, preferences, unsubscribe, following and announcements."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from links.models import Link
from notifications.emails import unsubscribe_token
from notifications.models import Follow, Frequency, Notification, Preference, UserSettings
from notifications.services import follow
from tests.builders import add_member, make_team, make_user
from workspaces.models import EmailStatus, OutboundEmail

from .conftest import add_link, edit_link


@pytest.fixture
def news(workspace, contributor, manager, reader):
    """Three unread notifications for the reader."""
    link = add_link(workspace, contributor)
    follow(user=reader, item=link)
    for n in range(3):
        edit_link(link, manager, title=f"Guidance v{n + 2}")
    return link


def test_the_bell_shows_the_unread_count(news, reader, as_user):
    html = as_user(reader).get("/").content.decode()
    assert 'id="notification-bell"' in html and '3<span class="visually-hidden"> unread' in html


def test_the_bell_counts_nothing_from_a_workspace_the_reader_has_left(news, workspace, reader, as_user):
    from workspaces.models import Membership

    Membership.objects.filter(workspace=workspace, user=reader).delete()
    assert "(none unread)" in as_user(reader).get("/").content.decode()


def test_anonymous_visitors_see_no_bell(client, db):
    assert "notification-bell" not in client.get("/").content.decode()


def test_the_list_shows_notifications_with_links_to_the_item(news, reader, as_user):
    html = as_user(reader).get("/notifications/").content.decode()
    assert html.count('class="notification notification-unread"') == 3
    assert news.get_absolute_url() in html and "<h1>Notifications</h1>" in html


def test_the_list_hides_an_item_the_reader_may_no_longer_see(news, reader, as_user):
    from workspaces.models import Access

    Link.objects.filter(pk=news.pk).update(view_access=Access.MANAGERS)
    html = as_user(reader).get("/notifications/").content.decode()
    assert "Guidance v" not in html


def test_mark_one_read_with_a_plain_form_post(news, reader, as_user):
    n = Notification.objects.filter(recipient=reader).first()
    response = as_user(reader).post(reverse("notifications:read", args=[n.pk]), {"next": "/notifications/"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert Notification.objects.get(pk=n.pk).read_at is not None


def test_mark_one_read_with_htmx_returns_the_row_and_the_bell(news, reader, as_user):
    n = Notification.objects.filter(recipient=reader).first()
    response = as_user(reader).post(reverse("notifications:read", args=[n.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and f'id="notification-{n.pk}"' in html
    assert 'hx-swap-oob="true"' in html and '2<span class="visually-hidden"> unread' in html


def test_nobody_can_mark_someone_elses_notification(news, reader, contributor, as_user):
    n = Notification.objects.filter(recipient=reader).first()
    assert as_user(contributor).post(reverse("notifications:read", args=[n.pk])).status_code == 404
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_mark_all_read(news, reader, as_user):
    response = as_user(reader).post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=reader, read_at__isnull=True).exists()
    htmx = as_user(reader).post(reverse("notifications:read_all"), HTTP_HX_REQUEST="true")
    assert "(none unread)" in htmx.content.decode()


def test_the_list_costs_the_same_queries_for_more_notifications(workspace, contributor, manager, reader, as_user,
                                                                django_assert_max_num_queries):
    client = as_user(reader)
    for size in (3, 12):
        for _ in range(size):
            link = add_link(workspace, contributor)
            follow(user=reader, item=link)
            edit_link(link, manager, title="changed")
        # session, user, count, page, bell, memberships, items (+ the nav's own)
        with django_assert_max_num_queries(9):
            assert client.get("/notifications/").status_code == 200


def test_preferences_save_and_show_again(workspace, reader, as_user):
    client = as_user(reader)
    assert client.get("/notifications/preferences/").status_code == 200
    response = client.post("/notifications/preferences/", {
        "default_frequency": "weekly", "timezone": "Europe/Paris", "digest_hour": "18", "digest_weekday": "4",
        f"ws_{workspace.pk}": "immediate",
    })
    assert response.status_code == 302
    settings_row = UserSettings.objects.get(user=reader)
    assert (settings_row.timezone, settings_row.digest_hour, settings_row.digest_weekday) == ("Europe/Paris", 18, 4)
    assert dict(Preference.objects.filter(user=reader).values_list("workspace_id", "frequency")) == {
        None: "weekly", workspace.pk: "immediate"}
    assert 'value="Europe/Paris" selected' in client.get("/notifications/preferences/").content.decode()


def test_bad_preferences_are_refused_next_to_the_field(reader, as_user):
    response = as_user(reader).post("/notifications/preferences/", {
        "default_frequency": "hourly", "timezone": "Mars/Olympus", "digest_hour": "25", "digest_weekday": "9"})
    assert response.status_code == 200
    assert response.content.decode().count('class="error-message"') == 4
    assert not UserSettings.objects.filter(user=reader).exists()


def test_one_click_unsubscribe_from_a_workspace(workspace, reader, client):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(reader.pk, workspace_id=workspace.pk)])
    assert client.get(url).status_code == 200  # a page with a button; nothing changes on GET
    assert not Preference.objects.exists()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # RFC 8058, no session, no CSRF token
    assert response.status_code == 200
    assert Preference.objects.get(user=reader, workspace=workspace).frequency == Frequency.OFF


def test_unsubscribe_from_the_daily_digest_turns_daily_email_off(workspace, reader, client):
    Preference.objects.create(user=reader, workspace=workspace, frequency=Frequency.DAILY)
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(reader.pk, frequency="daily")])
    assert "no more daily digests" in client.post(url).content.decode()
    assert set(Preference.objects.filter(user=reader).values_list("frequency", flat=True)) == {Frequency.OFF}


def test_a_forged_unsubscribe_token_is_not_found(reader, client):
    assert client.post("/notifications/unsubscribe/not-a-token/").status_code == 404


def test_follow_and_unfollow_an_item(workspace, contributor, reader, as_user):
    link = add_link(workspace, contributor)
    ct = ContentType.objects.get_for_model(Link)
    url = reverse("notifications:follow", args=[workspace.slug, ct.pk, link.pk])
    assert as_user(reader).post(url).status_code == 302
    assert Follow.objects.filter(user=reader, target_id=link.pk).exists()
    response = as_user(reader).post(url, {"action": "unfollow"}, HTTP_HX_REQUEST="true")
    assert "Follow" in response.content.decode() and "<html" not in response.content.decode()
    assert not Follow.objects.filter(user=reader, target_id=link.pk).exists()


def test_nobody_follows_an_item_they_may_not_see(workspace, contributor, reader, outsider, as_user):
    from workspaces.models import Access

    link = add_link(workspace, contributor, view_access=Access.MANAGERS)
    ct = ContentType.objects.get_for_model(Link)
    url = reverse("notifications:follow", args=[workspace.slug, ct.pk, link.pk])
    assert as_user(reader).post(url).status_code == 404
    assert as_user(outsider).post(url).status_code == 404
    assert not Follow.objects.filter(user__in=[reader, outsider]).exists()


def test_a_manager_sees_the_reach_then_confirms_the_announcement(workspace, manager, contributor, reader, as_user,
                                                                 commits):
    Preference.objects.create(user=reader, workspace=workspace, frequency=Frequency.OFF)
    client = as_user(manager)
    url = reverse("notifications:announce", args=[workspace.slug])
    assert "reach <strong>2 people" in client.get(url).content.decode()  # manager, contributor (reader: off)
    data = {"subject": "Consultation opens", "message": "Please respond by Friday.", "url": f"/w/{workspace.slug}/",
            "audience": "everyone"}
    step = client.post(url, data)
    assert "This will email 2 people" in step.content.decode() and not OutboundEmail.objects.exists()
    with commits():
        assert client.post(url, {**data, "confirm": "send"}).status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["contributor@example.org", "manager@example.org"]
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Please respond by Friday." in mail.outbox[0].body


def test_an_announcement_to_chosen_teams_reaches_only_them(workspace, manager, contributor, reader, as_user,
                                                           commits):
    team = make_team(workspace, "Steering", members=[reader])
    extra = make_user("extra@example.org")
    add_member(workspace, extra)
    data = {"subject": "Steering papers", "message": "Attached.", "audience": "teams", "teams": [team.pk],
            "confirm": "send"}
    with commits():
        as_user(manager).post(reverse("notifications:announce", args=[workspace.slug]), data)
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert OutboundEmail.objects.get().status == EmailStatus.SENT


def test_only_managers_announce(workspace, contributor, as_user):
    url = reverse("notifications:announce", args=[workspace.slug])
    assert as_user(contributor).get(url).status_code == 403


def test_an_item_page_offers_follow_to_readers_and_the_announcement_only_to_managers(workspace, contributor,
                                                                                      reader, manager, as_user):
    link = add_link(workspace, contributor)
    page = as_user(reader).get(link.get_absolute_url()).content.decode()
    assert ">Follow<" in page and "Email members about this" not in page
    page = as_user(manager).get(link.get_absolute_url()).content.decode()
    assert "Email members about this" in page
    announce = reverse("notifications:announce", args=[workspace.slug])
    assert f'href="{announce}?subject=Consultation+guidance&amp;url=%2Fw%2Ftest-programme%2Flinks%2F' in page


def test_the_announcement_form_is_filled_in_from_the_item(workspace, contributor, manager, as_user):
    link = add_link(workspace, contributor)
    url = reverse("notifications:announce", args=[workspace.slug])
    page = as_user(manager).get(url, {"subject": link.title, "url": link.get_absolute_url()}).content.decode()
    assert 'value="Consultation guidance"' in page
    assert f'value="{link.get_absolute_url()}"' in page
    assert f'href="{link.get_absolute_url()}">Cancel' in page


def test_the_workspace_home_offers_managers_an_announcement(workspace, manager, reader, as_user):
    home = reverse("workspace_home", args=[workspace.slug])
    assert "Email an announcement" in as_user(manager).get(home).content.decode()
    assert "Email an announcement" not in as_user(reader).get(home).content.decode()


def test_site_admins_find_failed_email_from_the_home_page(site_admin, manager, as_user):
    page = as_user(site_admin).get("/").content.decode()
    assert 'href="/notifications/failed/">Email that could not be sent</a> (0)' in page
    assert "Email that could not be sent" not in as_user(manager).get("/").content.decode()


def test_an_item_of_a_tool_switched_off_cannot_be_followed(as_user, workspace, manager, reader):
    link = add_link(workspace, manager)
    workspace.enabled_tools = ["wikis"]
    workspace.save()
    url = reverse("notifications:follow", args=[workspace.slug, ContentType.objects.get_for_model(Link).pk, link.pk])
    assert as_user(reader).post(url).status_code == 404
    assert not Follow.objects.filter(user=reader).exists()


def test_a_boosted_follow_gets_the_whole_page_back_not_the_button_alone(workspace, contributor, reader, as_user):
    link = add_link(workspace, contributor)
    url = reverse("notifications:follow", args=[workspace.slug, ContentType.objects.get_for_model(Link).pk, link.pk])
    response = as_user(reader).post(url, HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    assert response.status_code == 302
    assert Follow.objects.filter(user=reader, target_id=link.pk).exists()


def test_a_line_break_in_an_announcement_subject_is_one_line_in_the_mail(workspace, manager, contributor, as_user,
                                                                          commits):
    data = {"subject": "Consultation opens\r\nBcc: x@evil.example", "message": "Please respond.",
            "audience": "everyone", "confirm": "send"}
    with commits():
        assert as_user(manager).post(reverse("notifications:announce", args=[workspace.slug]), data).status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["contributor@example.org", "manager@example.org"]
    for message in mail.outbox:
        assert message.subject == "Consultation opens Bcc: x@evil.example – Test programme"
        headers = message.message().as_bytes().decode().partition("\n\n")[0]
        assert "\nBcc:" not in headers and message.bcc == []
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
