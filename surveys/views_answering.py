"""The respondent's pages: the survey's page, its pages one at a time, "Check your answers",
save and resume, a submitted response changed; the builder's preview; staff's paper entry.

Who answers is `person`: the signed-in user, or — for a visitor who opened a resume link in a
browser where nobody is signed in — the link's owner, checked again on every request through
the policy as that owner (answering_view). A link opens only its own response's pages.
GET pages, POST then redirect, so the browser's Back works; every POST that saves says so.
"""

import re
import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workspaces.kit.drafts import keeps_text
from workspaces.kit.lifecycles import site_time
from workspaces.kit.questions import answers as answer_fields
from workspaces.kit.views import crumbs, with_item, workspace_view
from workspaces.permissions import decide, load_access

from . import answering, resume, selectors
from .models import Channel, Participation, Response, ResponseStatus, Survey

SOURCE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
EDIT_KEY = "surveys.edit.{pk}"  # a submitted response being changed: its answers until re-submitted
PREVIEW_KEY = "surveys.preview.{pk}"


def _source(value):
    return value if value and SOURCE.fullmatch(value) else ""


def _url(request, name, survey, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"workspace": request.workspace.slug, "pk": survey.pk, **kwargs})


# --- Who answers ----------------------------------------------------------------------------------

def _link_owner(request, survey_pk):
    """The owner of the resume link this browser opened for the survey, when nobody is signed in."""
    if request.user.is_authenticated:
        return None
    entry = resume.held(request, survey_pk)
    if not entry or not entry.get("link") or entry.get("u") is None:
        return None
    owner = get_user_model().objects.filter(pk=entry["u"], is_active=True).first()
    return owner


def answering_view(view):
    """workspace_view + the survey (seen by `person`), then view(request, survey, person, ...)."""

    @workspace_view("surveys.view_survey")
    @with_item(selectors.get_survey, "surveys.view_survey")
    def as_signed_in(request, survey, *args, **kwargs):
        return view(request, survey, request.user, *args, **kwargs)

    @wraps(view)
    def wrapper(request, workspace, pk, *args, **kwargs):
        owner = _link_owner(request, pk)
        if owner is None:
            return as_signed_in(request, workspace, *args, pk=pk, **kwargs)
        access = load_access(owner, workspace)  # the owner's standing now (404 when gone)
        if not access.workspace.tool_enabled("surveys"):
            raise Http404("This tool is not enabled in this workspace.")
        request.in_workspace_view = True
        request.workspace, request.access = access.workspace, access
        survey = selectors.get_survey(owner, access.workspace, pk)
        return view(request, survey, owner, *args, **kwargs)

    wrapper.engage_access = "workspace"
    wrapper.engage_perm = "surveys.view_survey"
    return wrapper


def current_response(request, survey, person):
    """The response this browser (or person) is answering or answered, or None."""
    entry = resume.held(request, survey.pk)
    if entry and (entry.get("u") is None or entry["u"] == getattr(person, "pk", None)):
        found = resume.find(survey, entry["r"], entry["s"])
        if found is not None:
            return found
    if person.is_authenticated and not survey.anonymous:
        mine = Response.objects.filter(survey=survey, respondent=person).select_related("version")
        return (mine.filter(status=ResponseStatus.IN_PROGRESS).order_by("-id").first()
                or mine.order_by("-submitted_at", "-id").first())
    return None


def _remember(request, survey, response, secret, person):
    if secret:
        resume.remember(request, survey.pk, response.pk, secret, getattr(person, "pk", None))


def _refused(request, survey, reason, status=403):
    return render(request, "surveys/answering/refused.html", {
        "workspace": request.workspace, "survey": survey, "reason": reason,
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()), ("Not open", "")),
    }, status=status)


def _may_respond(person, survey):
    return decide(person, "surveys.respond_survey", survey)


# --- The survey's page ------------------------------------------------------------------------------

