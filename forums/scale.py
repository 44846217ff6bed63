"""The forums' part of the reference data (`manage.py seed_scale`, workspaces.scale): boards in
the flagship with `forum_threads` threads and `forum_posts` posts, `big_thread_posts` of them in
one thread; every counter as the services would have kept it. Rows are inserted in bulk (a few
texts rendered once each), so size L takes seconds."""

from datetime import timedelta

from django.urls import reverse

from workspaces.kit.models import Access
from workspaces.kit.moderation import ModerationStatus
from workspaces.lib.markdown import render_markdown

from .models import Board, Post, Thread, ThreadRead

BOARDS = [("General discussion", "Questions, news and ideas."), ("Evidence", "Research and data."),
          ("Events", "Workshops and meetings."), ("Task force", "Working notes of the task force."),
          ("Feedback", "What stakeholders tell us.")]
TOPICS = ["Workshop dates", "Draft questions", "Survey results", "Budget lines", "Accessibility review",
          "Regional visits", "Evaluation plan", "Terms of reference", "Data sharing", "Newsletter"]
BODIES = [
    "Thanks for sharing. I think we should **publish the draft** before the next meeting.",
    "Agreed. See the notes from last week:\n\n- dates confirmed\n- venues booked\n- invitations next",
    "> the draft is ready\n\nNot quite: section 3 still needs the figures from the survey.",
    "Could someone from the task force confirm the numbers? @contributor",
    "Here is the [guidance](https://www.gov.uk/service-manual) we discussed.",
]
STATUS = ModerationStatus.PUBLISHED
POST_FIELDS = ["workspace_id", "thread_id", "number", "author_id", "body", "body_html", "reply_to_id",
               "reply_to_number", "created_at", "edited_at", "edit_count", "removed_at", "removed_by_id",
               "message_id", "client_key", "status", "hidden_reason", "moderated_by_id", "moderated_at"]


def seed_scale(ctx):
    size = ctx.size
    if not size.forum_threads:
        return
    _seed(ctx, ctx.workspace, size.forum_threads, size.forum_posts, size.big_thread_posts)
    for workspace in ctx.small_workspaces:
        _seed(ctx, workspace, 5, 20, 5)


def _seed(ctx, workspace, thread_count, post_count, big):
    rng = ctx.rng
    boards = []
    for position, (name, description) in enumerate(BOARDS, start=1):
        limited = name == "Task force" and ctx.team_ids and workspace == ctx.workspace
        view, team = (Access.TEAMS, rng.choice(ctx.team_ids)) if limited else (Access.ANYONE, None)
        boards.append((Board(workspace=workspace, name=name, description=description, position=position,
                             created_by_id=ctx.author(), view_access=view, change_access=Access.MANAGERS), team))
    board_objects = Board.objects.bulk_create([b for b, _ in boards])
    ctx.grant_teams(Board, [(b.pk, team) for b, (_, team) in zip(board_objects, boards, strict=True) if team])

    # Posts per thread: `big` in the first, the rest spread evenly (each at least its first post).
    rest = max(thread_count - 1, 1)
    per_thread = [min(big, post_count)] + [max(1, (post_count - big) // rest)] * (thread_count - 1)
    threads, timings = [], []
    for n in range(thread_count):
        board = board_objects[0] if n == 0 else board_objects[n % len(board_objects)]
        count = per_thread[n]
        started = ctx.some_time(days=365)
        step = timedelta(minutes=rng.randrange(5, 240))
        last_at = started + step * (count - 1)
        author = ctx.author()
        last_author = ctx.author() if count > 1 else author
        timings.append((started, step, author, last_author))
        threads.append(Thread(
            workspace=workspace, board=board, title=f"{TOPICS[n % len(TOPICS)]} {n}", author_id=author,
            created_at=started, post_count=count - 1, last_post_at=last_at, last_post_author_id=last_author,
            last_post_number=count, next_number=count + 1, is_pinned=n % 97 == 1,
        ))
    threads = Thread.objects.bulk_create(threads, batch_size=1000)
    html = [render_markdown(body) for body in BODIES]

    def post_rows():
        for thread, count, (started, step, author, last_author) in zip(threads, per_thread, timings, strict=True):
            for number in range(1, count + 1):
                who = author if number == 1 else (last_author if number == count else ctx.author())
                k = (thread.pk + number) % len(BODIES)
                answers = number - 1 if number > 1 and number % 3 == 0 else None
                yield (workspace.pk, thread.pk, number, who, BODIES[k], html[k], None, answers,
                       started + step * (number - 1), None, 0, None, None, "", "", STATUS, "", None, None)

    ctx.insert_rows(Post, POST_FIELDS, post_rows())
    # The boards' counters, from the threads as made.
    for board in board_objects:
        mine = [(t, c) for t, c in zip(threads, per_thread, strict=True) if t.board_id == board.pk]
        if mine:
            latest = max(mine, key=lambda pair: pair[0].last_post_at)[0]
            Board.objects.filter(pk=board.pk).update(thread_count=len(mine), post_count=sum(c for _, c in mine),
                                                     last_post_at=latest.last_post_at, last_thread=latest)
    # The demo people have read about half the threads (the rest is "new for me").
    readers = [user.pk for user in ctx.demo.values()] if workspace == ctx.workspace else []
    ctx.insert_rows(ThreadRead, ["user_id", "thread_id", "last_read_number", "updated_at"], (
        (user_id, thread.pk, max(1, thread.last_post_number - n % 3), ctx.now)
        for user_id in readers for n, thread in enumerate(threads) if n % 2 == 0
    ))
    for thread in threads[:200]:
        ctx.add_activity("forums.post_created", thread, count=1)


def bench_pages(workspace):
    ws = workspace.slug
    big = Thread.objects.filter(workspace=workspace, board__view_access=Access.ANYONE).order_by("-next_number").first()
    board = Board.objects.filter(workspace=workspace, view_access=Access.ANYONE).order_by("-thread_count").first()
    pages = [("forum index", reverse("forums:index", args=[ws])),
             ("forum new for me", reverse("forums:new_for_me", args=[ws]))]
    if board is not None:
        pages.append(("forum board", reverse("forums:board", args=[ws, board.pk])))
    if big is not None:
        thread = reverse("forums:thread", args=[ws, big.pk])
        middle = max(1, (big.next_number - 1) // 25 // 2)
        pages += [("forum thread, first page", thread), ("forum thread, last page", f"{thread}?page=last"),
                  ("forum thread, middle page", f"{thread}?page={middle}")]
    return pages
