"""Focus and announcements, on the server's side (the browser's side: tests/e2e/test_focus.py):
the live region and script on every page, the announce header htmx swaps carry, a failed form's
summary first in <main> and "Error: " in the title, and every scrolling table focusable."""

import json
import re
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.urls import reverse

from links.services import link_create
from workspaces.lib.htmx import announced

ROOT = Path(__file__).resolve().parents[2]
HTMX = {"HTTP_HX_REQUEST": "true"}


def _main(html):
    return html.split('<main id="main"', 1)[1].split(">", 1)[1]


def test_every_page_has_the_polite_live_region_and_the_focus_script(as_user, reader, workspace):
    html = as_user(reader).get(reverse("workspace_home", args=[workspace.slug])).content.decode()
    assert re.search(r'<div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">'
                     r"</div>", html)
    assert re.search(r'<script src="/static/js/focus\.js" defer></script>', html)


def test_announced_says_it_in_the_htmx_trigger_header_keeping_other_events():
    response = announced(HttpResponse(), "You follow “Rail” now.")
    assert json.loads(response["HX-Trigger"]) == {"announce": "You follow “Rail” now."}
    assert response["HX-Trigger"].isascii()
    response = HttpResponse(headers={"HX-Trigger": "bellChanged"})
    assert json.loads(announced(response, "Marked as read.")["HX-Trigger"]) == {
        "bellChanged": None, "announce": "Marked as read."}
    response = HttpResponse(headers={"HX-Trigger": json.dumps({"shown": {"id": 3}})})
    assert json.loads(announced(response, "Done.")["HX-Trigger"]) == {"shown": {"id": 3}, "announce": "Done."}


def test_follow_and_unfollow_by_htmx_are_announced(as_user, manager, reader, workspace):
    link = link_create(actor=manager, workspace=workspace, url="https://example.org/a", title="Rail paper")
    url = reverse("notifications:follow", args=[workspace.slug, ContentType.objects.get_for_model(link).pk, link.pk])
    client = as_user(reader)
    response = client.post(url, {"action": "follow"}, **HTMX)
    assert json.loads(response["HX-Trigger"])["announce"] == "You follow this now: you will hear when it changes."
    assert 'aria-pressed="true"' in response.content.decode()
    response = client.post(url, {"action": "unfollow"}, **HTMX)
    assert json.loads(response["HX-Trigger"])["announce"] == "You no longer follow this."
    assert "HX-Trigger" not in client.post(url, {"action": "follow"})  # a whole page: a flash message says it


def test_a_failed_submit_puts_error_in_the_title_and_the_summary_first_in_main_once(as_user, manager, workspace):
    response = as_user(manager).post(reverse("links:create", args=[workspace.slug]),
                                     {"url": "https://example.org/b", "title": "", "view_access": "members",
                                      "change_access": "members"})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Error: Add a link – Links – Engage</title>", html)
    main = _main(html)
    assert main.lstrip().startswith('<div class="error-summary" role="alert" tabindex="-1">')
    assert main.count('class="error-summary"') == 1
    assert '<a href="#id_title">Title: Enter a title for the link.</a>' in main


def test_a_page_without_a_failed_form_has_no_error_in_its_title(as_user, manager, workspace):
    html = as_user(manager).get(reverse("links:create", args=[workspace.slug])).content.decode()
    assert re.search(r"<title>Add a link – Links – Engage</title>", html)
    assert "error-summary" not in html


def test_the_sign_in_form_says_error_too(client, db):
    html = client.post(reverse("account_login"), {"login": "", "password": ""}).content.decode()
    assert "<title>Error: " in html
    assert _main(html).lstrip().startswith('<div class="error-summary"')


def _template_files():
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        if ".venv" not in path.parts and "node_modules" not in path.parts:
            yield path


def test_every_scrolling_table_region_can_be_reached_and_is_named():
    wraps = 0
    for path in _template_files():
        for tag in re.findall(r"<div [^>]*\btable-wrap\b[^>]*>", path.read_text()):
            wraps += 1
            assert 'tabindex="0"' in tag and 'role="region"' in tag and re.search(r'aria-label(ledby)?="[^"]', tag), (
                f"{path.relative_to(ROOT)}: {tag} (a scrolling table needs tabindex=\"0\" role=\"region\" aria-label)")
    assert wraps > 10


# --- Specific error messages ---

