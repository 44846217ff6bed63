"""Forum pages. Each view declares its workspace permission; object checks go through require()
(the selectors, through with_item); writes go through services. Typed text is never lost: the
editors keep drafts (kit.drafts), a refused post comes back in its form, and @keeps_text keeps a
post sent after the session expired."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from workspaces.kit.drafts import Editor, keeps_text, kept_form
from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.positions import PositionPages
from workspaces.kit.services import Busy
from workspaces.kit.views import EditorPage, confirmed, crumbs, preview, tool_url, with_item, workspace_view
from workspaces.lib.dates import format_moment
from workspaces.lib.forms import add_service_error
from workspaces.lib.markdown import render_markdown
from workspaces.permissions import ARCHIVED_REASON, access_for, can, decide, require

from . import selectors, services
from .actions import PostActions, board_actions, thread_actions
from .forms import BoardForm, PostEditForm, ReplyForm, ThreadForm
from .models import MAX_BODY_LENGTH
from .policies import is_thread_state, moderates

PER_PAGE = 25  # posts on a thread's page
PREFIX = "forum"  # the editor's ids and classes
TEXT_CLASS = "forum-text"


def _render(request, text):
    return mark_safe(render_markdown(text))  # noqa: S308 (sanitised by the one renderer)


def _check(text):
    services.check_body(text or " ")


THREADS = EditorPage(
    noun="thread", prefix=PREFIX, text_class=TEXT_CLASS, max_length=MAX_BODY_LENGTH, render=_render,
    created="Thread “{item.title}” started.", saved="Thread “{item.title}” saved.", history="The thread",
    check=_check,
)


def board_url(board):
    return reverse("forums:board", kwargs={"workspace": board.workspace.slug, "pk": board.pk})


def thread_crumbs(request, thread, *trail):
    board = thread.board
    return crumbs(request, (board.name, board_url(board)), (thread.title, thread.get_absolute_url() if trail else ""),
                  *trail)


# --- The forum's front page, boards ----------------------------------------------------------------


@workspace_view("forums.view_board")
def index(request):
    workspace, user = request.workspace, request.user
    boards = list(selectors.boards(user, workspace))
    return render(request, "forums/index.html", {
        "workspace": workspace, "boards": boards, "crumbs": crumbs(request),
        "may_add_board": can(user, "forums.create_board", workspace),
        "may_see_deleted": access_for(user, workspace).is_manager,
    })


@workspace_view("forums.view_board")
@with_item(selectors.get_board)
def board(request, board):
    user, workspace = request.user, request.workspace
    filters = selectors.STAFF_FILTERS if moderates(access_for(user, workspace)) else selectors.FILTERS
    show = request.GET.get("show", "")
    if show not in filters:
        show = ""
    threads = selectors.board_threads(user, board, show)
    page = keyset_page(request, threads, selectors.THREAD_ORDER, descending=True,
                       total=board.thread_count if not show else None)
    if page is None:
        return redirect(first_page_url(request))
    page.object_list = selectors.attach_new_counts(user, workspace, page.object_list)
    return render(request, "forums/board.html", {
        "workspace": workspace, "board": board, "item": board, "page_obj": page, "show": show,
        "filters": filters, "actions": board_actions(user, board),
        "may_post": can(user, "forums.post_board", board),
        "crumbs": crumbs(request, (board.name, "")),
    })


def _board_form(request, workspace, instance=None):
    return kept_form(request, lambda data=None, **kwargs: BoardForm(data, instance=instance, workspace=workspace,
                                                                    **kwargs))


@workspace_view("forums.create_board")
@keeps_text
def board_create(request):
    workspace = request.workspace
    form = _board_form(request, workspace)
    if request.method == "POST" and form.is_valid():
        board = services.board_create(actor=request.user, workspace=workspace, **form.service_kwargs())
        messages.success(request, f"Board “{board.name}” added.")
        return redirect(board_url(board))
    return render(request, "forums/board_form.html", {
        "workspace": workspace, "form": form, "cancel_url": tool_url(request),
        "crumbs": crumbs(request, ("New board", "")),
    })


@workspace_view("forums.create_board")
@with_item(selectors.get_board, "forums.change_board")
@keeps_text
def board_edit(request, board):
    workspace = request.workspace
    form = _board_form(request, workspace, instance=board)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        board = services.board_update(actor=request.user, board=board, position=form.cleaned_data["position"], **data)
        messages.success(request, f"Board “{board.name}” saved.")
        return redirect(board_url(board))
    return render(request, "forums/board_form.html", {
        "workspace": workspace, "form": form, "board": board, "cancel_url": board_url(board),
        "crumbs": crumbs(request, (board.name, board_url(board)), ("Edit", "")),
    })


@workspace_view("forums.create_board")
@with_item(selectors.get_board, "forums.delete_board")
def board_delete(request, board):
    done, problem = confirmed(request, lambda: services.board_delete(actor=request.user, board=board))
    if done:
        messages.success(request, f"Board “{board.name}” deleted. Managers can restore it from the forum's page.")
        return redirect(tool_url(request))
    return render(request, "forums/confirm.html", {
        "workspace": request.workspace, "danger": True, "cancel_url": board_url(board), "problem": problem,
        "heading": f"Delete the board “{board.name}”?",
        "question": "Its threads are hidden with it. Managers can restore it.", "confirm": "Delete the board",
        "crumbs": crumbs(request, (board.name, board_url(board)), ("Delete", "")),
    })


@workspace_view("forums.create_board")
def deleted_boards(request):
    workspace = request.workspace
    return render(request, "forums/deleted_boards.html", {
        "workspace": workspace, "boards": selectors.deleted_boards(request.user, workspace),
        "crumbs": crumbs(request, ("Deleted boards", "")),
    })


@workspace_view("forums.create_board")
@with_item(selectors.get_board, "forums.delete_board", deleted="show")
@require_POST
def board_restore(request, board):
    if not board.is_deleted:
        return redirect(board_url(board))
    services.board_restore(actor=request.user, board=board)
    messages.success(request, f"Board “{board.name}” restored.")
    return redirect(board_url(board))


# --- Threads ----------------------------------------------------------------------------------------


@workspace_view("forums.view_board")
@with_item(selectors.get_board, "forums.post_board")
@keeps_text
def thread_create(request, board):
    user = request.user

    def make_form(data=None, **kwargs):
        return ThreadForm(data, **kwargs)

    def save(form):
        return services.thread_create(actor=user, board=board, title=form.cleaned_data["title"],
                                      text=form.cleaned_data["text"], client_key=form.cleaned_data["client_key"])

    return THREADS.respond(
        request, f"forums:new:{board.pk}", make_form, template="forums/thread_form.html",
        context={"workspace": request.workspace, "board": board, "cancel_url": board_url(board),
                 "crumbs": crumbs(request, (board.name, board_url(board)), ("New thread", ""))},
        save=save)


def _quote(post):
    """The start of a quote-reply: who wrote it, a link back, and the text as a Markdown quote."""
    name = post.author.name if post.author else "Someone"
    lines = "\n".join(f"> {line}" if line else ">" for line in post.body.split("\n"))
    return f"> **{name}** wrote in [post {post.number}]({post.get_absolute_url()}):\n>\n{lines}\n\n"


@workspace_view("forums.view_thread")
@with_item(selectors.get_thread, deleted="show")
@keeps_text
def thread(request, thread):
    """A thread's page of posts (by position: ?page=<n>), and its reply form (a POST here)."""
    user, workspace = request.user, request.workspace
    access = access_for(user, workspace)
    editor = None
    form = None
    replying = decide(user, "forums.reply_thread", thread)
    if request.method == "POST" and not replying.allowed and not is_thread_state(replying):
        require(user, "forums.reply_thread", thread)  # readers, outsiders: the refusal page (with their text)
    if replying.allowed or request.method == "POST":
        editor = Editor(request, key=f"forums:reply:{thread.pk}", noun="reply", max_length=MAX_BODY_LENGTH)
        form = editor.form(lambda data=None, **kwargs: ReplyForm(data, **kwargs), initial=_reply_initial(request,
                                                                                                          thread))
    context = {"workspace": workspace, "thread": thread, "item": thread, "board": thread.board, "form": form,
               "editor": editor, "prefix": PREFIX, "text_class": TEXT_CLASS, "replying": replying}
    if request.method == "POST":
        if "preview" in request.POST:
            text = services.normalise_text(form.data.get("text", ""))
            try:
                services.check_length(text, MAX_BODY_LENGTH, what="This post")
            except ValidationError as refused:
                error = " ".join(refused.messages)
                return _thread_page(request, thread, access, context, preview_html="", preview_error=error)
            if request.headers.get("HX-Request"):
                return preview(request, _render(request, text), template="forums/thread.html", context=context)
            return _thread_page(request, thread, access, context, preview_html=_render(request, text))
        if form.is_valid():
            if not replying.allowed:
                form.add_error(None, replying.reason)
            else:
                try:
                    post = services.reply(actor=user, thread=thread, text=form.cleaned_data["text"],
                                          reply_to=form.cleaned_data["reply_to"],
                                          client_key=form.cleaned_data["client_key"])
                except ValidationError as refused:
                    add_service_error(form, refused)
                except Busy as busy:
                    form.add_error(None, busy.message)
                else:
                    editor.saved()
                    if post.is_pending:
                        messages.success(request, f"Your reply (post {post.number}) waits for a moderator: "
                                                  "nobody else sees it until it is approved.")
                    else:
                        messages.success(request, f"Your reply is post {post.number}.")
                    return redirect(post.get_absolute_url())
    return _thread_page(request, thread, access, context)


