import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from .helpers import activate_totp, sign_in


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/profile/"


def test_profile_saves_name_organisation_and_job_title(as_user, reader):
    response = as_user(reader).post(
        reverse("profile"),
        {"display_name": "  Rita R. Reader ", "organisation_name": "Harbour Trust", "job_title": "Chair"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("profile")
    reader.refresh_from_db()
    assert (reader.display_name, reader.organisation_name, reader.job_title) == (
        "Rita R. Reader", "Harbour Trust", "Chair")


def test_profile_rejects_a_too_long_name_next_to_the_field_and_saves_nothing(as_user, reader):
    response = as_user(reader).post(
        reverse("profile"), {"display_name": "x" * 201, "organisation_name": "Changed", "job_title": "Changed"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_display_name_error"' in page
    assert "Your name must be 150 characters or fewer (it has 201)." in page
    # The header still shows the saved name, not the rejected one.
    assert "Rita Reader" in page and "x" * 201 not in page.split("<main", 1)[0]
    reader.refresh_from_db()
    assert (reader.display_name, reader.organisation_name, reader.job_title) == ("Rita Reader", "", "")


def test_profile_requires_a_name(as_user, reader):
    response = as_user(reader).post(reverse("profile"), {"display_name": " ", "organisation_name": "", "job_title": ""})
    assert response.status_code == 200
    assert 'id="id_display_name_error"' in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Rita Reader"


def test_profile_links_to_email_password_two_factor_and_sessions(as_user, reader):
    page = as_user(reader).get(reverse("profile")).content.decode()
    for name in ["account_email", "account_change_password", "mfa_index", "usersessions_list"]:
        assert f'href="{reverse(name)}"' in page, name
    assert "reader@example.org" in page
    assert "Set up two-factor authentication" in page


def test_profile_shows_two_factor_as_on_once_activated(contributor):
    client, _ = sign_in("contributor@example.org")
    activate_totp(client)
    assert "Manage two-factor authentication" in client.get(reverse("profile")).content.decode()


@pytest.mark.parametrize("other_devices", [0, 10])
def test_profile_page_query_count_does_not_grow_with_sessions_or_addresses(
    reader, other_devices, django_assert_max_num_queries
):
    for i in range(other_devices):
        sign_in("reader@example.org", HTTP_USER_AGENT=f"Device {i}")
        EmailAddress.objects.create(user=reader, email=f"old{i}@example.org", verified=False)
    client, _ = sign_in("reader@example.org")
    with django_assert_max_num_queries(6):
        page = client.get(reverse("profile")).content.decode()
    assert f"{other_devices + 1} session" in page
