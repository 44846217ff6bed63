"""The moderators' pages for a thread: one page with pin, lock, slow mode and close (each its
own small form), and a page each for moving and splitting. Every view asks for
`forums.moderate_thread` on the thread (managers and the moderators team)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.views import attempt, confirmed, with_item, workspace_view
from workspaces.lib.dates import format_moment

from . import selectors, services, thread_tools
from .forms import ThreadTitleForm
from .thread_tools_forms import CloseForm, LockForm, MoveForm, SlowModeForm, SplitForm
from .views import board_url, thread_crumbs

PERM = "forums.moderate_thread"


def moderate_url(thread, name="thread_moderate"):
    return reverse(f"forums:{name}", kwargs={"workspace": thread.workspace.slug, "pk": thread.pk})


def _other_boards(user, thread):
    return selectors.boards(user, thread.workspace).filter(is_deleted=False).exclude(pk=thread.board_id)


@workspace_view("forums.view_thread")
@with_item(selectors.get_thread, PERM)
def thread_moderate(request, thread):
    """Pin, lock, slow mode, close: the form posted (its `tool`) is run; the others stay as they are."""
    user = request.user
    forms = {
        "lock": LockForm(initial={"reason": thread.locked_reason}, prefix="lock"),
        "slow_mode": SlowModeForm(initial={"minutes": thread.slow_mode_minutes, "reason": thread.slow_mode_reason},
                                  prefix="slow"),
        "close": CloseForm(initial={"until": thread.closed_until, "reason": thread.closed_reason}, prefix="close"),
    }
    if request.method == "POST":
        tool = request.POST.get("tool", "")
        done, message = None, ""
        if tool in ("pin", "unpin"):
            done = thread_tools.thread_pin(actor=user, thread=thread, pinned=tool == "pin")
            message = "Thread pinned: it is listed first on its board." if tool == "pin" else "Thread unpinned."
        elif tool == "unlock":
            done = thread_tools.thread_lock(actor=user, thread=thread, locked=False)
            message = "Thread unlocked: members can reply again."
        elif tool == "reopen":
            done = thread_tools.thread_close(actor=user, thread=thread, until=None)
            message = "Thread reopened."
        elif tool == "lock":
            form = forms["lock"] = LockForm(request.POST, prefix="lock")
            if form.is_valid():
                done = attempt(form, lambda: thread_tools.thread_lock(
                    actor=user, thread=thread, locked=True, reason=form.cleaned_data["reason"]))
                message = "Thread locked: only moderators can post in it now."
        elif tool == "slow_mode":
            form = forms["slow_mode"] = SlowModeForm(request.POST, prefix="slow")
            if form.is_valid():
                minutes = form.cleaned_data["minutes"]
                done = attempt(form, lambda: thread_tools.thread_slow_mode(
                    actor=user, thread=thread, minutes=minutes, reason=form.cleaned_data["reason"]))
                message = "Slow mode is off." if not minutes else "Slow mode is on."
        elif tool == "close":
            form = forms["close"] = CloseForm(request.POST, prefix="close")
            if form.is_valid():
                until = form.cleaned_data["until"]
                done = attempt(form, lambda: thread_tools.thread_close(
                    actor=user, thread=thread, until=until, reason=form.cleaned_data["reason"]))
                message = f"Thread closed until {format_moment(until)}. It opens again by itself."
        if done is not None:
            messages.success(request, message)
            return redirect(moderate_url(thread))
    return render(request, "forums/thread_moderate.html", {
        "workspace": request.workspace, "thread": thread, "item": thread, "forms": forms,
        "move_url": moderate_url(thread, "thread_move"), "split_url": moderate_url(thread, "thread_split"),
        "crumbs": thread_crumbs(request, thread, ("Moderate", "")),
    })


@workspace_view("forums.view_thread")
@with_item(selectors.get_thread, PERM)
def thread_move(request, thread):
    boards = _other_boards(request.user, thread)
    form = MoveForm(request.POST or None, boards=boards)
    if request.method == "POST" and form.is_valid():
        board = form.cleaned_data["board"]
        if attempt(form, lambda: thread_tools.thread_move(actor=request.user, thread=thread, board=board)):
            messages.success(request, f"Thread moved to “{board.name}”.")
            return redirect(thread.get_absolute_url())
    return render(request, "forums/thread_move.html", {
        "workspace": request.workspace, "thread": thread, "form": form, "has_boards": boards.exists(),
        "crumbs": thread_crumbs(request, thread, ("Moderate", moderate_url(thread)), ("Move", "")),
    })


@workspace_view("forums.view_thread")
@with_item(selectors.get_thread, PERM)
def thread_split(request, thread):
    boards = selectors.boards(request.user, thread.workspace).filter(is_deleted=False)
    initial = {"board": thread.board_id}
    if request.GET.get("from", "").isdigit():
        initial["first"] = int(request.GET["from"])
    form = SplitForm(request.POST or None, boards=boards, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = attempt(form, lambda: thread_tools.thread_split(
            actor=request.user, thread=thread, first=data["first"], last=data["last"], title=data["title"],
            board=data["board"]))
        if new is not None:
            messages.success(request, f"Posts moved to the new thread “{new.title}”.")
            return redirect(new.get_absolute_url())
    return render(request, "forums/thread_split.html", {
        "workspace": request.workspace, "thread": thread, "form": form, "last_number": thread.next_number - 1,
        "crumbs": thread_crumbs(request, thread, ("Moderate", moderate_url(thread)), ("Split", "")),
    })


@workspace_view("forums.view_thread")
@with_item(selectors.get_thread, "forums.delete_thread")
def thread_delete(request, thread):
    done, problem = confirmed(request, lambda: thread_tools.thread_delete(actor=request.user, thread=thread))
    if done:
        messages.success(request, f"Thread “{thread.title}” deleted. Moderators can still open it and restore it.")
        return redirect(board_url(thread.board))
    return render(request, "forums/confirm.html", {
        "workspace": request.workspace, "danger": True, "cancel_url": thread.get_absolute_url(), "problem": problem,
        "heading": f"Delete the thread “{thread.title}”?",
        "question": "Nobody but the moderators will see it or its posts. Moderators can restore it.",
        "confirm": "Delete the thread", "crumbs": thread_crumbs(request, thread, ("Delete", "")),
    })


@workspace_view("forums.view_thread")
@with_item(selectors.get_thread, "forums.delete_thread", deleted="show")
def thread_restore(request, thread):
    done, problem = confirmed(request, lambda: thread_tools.thread_restore(actor=request.user, thread=thread))
    if done:
        messages.success(request, f"Thread “{thread.title}” restored.")
        return redirect(thread.get_absolute_url())
    return render(request, "forums/confirm.html", {
        "workspace": request.workspace, "cancel_url": thread.get_absolute_url(), "problem": problem,
        "heading": f"Restore the thread “{thread.title}”?",
        "question": "Everyone who may see its board will see it again, with its posts.",
        "confirm": "Restore the thread", "crumbs": thread_crumbs(request, thread, ("Restore", "")),
    })


@workspace_view("forums.view_thread")
@with_item(selectors.get_thread, "forums.change_thread")
@keeps_text
def thread_rename(request, thread):
    """A thread's title: its author's, or a moderator's."""
    form = kept_form(request, lambda data=None, **kwargs: ThreadTitleForm(data, **kwargs),
                     initial={"title": thread.title})
    if request.method == "POST" and form.is_valid():
        title = form.cleaned_data["title"]
        if attempt(form, lambda: services.thread_rename(actor=request.user, thread=thread, title=title)):
            messages.success(request, f"Thread renamed “{title}”.")
            return redirect(thread.get_absolute_url())
    return render(request, "forums/thread_rename.html", {
        "workspace": request.workspace, "thread": thread, "form": form,
        "crumbs": thread_crumbs(request, thread, ("Rename", "")),
    })