def _reply_initial(request, thread):
    initial = {}
    quoting = request.GET.get("quote")
    answering = request.GET.get("reply_to")
    if quoting:
        quoted = selectors.quoted_post(request.user, thread, quoting)
        if quoted is not None:
            initial.update(text=_quote(quoted), reply_to=quoted.number)
    elif answering:
        answered = selectors.quoted_post(request.user, thread, answering)
        if answered is not None:
            initial["reply_to"] = answered.number
    return initial


def _thread_page(request, thread, access, context, preview_html=None, preview_error=""):
    user, workspace = request.user, request.workspace
    pages = PositionPages(request, last=max(thread.next_number - 1, 1), per_page=PER_PAGE)
    posts = selectors.thread_posts(user, thread, *pages.range)
    unread = selectors.unread_for(user, workspace, [thread]).get(thread.pk) or selectors.Unread()
    first_unread = selectors.first_unread_number(user, thread, unread) if user.is_authenticated else None
    actions_of = PostActions(request, user, thread, pages)
    for post in posts:
        post.is_unread = user.is_authenticated and unread.is_unread(post) and post.author_id != user.pk
        post.text_shown = post.is_published or selectors.may_see_hidden_text(user, access, post)
        post.actions = actions_of(post)
        _dress(post, actions_of.post_url)
    if posts and user.is_authenticated:
        services.mark_read(user=user, thread=thread, number=posts[-1].number, known=unread.number)
    form = context.get("form")
    answering = None
    if form is not None:
        value = form["reply_to"].value()
        answering = int(value) if str(value or "").isdigit() else None
    context.update(
        posts=posts, pages=pages, first_unread=first_unread, actions=thread_actions(user, thread),
        staff=moderates(access), answering=answering,
        first_unread_url=_post_url(thread, first_unread) if first_unread else "",
        crumbs=thread_crumbs(request, thread),
    )
    if preview_html is not None or preview_error:
        context.update(preview=preview_html, previewed=True, preview_error=preview_error)
    return render(request, "forums/thread.html", context)