@answering_view
def survey(request, survey, person):
    response = current_response(request, survey, person)
    decision = _may_respond(person, survey)
    state = survey.window_state()
    source = _source(request.GET.get("src", ""))
    editing = response is not None and EDIT_KEY.format(pk=response.pk) in request.session
    completed = None
    if response is not None and response.is_submitted:
        completed = response.submitted_at
    elif survey.anonymous and person.is_authenticated:
        completed = (Participation.objects.filter(survey=survey, user=person)
                     .values_list("completed_at", flat=True).first())
    if (request.GET.get("continue") and decision.allowed and response is not None
            and not response.is_submitted):  # a "finish your response" reminder's link
        return redirect(_url(request, "page", survey, n=response.last_page or 1))
    draft = None
    if response is not None and not response.is_submitted and not decision.allowed and survey.is_live:
        draft = _answers_in_words(response.version, answering.answers_of(response))  # read-only after close
    seen = (answering.shown(answering.structure(response.version), answering.answers_of(response))
            if response is not None and not response.is_submitted else None)
    context = {
        "workspace": request.workspace, "survey": survey, "response": response, "may_respond": decision.allowed,
        "reason": decision.reason, "state": state, "phrase": survey.window_phrase(),
        "closed_on": site_time(survey.closes_at) if survey.closes_at else "",
        "completed": completed, "editing": editing, "draft": draft, "source": source,
        "total": len(seen.pages) if seen else None, "progress": seen.number(response.last_page) if seen else None,
        "start_url": _url(request, "page", survey, n=1) + (f"?src={source}" if source else ""),
        "crumbs": crumbs(request, (survey.title, "")),
    }
    return render(request, "surveys/survey.html", context)


@answering_view
@require_POST
def start(request, survey, person):
    """"Respond again" (allow_multiple) or "Change your response" (allow_edit), both POSTs."""
    decision = _may_respond(person, survey)
    if not decision.allowed:
        return _refused(request, survey, decision.reason)
    response = current_response(request, survey, person)
    if request.POST.get("action") == "change":
        if not (survey.allow_edit and response is not None and response.is_submitted):
            return redirect(survey.get_absolute_url())
        request.session[EDIT_KEY.format(pk=response.pk)] = answering.values_to_json(answering.answers_of(response))
        return redirect(_url(request, "check", survey))
    if request.POST.get("action") == "again" and survey.allow_multiple:
        resume.forget(request, survey.pk)
        return redirect(_url(request, "page", survey, n=1))
    return redirect(survey.get_absolute_url())


# --- One page at a time -------------------------------------------------------------------------------

def _items(struct, page, answers, kept, errors, seed):
    """What the page's template needs for each question (options ordered per respondent)."""
    from workspaces.kit.questions.ordering import ordered

    items = []
    for question in page.questions:
        choices, rows, columns = ordered(question, struct.options.get(question.pk, []), seed)
        items.append({"question": question, "choices": choices, "rows": rows, "columns": columns,
                      "error": errors.get(question.code, "")})
        if question.code not in errors and answers.get(question.code):
            for name, value in (answer_fields.initial(question, answers[question.code]) or {}).items():
                kept.setdefault(name, value)
    return items


def _answers(request, response):
    """The answers the pages show: a submitted response being changed reads its changes."""
    edit = request.session.get(EDIT_KEY.format(pk=response.pk)) if response is not None else None
    if edit is not None:
        return answering.values_from_json(edit), True
    return (answering.answers_of(response) if response is not None else {}), False


def _client_key(request):
    """The first page's own key, as posted (32 hex digits), or "" for anything else."""
    key = request.POST.get("client_key", "")
    return key if re.fullmatch(r"[0-9a-f]{32}", key) else ""


