"""The kit's drafts (workspaces.kit.drafts), at the core: the autosave endpoint saves only with a
token of one's own, for a text within the tool's limit; discarding is a plain form post; kept
forms never hold secrets and are capped; beat purges what is old."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import signing
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from workspaces.kit import drafts
from workspaces.models import Draft, FormStash
from workspaces.tasks import purge_drafts

HTMX = {"HTTP_HX_REQUEST": "true"}


def editor_token(client, workspace, path="new/"):
    """The draft token the wiki's editor page embeds for whoever `client` is."""
    html = client.get(f"/w/{workspace.slug}/wikis/{path}").content.decode()
    return re.search(r'"draft": "([^"]+)"', html).group(1)


def save(client, token, text="My draft", htmx=True, **data):
    return client.post(reverse("draft_save"), {"draft": token, "text": text, **data}, **(HTMX if htmx else {}))


def test_it_keeps_the_text_as_the_persons_draft_and_says_when(as_user, workspace, contributor):
    client = as_user(contributor)
    response = save(client, editor_token(client, workspace), "Half a thought\r\nand more")
    draft = Draft.objects.get()
    assert response.status_code == 200
    assert response.content.decode() == f"Draft saved {timezone.localtime(draft.saved_at):%H:%M}"
    assert (draft.user, draft.key, draft.workspace, draft.text) == (
        contributor, f"w{workspace.pk}:wikis:create", workspace, "Half a thought\nand more")


def test_saving_again_replaces_the_draft(as_user, workspace, contributor):
    client = as_user(contributor)
    token = editor_token(client, workspace)
    save(client, token, "First")
    save(client, token, "Second")
    assert list(Draft.objects.values_list("text", flat=True)) == ["Second"]


def test_it_refuses_someone_elses_token_and_changes_nothing(as_user, workspace, contributor, manager):
    token = editor_token(as_user(contributor), workspace)
    save(as_user(contributor), token, "Mine")
    response = save(as_user(manager), token, "Overwritten", htmx=False)
    assert response.status_code == 403 and "belongs to someone else" in response.content.decode()
    assert list(Draft.objects.values_list("user", "text")) == [(contributor.pk, "Mine")]


def test_it_refuses_a_forged_or_altered_token(as_user, workspace, contributor):
    client = as_user(contributor)
    token = editor_token(client, workspace)
    claim = signing.loads(token, salt=drafts.SALT)
    forged = signing.dumps({**claim, "k": f"w{workspace.pk}:wikis:edit:1"}, salt="another salt", compress=True)
    for bad in ("", "not-a-token", token[:-2] + "xx", forged):
        response = save(client, bad, htmx=False)
        assert response.status_code == 403, bad
    assert not Draft.objects.exists()


def test_a_token_older_than_a_week_no_longer_saves(as_user, workspace, contributor, monkeypatch):
    client = as_user(contributor)
    token = editor_token(client, workspace)
    later = signing.time.time() + timedelta(days=8).total_seconds()
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))  # signing's clock only
    response = save(client, token, htmx=False)
    assert response.status_code == 403 and "open for more than a week" in response.content.decode()
    assert not Draft.objects.exists()


def test_it_refuses_a_text_longer_than_the_tools_limit(as_user, workspace, contributor):
    from wikis.models import MAX_TEXT_LENGTH

    client = as_user(contributor)
    token = editor_token(client, workspace)
    response = save(client, token, "x" * (MAX_TEXT_LENGTH + 1), htmx=False)
    assert response.status_code == 400 and "longer than 500,000 characters" in response.content.decode()
    # htmx swaps only 2xx answers: the status line is told why, with a 200.
    response = save(client, token, "x" * (MAX_TEXT_LENGTH + 1))
    assert response.status_code == 200 and response.content.decode().startswith("Not saved as a draft")
    assert not Draft.objects.exists()