def _dress(post, post_url):
    """What the post's template shows, worked out here once (the page has 25 of them)."""
    states = [state for state, shown in (
        ("unread", post.is_unread), ("awaiting moderation", post.is_pending),
        ("hidden by a moderator", post.is_hidden), ("removed", post.is_removed)) if shown]
    heading = f"Post {post.number}"
    if states:
        heading += f" ({', '.join(states)})"
    if post.reply_to_number:
        heading += f", in reply to post {post.reply_to_number}"
    post.heading = heading
    post.css_state = (" is-unread" if post.is_unread else "") + ("" if post.is_published else " is-" + str(post.status))
    post.byline = "Started by" if post.number == 1 else "Posted by"
    post.author_name = (post.author.name if post.author else "") or "a former member"
    post.posted_at = format_moment(post.created_at)
    post.posted_iso = localtime(post.created_at).isoformat()
    post.reply_to_url = post_url(number=post.reply_to_number) if post.reply_to_number else ""


def _post_url(thread, number):
    return reverse("forums:post", kwargs={"workspace": thread.workspace.slug, "pk": thread.pk, "number": number})


@workspace_view("forums.view_post")
def post_link(request, pk, number):
    """/t/<id>/post/<n>/: the page of the thread holding post n, at the post."""
    post = selectors.get_post(request.user, request.workspace, pk, number)
    page = -(-post.number // PER_PAGE)
    url = reverse("forums:thread", kwargs={"workspace": request.workspace.slug, "pk": post.thread_id})
    return redirect(f"{url}{'?page=' + str(page) if page > 1 else ''}#post-{post.number}")


# --- Posts ----------------------------------------------------------------------------------------


def _with_post(perm):
    def decorator(view):
        def wrapper(request, pk, number, *args, **kwargs):
            post = selectors.get_post(request.user, request.workspace, pk, number, perm=perm)
            return view(request, post, *args, **kwargs)

        wrapper.__name__ = view.__name__
        wrapper.__wrapped__ = view
        return wrapper

    return decorator


@workspace_view("forums.view_post")
@_with_post("forums.change_post")
@keeps_text
def post_edit(request, post):
    user = request.user
    thread = post.thread
    editor = Editor(request, key=f"forums:edit:{post.pk}", noun="post", max_length=MAX_BODY_LENGTH, text=post.body)
    form = editor.form(lambda data=None, **kwargs: PostEditForm(data, **kwargs), initial={"text": post.body})
    context = {"workspace": request.workspace, "post": post, "thread": thread, "form": form, "editor": editor,
               "prefix": PREFIX, "text_class": TEXT_CLASS, "cancel_url": post.get_absolute_url(),
               "crumbs": thread_crumbs(request, thread, (f"Edit post {post.number}", ""))}
    if request.method == "POST":
        if "preview" in request.POST:
            text = services.normalise_text(form.data.get("text", ""))
            try:
                services.check_length(text, MAX_BODY_LENGTH, what="This post")
            except ValidationError as refused:
                return preview(request, "", template="forums/post_form.html", context=context,
                               error=" ".join(refused.messages))
            return preview(request, _render(request, text), template="forums/post_form.html", context=context)
        if form.is_valid():
            try:
                post = services.post_edit(actor=user, post=post, text=form.cleaned_data["text"])
            except ValidationError as refused:
                add_service_error(form, refused)
            else:
                editor.saved()
                note = " It waits for a moderator again." if post.is_pending else ""
                messages.success(request, f"Post {post.number} saved.{note}")
                return redirect(post.get_absolute_url())
    return render(request, "forums/post_form.html", context)


@workspace_view("forums.view_post")
@_with_post("forums.delete_post")
def post_remove(request, post):
    thread = post.thread

    done, problem = confirmed(request, lambda: services.post_remove(actor=request.user, post=post))
    if done:
        messages.success(request, f"Post {post.number} removed. The thread shows where it was.")
        return redirect(post.get_absolute_url())
    mine = post.author_id == request.user.pk
    return render(request, "forums/confirm.html", {
        "workspace": request.workspace, "danger": True, "cancel_url": post.get_absolute_url(), "problem": problem,
        "heading": f"Remove post {post.number}?",
        "question": ("It will show as “Removed by its author”; the rest of the thread stays as it is." if mine else
                     "It will show as “Removed by a moderator”; the rest of the thread stays as it is."),
        "confirm": f"Remove post {post.number}",
        "crumbs": thread_crumbs(request, thread, (f"Remove post {post.number}", "")),
    })


@workspace_view("forums.view_post")
@_with_post("forums.history_post")
def post_history(request, post):
    thread = post.thread
    revisions = selectors.post_revisions(post)
    return render(request, "forums/post_history.html", {
        "workspace": request.workspace, "post": post, "thread": thread, "revisions": revisions,
        "crumbs": thread_crumbs(request, thread, (f"History of post {post.number}", "")),
    })


# --- Unread ---------------------------------------------------------------------------------------


@workspace_view("forums.view_thread")
def new_for_me(request):
    user, workspace = request.user, request.workspace
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    watermark = selectors.read_before(user, workspace)  # once for the list and its counts
    page = keyset_page(request, selectors.new_for_me(user, workspace, watermark), selectors.RECENT_ORDER,
                       descending=True)
    if page is None:
        return redirect(first_page_url(request))
    page.object_list = selectors.attach_new_counts(user, workspace, page.object_list, watermark)
    return render(request, "forums/new_for_me.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request, ("New for me", "")),
    })


@workspace_view("forums.view_thread")
@require_POST
def mark_all_read(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.workspace.is_archived:
        raise PermissionDenied(ARCHIVED_REASON)  # read-only, markers too
    services.mark_all_read(user=request.user, workspace=request.workspace)
    messages.success(request, "Everything in the forums is marked read.")
    return redirect(tool_url(request))