def _errors(form):
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_generic_messages_are_worded_from_each_fields_label_and_kind():
    from django import forms

    from workspaces.lib.forms import SpecificErrorsMixin

    class Example(SpecificErrorsMixin, forms.Form):
        field_nouns = {"seats": "the number of seats"}
        title = forms.CharField(max_length=5)
        your_name = forms.CharField(label="Your name")
        email = forms.EmailField(label="Email address")
        web = forms.URLField(label="Web address", assume_scheme="https")
        seats = forms.IntegerField(min_value=1)
        role = forms.ChoiceField(choices=[("a", "A")], label="Role")
        who = forms.ChoiceField(choices=[("a", "A")], label="Who can see this")
        upload = forms.FileField(label="CSV file")
        starts = forms.DateField(label="Start date")
        own = forms.CharField(label="Own", error_messages={"required": "Say something of your own."})

    assert _errors(Example({})) == {
        "title": ["Enter the title."], "your_name": ["Enter your name."], "email": ["Enter the email address."],
        "web": ["Enter the web address."], "seats": ["Enter the number of seats."], "role": ["Choose the role."],
        "who": ["Choose who can see this."], "upload": ["Choose a file to upload."],
        "starts": ["Enter the start date."], "own": ["Say something of your own."],
    }
    errors = _errors(Example({"title": "toolong", "email": "nope", "web": "nope", "seats": "0", "role": "z",
                              "starts": "31/31/2026"}))
    assert errors["title"] == ["The title must be 5 characters or fewer (it has 7)."]
    assert errors["email"] == ["Enter an email address like name@example.org."]
    assert errors["web"] == ["Enter a web address like https://www.example.org/page."]
    assert errors["seats"] == ["The number of seats must be 1 or more."]
    assert errors["role"] == ["Choose the role from the list."]
    assert errors["starts"] == ["Enter the start date as a date, for example 25/12/2026."]


def _our_form_classes():
    import importlib

    from django import forms

    for module in ("accounts.forms", "accounts.allauth_forms", "workspaces.views.audit", "workspaces.forms",
                   "workspaces.licences.forms", "links.forms", "wikis.forms", "documents.forms", "comments.forms",
                   "notifications.forms"):
        importlib.import_module(module)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    apps = ("accounts", "workspaces", "links", "wikis", "documents", "comments", "notifications")
    return {cls for cls in subclasses(forms.BaseForm)
            if cls.__module__.split(".")[0] in apps and cls.__module__ != "workspaces.admin"}


def test_every_form_of_ours_and_allauths_that_we_show_words_its_errors():
    from django.conf import settings
    from django.utils.module_loading import import_string

    from workspaces.lib.forms import SpecificErrorsMixin

    classes = _our_form_classes()
    assert len(classes) > 30
    assert [cls for cls in classes if not issubclass(cls, SpecificErrorsMixin)] == []
    for path in [*settings.ACCOUNT_FORMS.values(), *settings.MFA_FORMS.values(), settings.ACCOUNT_SIGNUP_FORM_CLASS]:
        assert issubclass(import_string(path), SpecificErrorsMixin), path


def test_sign_in_and_sign_up_say_what_to_enter(client, db, settings):
    html = client.post(reverse("account_login"), {"login": "", "password": ""}).content.decode()
    assert "Enter your email address." in html and "Enter your password." in html
    assert "This field is required" not in html
    html = client.post(reverse("account_login"), {"login": "not-an-address", "password": "x"}).content.decode()
    assert "Enter an email address like name@example.org." in html
    settings.ENGAGE_OPEN_SIGNUP = True
    html = client.post(reverse("account_signup"), {}).content.decode()
    assert "This field is required" not in html
    assert "Enter your name." in html and "Enter your email address." in html and "Enter a password." in html


def test_a_refusal_that_is_not_a_form_error_says_error_in_the_title_too(as_user, manager, workspace):
    from workspaces.models import Membership

    mine = Membership.objects.get(workspace=workspace, user=manager)
    html = as_user(manager).post(reverse("member_remove", args=[workspace.slug, mine.pk])).content.decode()
    assert 'class="error-summary"' in html
    assert "<title>Error: Leave " in html  # the last manager leaving: refused


def test_an_error_in_radio_buttons_links_to_the_first_of_them(as_user, manager, workspace):
    html = as_user(manager).post(reverse("links:create", args=[workspace.slug]),
                                 {"url": "https://example.org/c", "title": "C", "view_access": "",
                                  "change_access": "members"}).content.decode()
    assert '<a href="#id_view_access_0">Who can see this: Choose who can see this.</a>' in html
    assert 'id="id_view_access_0"' in html
