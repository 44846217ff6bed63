"""The responding part: what a stakeholder sees and does. The consultation's page (the document,
"Comment" and "Suggest new wording" beside every numbered paragraph), a section's page with the
comments people may read, the comment and suggestion forms, "Your response" (about you, consent,
confidentiality, the questions), sending it (a check page, then the receipt ID).

GET pages, POST then redirect (the browser's Back works); every form works without JavaScript.
Writing needs `respond` (the policy: seen, published, the window open, not archived): refused
with the window's phrase, the kit showing back what was typed. The text forms are @keeps_text:
a comment posted after the session expired comes back in its form after signing in."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.moderation import ModerationStatus, report_url_maker
from workspaces.kit.questions import answers as answer_fields
from workspaces.kit.questions.ordering import ordered
from workspaces.kit.selectors import number_or_404
from workspaces.kit.views import attempt, crumbs, with_item, workspace_view
from workspaces.permissions import can, decide

from . import responding, selectors
from .forms_responding import CommentForm, DetailsForm, SuggestionForm
from .models import Attachment, Comment, CommentKind, Paragraph, ResponseStatus, Section
from .policies import public_comments

VIEW = "consultations.view_consultation"
RESPOND = "consultations.respond_consultation"
SIGN_IN = "Sign in to respond."
COMMENTS_ORDER = ("id",)


def _url(consultation, name, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk,
                                                    **kwargs})


def _anchor(section, paragraph=None):
    return f"#p-{section.number}-{paragraph.number}" if paragraph else f"#s-{section.number}"


def _may_respond(user, consultation):
    """(allowed, reason): whether the person may respond now, and why not in words."""
    decision = decide(user, RESPOND, consultation)
    if decision.allowed and not user.is_authenticated:
        return False, SIGN_IN
    return decision.allowed, decision.reason


def _require_respond(request, consultation):
    """Refuse writing (403 with the reason; a visitor is asked to sign in, what they typed kept)."""
    if not request.user.is_authenticated:
        raise PermissionDenied(SIGN_IN)
    decision = decide(request.user, RESPOND, consultation)
    if not decision.allowed:
        raise PermissionDenied(decision.reason)


def _section(consultation, pk):
    section = Section.objects.filter(consultation=consultation, pk=number_or_404(pk)).first()
    if section is None:
        raise Http404("No such section.")
    return section


def _paragraph(section, n):
    paragraph = Paragraph.objects.filter(section=section, number=number_or_404(n)).first()
    if paragraph is None:
        raise Http404("No such paragraph.")
    paragraph.section = section
    return paragraph


def _place_counts(consultation, section=None):
    """{paragraph id: public comments and suggestions on it} (one aggregate query)."""
    rows = public_comments(Comment.objects.filter(consultation=consultation, paragraph__isnull=False))
    if section is not None:
        rows = rows.filter(section=section)
    return dict(rows.order_by().values_list("paragraph_id").annotate(n=Count("id")))


def _mine(user, consultation, section=None):
    """{(paragraph id or None, section id, kind): comment} of the person's own response."""
    if not user.is_authenticated:
        return {}
    rows = Comment.objects.filter(consultation=consultation, author=user, response__respondent=user,
                                  response__channel="web")
    if section is not None:
        rows = rows.filter(section=section)
    return {(c.paragraph_id, c.section_id, c.kind): c for c in rows.only(
        "pk", "paragraph_id", "section_id", "kind", "submitted", "confidential")}


def _decorate(paragraphs, counts, mine, section):
    for paragraph in paragraphs:
        paragraph.section = section
        paragraph.public_count = counts.get(paragraph.pk, 0)
        paragraph.my_comment = mine.get((paragraph.pk, section.pk, CommentKind.COMMENT))
        paragraph.my_suggestion = mine.get((paragraph.pk, section.pk, CommentKind.SUGGESTION))
    section.my_comment = mine.get((None, section.pk, CommentKind.COMMENT))


# --- The consultation's page ------------------------------------------------------------------------