def _render_page(request, survey, struct, seen, shown_page, answers, *, kept=None, errors=None, response=None,
                 source="", status=200, preview=False):
    kept = dict(kept or {})
    errors = errors or {}
    items = _items(struct, shown_page, answers, kept, errors, response.pk if response is not None else 0)
    back = seen.before(shown_page.ordinal)
    name = "preview" if preview else "page"
    summary = [{"code": i["question"].code, "text": i["question"].text, "message": i["error"]} for i in items
               if i["error"]]
    return render(request, "surveys/answering/page.html", {
        "workspace": request.workspace, "survey": survey, "page": shown_page, "items": items, "kept": kept,
        "errors": summary, "number": seen.number(shown_page.ordinal), "of": len(seen.pages),
        "back_url": _url(request, name, survey, n=back.ordinal) if back else survey.get_absolute_url(),
        "action": request.get_full_path(), "source": source, "preview": preview,
        # Until the first save there is no response: no autosave (it would race the Continue),
        # and the form's own key makes a double post start one response.
        "started": response is not None, "client_key": _client_key(request) or uuid.uuid4().hex,
        "returning": request.GET.get("return") == "check",
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()),
                         (f"Page {seen.number(shown_page.ordinal)}", "")),
    }, status=status)


@keeps_text
@answering_view
def page(request, survey, person, n):
    decision = _may_respond(person, survey)
    if not decision.allowed:
        return _refused(request, survey, decision.reason)
    response = current_response(request, survey, person)
    if response is not None and response.is_submitted and EDIT_KEY.format(pk=response.pk) not in request.session:
        if not survey.allow_multiple:
            return redirect(survey.get_absolute_url())
        response = None  # "Respond again": a new response on the first save
    struct = answering.structure(response.version if response is not None else survey.live_version)
    if not 1 <= n <= len(struct.pages):
        raise Http404("No such page.")
    answers, editing = _answers(request, response)
    seen = answering.shown(struct, answers)
    shown_page = seen.find(n)
    if shown_page is None:  # hidden by an answer: on to the next shown page
        following = seen.after(n)
        return redirect(_url(request, "page", survey, n=following.ordinal) if following
                        else _url(request, "check", survey))
    source = _source(request.POST.get("src") or request.GET.get("src", ""))
    if request.method != "POST":
        return _render_page(request, survey, struct, seen, shown_page, answers, response=response, source=source)
    autosave, later = "autosave" in request.POST, "later" in request.POST
    if editing:  # a submitted response's changes wait in the session until re-submitted
        parsed = answering.parse_questions(struct, shown_page.questions, request.POST, required=not (autosave or later))
        if parsed.errors and not (autosave or later):
            return _render_page(request, survey, struct, seen, shown_page, answers, kept=parsed.kept,
                                errors=parsed.errors, response=response, source=source)
        answers.update({code: values for code, values in parsed.values.items()})
        request.session[EDIT_KEY.format(pk=response.pk)] = answering.values_to_json(answers)
        saved_response = response
    else:
        try:
            saved = answering.save_page(survey=survey, response=response, respondent=person, ordinal=n,
                                        data=request.POST, required=not (autosave or later), source=source,
                                        client_key=_client_key(request))
        except answering.Refused as refusal:
            if autosave:
                return HttpResponse(refusal.message, status=409)
            return _refused(request, survey, refusal.message)
        if saved.parsed.errors and not (autosave or later):
            return _render_page(request, survey, struct, seen, shown_page, answers, kept=saved.parsed.kept,
                                errors=saved.parsed.errors, response=response, source=source)
        saved_response = saved.response
        _remember(request, survey, saved.response, saved.secret, person)
        if saved.secret and survey.anonymous:  # the link's owner, for a later resume link
            resume.remember(request, survey.pk, saved.response.pk, saved.secret, getattr(person, "pk", None))
    if autosave:
        return render(request, "surveys/answering/saved_status.html", {"saved": True})
    if later:
        return _save_for_later(request, survey, person, saved_response)
    if request.GET.get("return") == "check":
        return redirect(_url(request, "check", survey))
    answers, _ = _answers(request, saved_response)
    following = answering.shown(struct, answers).after(n)
    return redirect(_url(request, "page", survey, n=following.ordinal) if following else _url(request, "check", survey))