def test_signed_out_it_sends_a_page_to_sign_in_and_tells_the_status_line_it_was_not_kept(client, workspace):
    response = client.post(reverse("draft_save"), {"draft": "x", "text": "Lost?"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("draft_save"), {"draft": "x", "text": "Lost?"}, **HTMX)
    assert response.status_code == 200
    assert "you have been signed out" in response.content.decode() and "it will be kept" in response.content.decode()
    assert not Draft.objects.exists()


def test_an_autosave_with_an_expired_csrf_token_is_told_so_in_the_status_line(workspace, contributor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    token = editor_token(client, workspace)
    response = client.post(reverse("draft_save"), {"draft": token, "text": "x", "csrfmiddlewaretoken": "stale"},
                           HTTP_ORIGIN="http://testserver", **HTMX)
    assert response.status_code == 200 and "this page has expired" in response.content.decode()
    assert not Draft.objects.exists() and not FormStash.objects.exists()


def test_discarding_deletes_the_draft_and_goes_back_to_the_editor(as_user, workspace, contributor):
    client = as_user(contributor)
    token = editor_token(client, workspace, "new/?title=Risks")
    save(client, token, "Not wanted")
    response = client.post(reverse("draft_discard"), {"draft": token})
    assert response.status_code == 302 and response["Location"] == f"/w/{workspace.slug}/wikis/new/?title=Risks"
    assert not Draft.objects.exists()
    page = client.get(response["Location"])
    assert "The draft has been discarded." in page.content.decode()


def test_discarding_with_someone_elses_token_is_refused(as_user, workspace, contributor, manager):
    token = editor_token(as_user(contributor), workspace)
    save(as_user(contributor), token, "Mine")
    response = as_user(manager).post(reverse("draft_discard"), {"draft": token})
    assert response.status_code == 403
    assert Draft.objects.count() == 1


def _posted(data, path="/w/test-programme/wikis/new/", **meta):
    request = RequestFactory().post(path, data, **meta)
    request.COOKIES = {}
    return request


def test_a_kept_form_holds_the_text_fields_but_never_passwords_or_tokens(db):
    request = _posted({"title": "Plan", "text": "Long text", "csrfmiddlewaretoken": "abc", "password": "hunter2",
                       "new_password1": "x", "api_key": "k", "otp_code": "123456", "draft": "t"})
    token, browser = drafts.stash_form(request, reason=drafts.SIGNED_OUT)
    stash = FormStash.objects.get()
    assert stash.data == {"title": ["Plan"], "text": ["Long text"], "draft": ["t"]}
    assert stash.token_hash != token and len(stash.token_hash) == 64 and stash.browser_hash != browser
    assert abs(stash.expires_at - stash.created_at - timedelta(hours=1)) < timedelta(seconds=5)


def test_a_kept_form_holds_no_files(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = _posted({"text": "With a file", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    drafts.stash_form(request, reason=drafts.SIGNED_OUT)
    assert FormStash.objects.get().data == {"text": ["With a file"]}


def test_kept_forms_are_capped_in_size_and_per_address(db):
    assert drafts.stash_form(_posted({"text": "x" * (drafts.MAX_KEPT_CHARS + 1)}), reason=drafts.SIGNED_OUT) is None
    for _ in range(drafts.MAX_KEPT_PER_CLIENT):
        assert drafts.stash_form(_posted({"text": "x"}), reason=drafts.SIGNED_OUT) is not None
    assert drafts.stash_form(_posted({"text": "x"}), reason=drafts.SIGNED_OUT) is None
    assert drafts.stash_form(_posted({"text": "x"}, REMOTE_ADDR="10.0.0.9"), reason=drafts.SIGNED_OUT) is not None
    assert FormStash.objects.count() == drafts.MAX_KEPT_PER_CLIENT + 1


def test_purge_deletes_old_drafts_and_kept_forms_nobody_came_back_for(as_user, workspace, contributor, settings):
    now = timezone.now()
    old = Draft.objects.create(user=contributor, key="w1:old", text="old",
                               saved_at=now - timedelta(days=settings.ENGAGE_DRAFT_DAYS, minutes=1))
    recent = Draft.objects.create(user=contributor, key="w1:recent", text="recent", saved_at=now - timedelta(days=1))
    drafts.stash_form(_posted({"text": "gone"}), reason=drafts.SIGNED_OUT)
    drafts.stash_form(_posted({"text": "still waiting"}), reason=drafts.SIGNED_OUT)
    FormStash.objects.filter(data__text=["gone"]).update(expires_at=now - timedelta(seconds=1))
    assert purge_drafts.delay().get() == (1, 1)
    assert list(Draft.objects.all()) == [recent] and old.pk not in Draft.objects.values_list("pk", flat=True)
    assert list(FormStash.objects.values_list("data", flat=True)) == [{"text": ["still waiting"]}]
    assert purge_drafts.delay().get() == (0, 0)  # idempotent


def test_purge_is_scheduled_by_beat(settings):
    assert any(entry["task"] == "workspaces.tasks.purge_drafts" for entry in settings.CELERY_BEAT_SCHEDULE.values())


@pytest.mark.parametrize("origin, referer, ours", [
    ("http://testserver", "", True),
    ("https://evil.example", "http://testserver/w/x/", False),
    ("null", "", False),
    ("", "http://testserver/w/x/wikis/new/", True),
    ("", "https://evil.example/", False),
    ("", "", False),
])
def test_an_expired_form_is_kept_only_when_the_browser_says_it_came_from_our_pages(origin, referer, ours):
    meta = {k: v for k, v in (("HTTP_ORIGIN", origin), ("HTTP_REFERER", referer)) if v}
    assert drafts._from_our_pages(_posted({}, **meta)) is ours
