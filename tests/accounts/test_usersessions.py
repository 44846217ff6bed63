from allauth.usersessions.models import UserSession
from django.urls import reverse

from .helpers import sign_in


def test_sessions_page_lists_the_current_session(reader):
    client, _ = sign_in("reader@example.org", HTTP_USER_AGENT="Firefox on the office PC")
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Firefox on the office PC" in page and "This browser" in page
    assert "You are signed in only here." in page


def test_sign_out_other_sessions_ends_them_and_keeps_this_one(reader):
    laptop, _ = sign_in("reader@example.org", HTTP_USER_AGENT="Laptop")
    phone, _ = sign_in("reader@example.org", HTTP_USER_AGENT="Phone")
    assert UserSession.objects.filter(user=reader).count() == 2
    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Laptop" in page and "Phone" in page and "Sign out all other sessions" in page

    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert UserSession.objects.filter(user=reader).count() == 1
    assert laptop.get(reverse("profile")).status_code == 200
    assert phone.get(reverse("profile"))["Location"].startswith(reverse("account_login"))


def test_sessions_page_needs_sign_in(client, db):
    assert client.get(reverse("usersessions_list"))["Location"].startswith(reverse("account_login"))