def _save_for_later(request, survey, person, response):
    """Saved without required checks; the resume link is emailed to a signed-in person."""
    entry = resume.held(request, survey.pk)
    secret = entry["s"] if entry and entry["r"] == response.pk else ""
    if not secret or not resume.matches(response, secret):
        secret = answering.rotate_secret(response=response)
        resume.remember(request, survey.pk, response.pk, secret, getattr(person, "pk", None))
    token = resume.make_token(response, secret, owner_id=getattr(person, "pk", None), anonymous=survey.anonymous)
    link = request.build_absolute_uri(_url(request, "resume", survey, token=token))
    if person.is_authenticated and person.email:
        answering.email_resume_link(response=response, survey=survey, person=person, link=link)
        request.session[f"surveys.later.{survey.pk}"] = {"email": person.email}
    else:
        request.session[f"surveys.later.{survey.pk}"] = {"link": link}
    return redirect(_url(request, "later", survey))


@answering_view
def later(request, survey, person):
    told = request.session.get(f"surveys.later.{survey.pk}") or {}
    return render(request, "surveys/answering/later.html", {
        "workspace": request.workspace, "survey": survey, "email": told.get("email", ""), "link": told.get("link", ""),
        "phrase": survey.window_phrase(),
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()), ("Saved", "")),
    })


# --- Check your answers -------------------------------------------------------------------------------

def _answers_in_words(version, answers, struct=None):
    struct = struct or answering.structure(version)
    seen = answering.shown(struct, answers)
    return [{"ordinal": p.ordinal, "title": str(p.page), "questions": [
        {"question": q, "words": answer_fields.display(q, struct.options.get(q.pk, []), answers.get(q.code, []))
         if answers.get(q.code) else ""} for q in p.questions]} for p in seen.pages]


@answering_view
def check(request, survey, person):
    decision = _may_respond(person, survey)
    if not decision.allowed:
        return _refused(request, survey, decision.reason)
    response = current_response(request, survey, person)
    if response is None:
        return redirect(_url(request, "page", survey, n=1))
    answers, editing = _answers(request, response)
    if response.is_submitted and not editing:
        return redirect(survey.get_absolute_url())
    struct = answering.structure(response.version)
    missing = []
    if request.method == "POST":
        try:
            if editing:
                answering.resubmit(response=response, respondent=person, answers=answers)
                del request.session[EDIT_KEY.format(pk=response.pk)]
                messages.success(request, "Your changed response has been submitted.")
            else:
                answering.submit(response=response, respondent=person)
                messages.success(request, "Your response has been submitted.")
            return redirect(survey.get_absolute_url())
        except answering.Refused as refusal:
            return _refused(request, survey, refusal.message)
        except answering.Incomplete as incomplete:
            missing = incomplete.missing
    return render(request, "surveys/answering/check.html", {
        "workspace": request.workspace, "survey": survey, "pages": _answers_in_words(response.version, answers, struct),
        "missing": [{"text": m.question.text, "code": m.question.code, "message": m.message,
                     "url": _url(request, "page", survey, n=m.ordinal) + "?return=check"} for m in missing],
        "editing": editing, "page_url": lambda n: _url(request, "page", survey, n=n),
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()), ("Check your answers", "")),
    }, status=400 if missing else 200)


# --- The resume link ------------------------------------------------------------------------------------

def resume_link(request, workspace, pk, token):
    """The emailed link: checked as its owner (never a login), it puts that one response in this
    browser's session and lands on the page they left. A bad, stale or foreign link: 404 (a
    visitor is asked to sign in, as for anything not found inside a workspace)."""
    request.in_workspace_view = True  # a visitor refused is asked to sign in, as anywhere in a workspace
    read = resume.read_token(token)
    if read is None:
        raise Http404("This link does not work.")
    response_id, secret, owner_id = read
    owner = AnonymousUser()
    survey = Survey.objects.filter(workspace__slug=workspace, pk=pk, is_deleted=False).select_related(
        "workspace", "live_version").first()
    found = resume.find(survey, response_id, secret) if survey is not None else None
    if found is None:
        raise Http404("This link does not work.")
    owner_pk = found.respondent_id or owner_id
    if owner_pk is not None:
        owner = get_user_model().objects.filter(pk=owner_pk, is_active=True).first()
        if owner is None:
            raise Http404("This link does not work.")
    if request.user.is_authenticated and request.user.pk != getattr(owner, "pk", None):
        raise Http404("This link is someone else's.")
    owner_access = load_access(owner, workspace)
    if not owner_access.workspace.tool_enabled("surveys"):
        raise Http404("This tool is not enabled in this workspace.")
    decision = _may_respond(owner, survey)
    if not decision.allowed:
        if decision.reason and decision.reason != "Not found.":
            request.workspace, request.access = owner_access.workspace, owner_access
            return _refused(request, survey, decision.reason)
        raise Http404("This link does not work.")
    held = {"r": found.pk, "s": secret, "u": getattr(owner, "pk", None), "link": True}
    entries = dict(request.session.get(resume.SESSION_KEY, {}))
    entries[str(survey.pk)] = held
    request.session[resume.SESSION_KEY] = entries
    target = found.last_page or 1
    return redirect(reverse("surveys:page", kwargs={"workspace": workspace, "pk": survey.pk, "n": target}))