@workspace_view(VIEW)
@with_item(selectors.get_consultation, VIEW)
def consultation(request, consultation):
    user = request.user
    consultation.workspace = request.workspace
    sections = list(consultation.sections.prefetch_related("paragraphs"))
    counts = _place_counts(consultation) if consultation.is_live else {}
    mine = _mine(user, consultation)
    for section in sections:
        _decorate(section.paragraphs.all(), counts, mine, section)
    may_respond, reason = _may_respond(user, consultation)
    response = responding.current_response(user, consultation)
    closed = consultation.is_live and consultation.window_state() == "closed"
    return render(request, "consultations/consultation.html", {
        "workspace": request.workspace, "consultation": consultation, "sections": sections,
        "attachments": list(Attachment.objects.filter(consultation=consultation)),
        "may_respond": may_respond, "reason": reason, "response": response, "closed": closed,
        "unsent": responding.has_unsent_changes(response), "signed_in": user.is_authenticated,
        "crumbs": crumbs(request, (consultation.title, "")),
    })


# --- A section's page ---------------------------------------------------------------------------------

@workspace_view(VIEW)
@with_item(selectors.get_consultation, VIEW)
def section(request, consultation, section):
    user = request.user
    consultation.workspace = request.workspace
    place = _section(consultation, section)
    paragraphs = list(place.paragraphs.all())
    _decorate(paragraphs, _place_counts(consultation, place), _mine(user, consultation, place), place)
    shown = selectors.comments_seen(user, consultation).filter(section=place)
    shown = shown.filter(Q(submitted=True) | Q(author=user.pk)) if user.is_authenticated else shown.filter(
        submitted=True)
    only = request.GET.get("p", "")
    paragraph = None
    if only:
        paragraph = next((p for p in paragraphs if str(p.number) == only), None)
        if paragraph is None:
            raise Http404("No such paragraph.")
        shown = shown.filter(paragraph=paragraph)
    shown = shown.select_related("paragraph", "response")
    page = keyset_page(request, shown, COMMENTS_ORDER)
    if page is None:
        return redirect(first_page_url(request))
    report = report_url_maker(Comment, request.workspace) if user.is_authenticated else None
    staff = request.access.has("moderate") or can(user, "consultations.analyse_consultation", consultation)
    for comment in page.object_list:
        comment.section = place
        comment.mine = user.is_authenticated and comment.author_id == user.pk
        comment.report_url = report(comment) if report and not comment.mine and comment.submitted else ""
        comment.text_shown = comment.mine or staff or not comment.is_hidden
    may_respond, reason = _may_respond(user, consultation)
    return render(request, "consultations/responding/section.html", {
        "workspace": request.workspace, "consultation": consultation, "section": place, "paragraphs": paragraphs,
        "page_obj": page, "only": paragraph, "may_respond": may_respond, "reason": reason,
        "signed_in": user.is_authenticated, "pending": ModerationStatus.PENDING,
        "crumbs": crumbs(request, (consultation.title, consultation.get_absolute_url()),
                         (f"{place.number} {place.heading}", "")),
    })


# --- Commenting and suggesting -------------------------------------------------------------------------

