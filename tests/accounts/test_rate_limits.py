"""Failed sign-ins are limited per client address, and per account from each address: behind the
documented proxy each visitor has their own address (the last X-Forwarded-For entry, which the
proxy wrote), an attacker cannot pick another's by writing the header themselves, and hammering
one account from one place locks out that place, not the account's owner, who is told once."""

import pytest
from django.test import Client

from ..builders import PASSWORD, make_user
from .helpers import sign_in

PROXY = "172.18.0.5"  # the TLS proxy's address on the compose network
ATTACKER, VICTIM = "198.51.100.66", "203.0.113.10"
LOCKED = "Too many failed login attempts"


def direct(address):
    """A browser that reaches Engage itself (no proxy in front)."""
    return Client(REMOTE_ADDR=address)


def via_proxy(address, sent=""):
    """A browser at `address` behind the proxy, which appends the address it saw to whatever
    X-Forwarded-For the browser sent (`sent`)."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{sent}, {address}" if sent else address)


def signed_in(client, email, **kwargs):
    client, response = sign_in(email, client=client, **kwargs)
    return "_auth_user_id" in client.session, response


def fail(client_for_attempt, times, email=None):
    """`times` wrong passwords, each for a made-up address (or for `email`)."""
    for n in range(times):
        _, response = sign_in(email or f"nobody{n}@example.org", password="guess-again", client=client_for_attempt(n))
        assert response.status_code == 200


@pytest.fixture
def victim(db):
    return make_user("victim@example.org", "Vic Victim")


@pytest.fixture
def behind_proxy(configure):
    """Engage configured as docker-compose.yml configures it, behind its one TLS proxy."""
    configure(ENGAGE_TRUSTED_PROXY_COUNT="1")


# --- Without a proxy: the connection's own address --------------------------------------------


def test_without_a_proxy_ten_failures_from_one_address_do_not_lock_out_another(victim):
    fail(lambda n: direct(ATTACKER), 10)
    ok, response = signed_in(direct(ATTACKER), "victim@example.org")
    assert not ok and LOCKED in response.content.decode()
    assert signed_in(direct(VICTIM), "victim@example.org")[0]


def test_without_a_proxy_a_written_x_forwarded_for_is_ignored(victim):
    # Choosing a new address for each attempt does not give the attacker a new allowance.
    fail(lambda n: Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"), 10)
    ok, response = signed_in(Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="10.0.0.99"), "victim@example.org")
    assert not ok and LOCKED in response.content.decode()


# --- Behind the proxy (ENGAGE_TRUSTED_PROXY_COUNT=1) -----------------------------------------


def test_behind_the_proxy_each_visitor_is_limited_separately(victim, behind_proxy):
    fail(lambda n: via_proxy(ATTACKER), 10)
    ok, response = signed_in(via_proxy(ATTACKER), "victim@example.org")
    assert not ok and LOCKED in response.content.decode()
    assert signed_in(via_proxy(VICTIM), "victim@example.org")[0]


def test_behind_the_proxy_a_forged_entry_does_not_pick_the_bucket(victim, behind_proxy):
    # The attacker writes the victim's address, then a new one each time, before the proxy's entry.
    fail(lambda n: via_proxy(ATTACKER, sent=f"{VICTIM}, 10.0.0.{n}"), 10)
    ok, response = signed_in(via_proxy(ATTACKER, sent="10.0.0.99"), "victim@example.org")
    assert not ok and LOCKED in response.content.decode()
    assert signed_in(via_proxy(VICTIM), "victim@example.org")[0]


# --- Targeted at one account ------------------------------------------------------------------


def test_hammering_an_account_does_not_stop_its_owner_signing_in_elsewhere(victim, mailoutbox):
    fail(lambda n: direct(ATTACKER), 5, email="victim@example.org")
    ok, response = signed_in(direct(ATTACKER), "victim@example.org")
    assert not ok and LOCKED in response.content.decode()  # the right password, from the attacker's address
    assert signed_in(direct(VICTIM), "victim@example.org")[0]


def test_hammering_an_account_behind_the_proxy_does_not_stop_its_owner(victim, behind_proxy):
    fail(lambda n: via_proxy(ATTACKER, sent=VICTIM), 5, email="victim@example.org")
    assert not signed_in(via_proxy(ATTACKER, sent=VICTIM), "victim@example.org")[0]
    assert signed_in(via_proxy(VICTIM), "victim@example.org")[0]


def test_the_owner_is_told_once_of_repeated_failures(victim, mailoutbox, behind_proxy):
    fail(lambda n: via_proxy(ATTACKER), 4, email="victim@example.org")
    assert mailoutbox == []  # a few mistyped passwords are nobody's business
    fail(lambda n: via_proxy(ATTACKER), 5, email="victim@example.org")
    fail(lambda n: via_proxy(f"192.0.2.{n}"), 5, email="victim@example.org")
    notices = [m for m in mailoutbox if m.to == ["victim@example.org"]]
    assert len(notices) == 1 and len(mailoutbox) == 1
    notice = notices[0]
    assert "sign in" in notice.subject.lower()
    assert ATTACKER in notice.body and PROXY not in notice.body
    assert "not locked" in notice.body and "/accounts/password/change/" in notice.body
    assert signed_in(via_proxy(VICTIM), "victim@example.org")[0]


def test_failures_for_addresses_nobody_has_send_no_mail(db, mailoutbox):
    fail(lambda n: direct(ATTACKER), 10)
    fail(lambda n: direct(VICTIM), 6, email="nobody@example.org")
    assert mailoutbox == []


def test_the_right_password_after_a_few_mistakes_still_signs_in(victim):
    fail(lambda n: direct(VICTIM), 4, email="victim@example.org")
    assert signed_in(direct(VICTIM), "victim@example.org", password=PASSWORD)[0]