resume_link.engage_access = "public"  # the token is the credential (like kit.feeds): never a sign-in


# --- Preview as a respondent --------------------------------------------------------------------------

@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, "surveys.change_survey")
def preview(request, survey, n):
    struct = answering.structure(survey.draft_version)
    key = PREVIEW_KEY.format(pk=survey.pk)
    answers = answering.values_from_json(request.session.get(key))
    seen = answering.shown(struct, answers)
    if n == 0 or n > len(struct.pages):  # the end: what they answered, nothing stored
        if request.method == "POST":
            request.session.pop(key, None)
            return redirect(_url(request, "preview", survey, n=1))
        return render(request, "surveys/answering/preview_end.html", {
            "workspace": request.workspace, "survey": survey, "pages": _answers_in_words(None, answers, struct),
            "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()), ("Preview", "")),
        })
    shown_page = seen.find(n)
    if shown_page is None:
        following = seen.after(n)
        return redirect(_url(request, "preview", survey, n=following.ordinal if following else 0))
    if request.method == "POST":
        parsed = answering.parse_questions(struct, shown_page.questions, request.POST, required=True)
        if parsed.errors:
            return _render_page(request, survey, struct, seen, shown_page, answers, kept=parsed.kept,
                                errors=parsed.errors, preview=True)
        answers.update(parsed.values)
        request.session[key] = answering.values_to_json(answers)
        following = answering.shown(struct, answers).after(n)
        return redirect(_url(request, "preview", survey, n=following.ordinal if following else 0))
    return _render_page(request, survey, struct, seen, shown_page, answers, preview=True)


# --- Paper and phone responses ------------------------------------------------------------------------

@keeps_text
@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, "surveys.enter_survey")
def enter(request, survey):
    if not survey.is_live:
        return _refused(request, survey, answering.NOT_LIVE)
    struct = answering.structure(survey.live_version)
    kept, errors, channel = {}, {}, request.POST.get("channel", "")
    if request.method == "POST":
        try:
            response, parsed = answering.enter_response(survey=survey, actor=request.user, channel=channel,
                                                        data=request.POST)
        except answering.Refused as refusal:
            response, parsed = None, answering.Parsed(errors={"channel": refusal.message})
        if response is not None:
            messages.success(request, f"Response {response.pk} entered ({Channel(channel).label}).")
            return redirect(_url(request, "enter", survey))
        kept, errors = parsed.kept, parsed.errors
    pages = []
    for index, page in enumerate(struct.pages, 1):
        shown_page = answering.ShownPage(index, page, struct.questions[page.pk])
        pages.append({"page": page, "items": _items(struct, shown_page, {}, kept, errors, 0)})
    summary = [{"code": q.code, "text": q.text, "message": errors[q.code]} for q in struct.all_questions()
               if q.code in errors]
    if "channel" in errors:
        summary.insert(0, {"code": "channel", "text": "How it was received", "message": errors["channel"]})
    return render(request, "surveys/answering/enter.html", {
        "workspace": request.workspace, "survey": survey, "pages": pages, "kept": kept, "errors": summary,
        "channel": channel, "channel_error": errors.get("channel", ""),
        "channels": [(Channel.PAPER, Channel.PAPER.label), (Channel.PHONE, Channel.PHONE.label)],
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()), ("Enter a response", "")),
    }, status=400 if errors else 200)