def _comment_page(request, consultation, place, paragraph, kind):
    _require_respond(request, consultation)
    consultation.workspace = request.workspace
    if place.is_removed:
        raise PermissionDenied(responding.SECTION_REMOVED)
    user = request.user
    response = responding.current_response(user, consultation)
    if response is not None and response.is_submitted and not consultation.allow_edit:
        raise PermissionDenied(responding.NOT_EDITABLE)
    existing = None
    if response is not None:
        existing = Comment.objects.filter(response=response, section=place, paragraph=paragraph, kind=kind).first()
    suggestion = kind == CommentKind.SUGGESTION
    form_class = SuggestionForm if suggestion else CommentForm
    initial = {}
    if existing is not None:
        initial = {"body": existing.body, "suggested_text": existing.suggested_text,
                   "confidential": existing.confidential}
    elif suggestion:
        initial = {"suggested_text": paragraph.text}

    def make_form(data=None, **kwargs):
        return form_class(data, **{"initial": initial, **kwargs})

    form = kept_form(request, make_form)
    back = consultation.get_absolute_url() + _anchor(place, paragraph)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(form, lambda: responding.save_comment(
            actor=user, response=response, section=place, paragraph=paragraph, kind=kind,
            body=data.get("body", ""), suggested_text=data.get("suggested_text", ""),
            confidential=data["confidential"], client_key=data.get("client_key", "")))
        if saved is not None:
            what = "suggestion" if suggestion else "comment"
            where = paragraph.label if paragraph else f"{place.label} as a whole"
            messages.success(request, f"Your {what} on {where} is saved in your response. It is not sent until "
                                      "you send your response." if not (response and response.is_submitted) else
                             f"Your {what} on {where} is saved. Send your response again to send the change.")
            return redirect(back)
    if suggestion:
        heading = f"Suggest new wording for {paragraph.label}"
    elif paragraph is not None:
        heading = f"Comment on {paragraph.label}"
    else:
        heading = f"Comment on {place.label} as a whole"
    return render(request, "consultations/responding/comment_form.html", {
        "workspace": request.workspace, "consultation": consultation, "section": place, "paragraph": paragraph,
        "form": form, "heading": heading, "existing": existing, "suggestion": suggestion, "cancel_url": back,
        "response": response,
        "crumbs": crumbs(request, (consultation.title, consultation.get_absolute_url()), (heading, "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, VIEW)
@keeps_text
def comment(request, consultation, section, n):
    place = _section(consultation, section)
    return _comment_page(request, consultation, place, _paragraph(place, n), CommentKind.COMMENT)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, VIEW)
@keeps_text
def comment_section(request, consultation, section):
    return _comment_page(request, consultation, _section(consultation, section), None, CommentKind.COMMENT)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, VIEW)
@keeps_text
def suggest(request, consultation, section, n):
    place = _section(consultation, section)
    return _comment_page(request, consultation, place, _paragraph(place, n), CommentKind.SUGGESTION)


@workspace_view(VIEW)
@require_POST
@with_item(selectors.get_consultation, VIEW)
def remove_comment(request, consultation, comment):
    _require_respond(request, consultation)
    found = Comment.objects.filter(consultation=consultation, pk=number_or_404(comment), author=request.user,
                                   response__respondent=request.user).select_related("section", "paragraph").first()
    if found is None:
        raise Http404("No such comment of yours.")
    try:
        responding.remove_comment(actor=request.user, comment=found)
    except ValidationError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from None
    what = "suggestion" if found.kind == CommentKind.SUGGESTION else "comment"
    where = found.paragraph.label if found.paragraph_id else f"{found.section.label} as a whole"
    messages.success(request, f"Your {what} on {where} is removed from your response.")
    back = request.POST.get("next", "")
    if back not in ("response", "document"):
        back = "response"
    return redirect(_url(consultation, "response") if back == "response"
                    else consultation.get_absolute_url() + _anchor(found.section, found.paragraph))


# --- Your response --------------------------------------------------------------------------------------

def _question_items(questions, kept, errors, seed):
    items = []
    for question in questions:
        choices, rows, columns = ordered(question, question.options.all(), seed=seed)
        items.append({"question": question, "choices": choices, "rows": rows, "columns": columns,
                      "error": errors.get(question.code, "")})
    return items


def _own_comments(response):
    if response is None:
        return []
    return list(response.comments.select_related("section", "paragraph").order_by(
        "section__position", "paragraph__number", "kind", "id"))


@workspace_view(VIEW)
@with_item(selectors.get_consultation, VIEW)
@keeps_text
def response(request, consultation):
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied(SIGN_IN)
    consultation.workspace = request.workspace
    mine = responding.current_response(user, consultation)
    may_respond, reason = _may_respond(user, consultation)
    editable = may_respond and not (mine is not None and mine.is_submitted and not consultation.allow_edit)
    questions = responding.questions_of(consultation)
    stored = responding.answers_of(mine)
    kept, errors = {}, {}
    for question in questions:
        kept.update(answer_fields.initial(question, stored.get(question.code, [])))

    def make_form(data=None, **kwargs):
        return DetailsForm(data, instance=mine, **kwargs)

    if request.method == "POST":
        _require_respond(request, consultation)
        if not editable:
            raise PermissionDenied(responding.NOT_EDITABLE)
    form = kept_form(request, make_form)
    if request.method == "POST":
        answers = {}
        kept = {}
        for question in questions:
            parsed = answer_fields.parse(question, list(question.options.all()), request.POST, required=False)
            kept.update(parsed.kept or {})
            if parsed.error:
                errors[question.code] = parsed.error
            else:
                answers[question.code] = list(parsed.values)
        if form.is_valid() and not errors:
            saved = attempt(form, lambda: responding.save_details(
                actor=user, response=mine, consultation=consultation, details=form.details(), answers=answers,
                questions=questions, client_key=form.cleaned_data.get("client_key", "")))
            if saved is not None:
                if "send" in request.POST:
                    return redirect(_url(consultation, "submit"))
                messages.success(request, "Your response is saved as a draft. It is not sent until you send it."
                                 if not saved.is_submitted else
                                 "Your changes are saved. Send your response again to send them.")
                return redirect(_url(consultation, "response"))
    summary = [(f"#{field.auto_id}", field.label, error) for field in form for error in field.errors]
    summary += [(f"#q-{q.code}", q.text, errors[q.code]) for q in questions if q.code in errors]
    return render(request, "consultations/responding/response.html", {
        "workspace": request.workspace, "consultation": consultation, "form": form, "response": mine,
        "items": _question_items(questions, kept, errors, mine.pk if mine else None), "kept": kept,
        "comments": _own_comments(mine), "editable": editable, "reason": reason, "error_summary": summary,
        "unsent": responding.has_unsent_changes(mine), "non_field_errors": form.non_field_errors(),
        "crumbs": crumbs(request, (consultation.title, consultation.get_absolute_url()), ("Your response", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, VIEW)
def submit(request, consultation):
    """"Check and send": what will be sent, then Send (POST). Sending twice sends once."""
    _require_respond(request, consultation)
    user = request.user
    consultation.workspace = request.workspace
    mine = responding.current_response(user, consultation)
    error = ""
    if request.method == "POST":
        if mine is None:
            error = responding.NOTHING_TO_SEND
        else:
            try:
                responding.submit(actor=user, response=mine)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                return redirect(_url(consultation, "sent"))
    questions = responding.questions_of(consultation)
    stored = responding.answers_of(mine)
    answers = [(q, answer_fields.display(q, list(q.options.all()), stored[q.code]))
               for q in questions if stored.get(q.code)]
    missing = responding.missing_answers(questions, stored) if mine is not None else [
        q for q in questions if q.required]
    return render(request, "consultations/responding/check.html", {
        "workspace": request.workspace, "consultation": consultation, "response": mine, "error": error,
        "comments": _own_comments(mine), "answers": answers, "missing": missing,
        "already": mine is not None and mine.is_submitted and not responding.has_unsent_changes(mine),
        "crumbs": crumbs(request, (consultation.title, consultation.get_absolute_url()),
                         ("Your response", _url(consultation, "response")), ("Check and send", "")),
    }, status=200 if not error else 400)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, VIEW)
def sent(request, consultation):
    """The confirmation: the receipt ID, what happens next."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied(SIGN_IN)
    consultation.workspace = request.workspace
    mine = responding.current_response(user, consultation)
    if mine is None or mine.status != ResponseStatus.SUBMITTED:
        return redirect(_url(consultation, "response"))
    return render(request, "consultations/responding/sent.html", {
        "workspace": request.workspace, "consultation": consultation, "response": mine,
        "may_change": consultation.allow_edit and _may_respond(user, consultation)[0],
        "crumbs": crumbs(request, (consultation.title, consultation.get_absolute_url()), ("Response sent", "")),
    })
