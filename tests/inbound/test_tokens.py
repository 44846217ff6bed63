"""Reply tokens: signed, per person and item, expiring, revoked by a new password, short."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType

from workspaces.kit.replies import reply_address
from workspaces.mail import replies

from .conftest import DOMAIN, address

pytestmark = pytest.mark.django_db


def test_it_round_trips_a_token_for_its_owner(repliable, note, contributor):
    made = reply_address(contributor, note)
    assert made.endswith("@" + DOMAIN) and made.startswith("reply+")
    token = replies.read_token(made)
    assert (token.user_id, token.object_id) == (contributor.pk, note.pk)
    assert token.content_type_id == ContentType.objects.get_for_model(note).pk
    replies.check_token(token, contributor)  # no exception


def test_an_address_survives_a_mail_system_changing_its_case(repliable, note, contributor):
    token = replies.read_token(reply_address(contributor, note).upper())
    replies.check_token(token, contributor)


def test_each_person_gets_their_own_address(repliable, note, contributor, reader):
    assert reply_address(contributor, note) != reply_address(reader, note)


def test_someone_elses_token_is_refused(repliable, note, contributor, reader):
    token = replies.read_token(reply_address(contributor, note))
    with pytest.raises(replies.BadToken):
        replies.check_token(token, reader)


@pytest.mark.parametrize("change", ["user", "object", "signature", "day"])
def test_a_forged_token_is_refused(repliable, note, contributor, manager, change):
    local = reply_address(contributor, note).partition("@")[0][len(replies.PREFIX):]
    user36, type36, object36, day36, signature = local.split(".")
    if change == "user":
        user36 = replies._b36(manager.pk)
    elif change == "object":
        object36 = replies._b36(note.pk + 1)
    elif change == "day":
        day36 = replies._b36(int(day36, 36) + 30)
    else:
        signature = ("a" if signature[0] != "a" else "b") + signature[1:]
    token = replies.read_token(".".join((user36, type36, object36, day36, signature)))
    owner = manager if change == "user" else contributor
    with pytest.raises(replies.BadToken):
        replies.check_token(token, owner)


@pytest.mark.parametrize("value", ["", "reply+", "reply+abc", "reply+1.2.3.4.short@x", "someone@example.org",
                                   "reply+1.2.3.4." + "a" * 20 + "!"])
def test_what_is_not_a_token_is_refused(value):
    with pytest.raises(replies.BadToken):
        replies.read_token(value)


def test_a_token_expires_after_the_setting(repliable, note, contributor, settings):
    settings.ENGAGE_REPLY_TOKEN_DAYS = 180
    made_on = date(2026, 1, 1)
    token = replies.read_token(address(contributor, note, today=made_on))
    replies.check_token(token, contributor, today=made_on + timedelta(days=180))
    with pytest.raises(replies.ExpiredToken):
        replies.check_token(token, contributor, today=made_on + timedelta(days=181))


def test_a_new_password_or_a_deactivation_revokes_the_tokens(repliable, note, contributor):
    token = replies.read_token(reply_address(contributor, note))
    contributor.set_password("a whole new password 123")
    contributor.save()
    with pytest.raises(replies.BadToken):
        replies.check_token(token, contributor)
    token = replies.read_token(reply_address(contributor, note))
    contributor.is_active = False
    with pytest.raises(replies.BadToken):
        replies.check_token(token, contributor)


def test_the_local_part_stays_within_64_characters_for_the_largest_ids(repliable, contributor):
    class Huge:
        pk = 2**63 - 1
        password = contributor.password
        is_active = True

    token = replies.make_token(Huge, 36**4 - 1, 2**63 - 1, today=date(2099, 12, 31))  # 1.7 million models
    assert len(replies.PREFIX + token) <= 64
    assert replies.read_token(token).object_id == 2**63 - 1


def test_no_domain_means_no_address(note, contributor, settings):
    settings.ENGAGE_REPLY_DOMAIN = ""
    assert reply_address(contributor, note) is None


def test_an_item_not_declared_repliable_has_no_address(reply_domain, note, contributor):
    assert reply_address(contributor, note) is None  # the test tool without its Repliable
