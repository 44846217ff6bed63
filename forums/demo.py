"""Demo forums for `manage.py seed_demo`: a lively "General discussion" board and a task-force
board. Idempotent: a board whose name is already in the workspace is left alone."""

from django.db import transaction

from workspaces.kit.models import Access, Team

from . import services
from .models import Board, Post, Premoderation, Thread

MANAGER, CONTRIBUTOR, READER = "manager@example.org", "contributor@example.org", "reader@example.org"

GENERAL = [
    # (title, [(author, text, reply_to)], pinned)
    ("Welcome: how we use these forums", [
        (MANAGER, "Welcome! Use this board for anything about the programme that does not fit a meeting.\n\n"
                  "- Start a thread per subject\n- Reply by email if you prefer: just answer the notification\n"
                  "- Be kind; report anything that breaks the rules", None),
        (CONTRIBUTOR, "Thanks Maya. Is there a board for the evaluation plan?", 1),
        (MANAGER, "Not yet: the task force board holds it for now. @contributor can you start a thread there?", 2),
    ], True),
    ("Dates for the spring workshops", [
        (CONTRIBUTOR, "We need three dates in March for the regional workshops. Proposals:\n\n"
                      "1. 10 March, Leeds\n2. 17 March, Bristol\n3. 24 March, online", None),
        (MANAGER, "Leeds on the 10th clashes with the board meeting. Could we do the 12th?", 1),
        (CONTRIBUTOR, "> **Maya Manager** wrote in post 2:\n> Could we do the 12th?\n\nYes, the 12th works for the "
                      "venue too. I'll update the list.", 2),
    ], False),
    ("Plain English in the consultation questions", [
        (MANAGER, "Before we publish, can everyone read the draft questions aloud once? If a question needs a "
                  "second reading, it needs rewriting.", None),
    ], False),
    ("Making the online survey work on phones", [
        (CONTRIBUTOR, "Half of last year's responses came from phones. Three things I would like us to check:\n\n"
                      "- every question fits a narrow screen without scrolling sideways\n"
                      "- the *Save and come back later* link works\n"
                      "- the confirmation email arrives", None),
        (MANAGER, "Agreed. @contributor could you try it on your own phone this week?", 1),
        (CONTRIBUTOR, "Done: it fits, but the date question shows a calendar that is hard to use. Typing the date "
                      "is easier.", 2),
        (MANAGER, "> **Chris Contributor** wrote in post 3:\n> Typing the date is easier.\n\nLet's offer both.", 3),
        (CONTRIBUTOR, "Does anyone have a spare phone charger in the office?", None),
    ], False),
    ("Venue shortlist for the final event", [
        (MANAGER, "The shortlist is settled: the Corn Exchange, with the town hall as the fallback.", None),
        (CONTRIBUTOR, "Great. Step-free access confirmed at both.", 1),
    ], False),
]
QUESTIONS = [
    ("Will the consultation be available in Welsh?", [
        (CONTRIBUTOR, "Several people asked at the roadshow whether they can answer in Welsh.", None),
    ], False),
]
TASK_FORCE = [
    ("Evaluation plan: first draft", [
        (CONTRIBUTOR, "A first outline following chapter 3 of the Magenta Book. Comments welcome.", None),
        (MANAGER, "Looks good. Add a section on how we reach people who never answer consultations.", 1),
    ], False),
]


def seed_demo(workspace, users):
    manager = users.get(MANAGER)
    if manager is None or Board.objects.filter(workspace=workspace, name="General discussion").exists():
        return
    with transaction.atomic():
        general = services.board_create(
            actor=manager, workspace=workspace, name="General discussion",
            description="Questions, news and ideas about the programme.")
        _threads(general, GENERAL, users)
        team = Team.objects.filter(workspace=workspace, name="Task force").first()
        board = services.board_create(
            actor=manager, workspace=workspace, name="Task force",
            description="Working notes of the task force.", view_access=Access.TEAMS if team else Access.MEMBERS,
            view_teams=[team] if team else [])
        _threads(board, TASK_FORCE, users)
        _edit_one(general, users)
        # A board where what stakeholders post waits for a moderator: one question waits now.
        questions = services.board_create(
            actor=manager, workspace=workspace, name="Questions from stakeholders",
            description="Ask the programme team. A moderator reads each question before it appears.",
            premoderation=Premoderation.EVERYONE)
        _threads(questions, QUESTIONS, users)
        _moderate(general, users)


def _threads(board, threads, users):
    for title, posts, pinned in threads:
        (author, text, _), *replies = posts
        thread = services.thread_create(actor=users[author], board=board, title=title, text=text)
        for author, text, reply_to in replies:
            services.reply(actor=users[author], thread=thread, text=text, reply_to=reply_to)
        if pinned:
            Thread.objects.filter(pk=thread.pk).update(is_pinned=True)


def _moderate(board, users):
    """What moderators find in the demo: a locked thread, one in slow mode, a reported post."""
    from workspaces.kit import moderation

    from .thread_tools import thread_lock, thread_slow_mode

    manager, reader = users[MANAGER], users.get(READER)
    venue = Thread.objects.filter(board=board, title__startswith="Venue").first()
    if venue is not None:
        thread_lock(actor=manager, thread=venue, locked=True, reason="The venue is booked.")
    survey = Thread.objects.filter(board=board, title__startswith="Making the online survey").first()
    if survey is not None:
        thread_slow_mode(actor=manager, thread=survey, minutes=10, reason="Keeping the discussion focused.")
        off_topic = Post.objects.filter(thread=survey, body__startswith="Does anyone have a spare").first()
        if off_topic is not None and reader is not None:
            moderation.report(actor=reader, item=off_topic, reason=moderation.ReportReason.OFF_TOPIC)


def _edit_one(board, users):
    """An edited post (its history kept), so the demo shows "edited"."""
    post = Post.objects.filter(thread__board=board, thread__title__startswith="Dates", number=1).first()
    if post is not None:
        services.post_edit(actor=users[CONTRIBUTOR], post=post, text=post.body + "\n\n(Updated: Leeds moved to 12 "
                                                                                "March.)")
