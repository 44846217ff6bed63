"""The blogs' demo content (manage.py seed_demo): the demo workspace's "News" (the managers')
and "Programme updates" (any contributor's), eight public posts over the last weeks, a draft,
a post scheduled for next week, comments on two posts and three social links. Idempotent: a
blog, post or link already there (by title or address) is left alone. Through the services."""

from datetime import timedelta

from django.utils import timezone

from workspaces.kit.comments import add_comment

from . import services, social
from .models import Blog, Post, SocialLink

BLOGS = [
    # (slug-giving title, description, writers)
    ("News", "Announcements from the programme team.", Blog.Writers.MANAGERS),
    ("Programme updates", "Notes from the work streams, written by the people doing the work.",
     Blog.Writers.CONTRIBUTORS),
]

# (blog title, author email, title, summary, tags, text, days ago; None: a draft, "next week": scheduled)
POSTS = [
    ("News", "manager@example.org", "The consultation on river bathing sites opens",
     "Twelve weeks to tell us how bathing sites should be tested, signed and paid for.",
     ["consultation", "rivers"],
     "## What we are asking\n\nThe draft rules cover three things:\n\n- how often each site is tested\n"
     "- what the signs at the water say\n- who pays for testing and cleaning\n\n"
     "Read the [consultation principles](https://www.gov.uk/government/publications/consultation-principles-guidance) "
     "we follow.\n\n## How to respond\n\nOnline, by email or at one of the drop-in sessions.", 40),
    ("News", "manager@example.org", "Drop-in sessions this spring",
     "Six sessions in libraries along the river, with the team there to answer questions.",
     ["events", "consultation"],
     "## Where and when\n\n1. Riverside library, Tuesday afternoons\n2. Market hall, Saturday mornings\n"
     "3. Online, Thursday evenings\n\nNo need to book: come along.", 33),
    ("Programme updates", "contributor@example.org", "What the first 500 responses say",
     "An early look at the themes: testing more often, clearer signs, and who should pay.",
     ["analysis", "consultation"],
     "## Early themes\n\n- **Testing**: most want weekly tests in summer.\n- **Signs**: plain words and a phone "
     "number to report pollution.\n- **Costs**: polluters, not council tax payers.\n\nWe will publish the full "
     "analysis when the consultation closes.", 26),
    ("News", "manager@example.org", "New members join the advisory panel",
     "Four new members bring experience of open-water swimming, farming and public health.",
     ["people", "governance"],
     "## Welcome\n\nThe panel now has twelve members. Their terms of reference are on the "
     "[programme page](https://www.gov.uk/).", 21),
    ("Programme updates", "contributor@example.org", "Water testing: how the samples are taken",
     "A morning with the sampling team at the weir, and why the time of day matters.",
     ["rivers", "testing"],
     "## A morning at the weir\n\nSamples are taken at knee depth, before ten o'clock:\n\n- the bottle is opened "
     "under water\n- the time and temperature are written down\n- the sample reaches the lab within six hours",
     17),
    ("News", "manager@example.org", "Accessibility of our documents",
     "Every consultation document is now published as an accessible web page as well as a PDF.",
     ["accessibility"],
     "## What changed\n\nWe followed the [accessibility requirements for public sector websites]"
     "(https://www.gov.uk/guidance/accessibility-requirements-for-public-sector-websites-and-apps).\n\n"
     "- headings and lists that screen readers announce\n- tables with headers\n- plain English summaries", 12),
    ("Programme updates", "contributor@example.org", "Lessons from the pilot sites",
     "Three pilot sites ran daily tests last summer: what worked and what we would change.",
     ["rivers", "evaluation"],
     "## What worked\n\n- results online the same day\n- a text message alert for swimmers\n\n"
     "## What we would change\n\n- more sites upstream of the outfalls", 7),
    ("News", "manager@example.org", "Consultation closes in two weeks",
     "There is still time to respond: the consultation closes at midnight on the last Friday of the month.",
     ["consultation"],
     "## Last call\n\nIf you have not responded yet, it takes about fifteen minutes.\n\n"
     "- respond online\n- or email the team", 3),
    ("Programme updates", "contributor@example.org", "Notes from the farmers' meeting",
     "Draft notes, to check with the farmers before publishing.", ["farming"],
     "## Draft\n\n- run-off from fields after heavy rain\n- buffer strips", None),
    ("News", "manager@example.org", "The consultation has closed: what happens next",
     "Thank you to everyone who responded. Here is the timetable for the analysis and the decision.",
     ["consultation", "next steps"],
     "## Next steps\n\n1. Analysis of every response (eight weeks)\n2. The panel's advice\n3. The decision, "
     "published with a summary of what we heard", "next week"),
]

COMMENTS = [
    # (post title, author email, comment)
    ("The consultation on river bathing sites opens", "contributor@example.org",
     "Will the drop-in sessions have someone who can talk about the testing methods?"),
    ("The consultation on river bathing sites opens", "manager@example.org",
     "Yes: the sampling team will be at the Saturday sessions."),
    ("Water testing: how the samples are taken", "manager@example.org",
     "Thanks for writing this up, it answers a question we get a lot."),
]

SOCIAL = [
    ("linkedin", "Demo Department on LinkedIn", "https://www.linkedin.com/company/demo-department"),
    ("mastodon", "Demo Department on Mastodon", "https://social.example.org/@demodepartment"),
    ("youtube", "Demo Department on YouTube", "https://www.youtube.com/@demodepartment"),
]


def seed_demo(workspace, users):
    manager = users.get("manager@example.org")
    if manager is None:
        return
    now = timezone.now()
    blogs = {blog.title: blog for blog in Blog.objects.filter(workspace=workspace, is_deleted=False)}
    for title, description, writers in BLOGS:
        if title not in blogs:
            blogs[title] = services.blog_create(actor=manager, workspace=workspace, title=title,
                                                description=description, writers=writers)
    existing = set(Post.objects.filter(workspace=workspace).values_list("title", flat=True))
    for blog_title, email, title, summary, tags, text, when in POSTS:
        author = users.get(email)
        if title in existing or author is None:
            continue
        post = services.post_create(actor=author, blog=blogs[blog_title], title=title, summary=summary, text=text,
                                    tags=tags)
        if when == "next week":
            services.post_publish(actor=author, post=post, at=(now + timedelta(days=7)).replace(second=0,
                                                                                                microsecond=0))
        elif when is not None:
            services.post_publish(actor=author, post=post)
            Post.objects.filter(pk=post.pk).update(published_at=now - timedelta(days=when, hours=3))
        if title in {c[0] for c in COMMENTS}:
            post = Post.objects.select_related("workspace", "blog").get(pk=post.pk)
            for _, commenter, body in (c for c in COMMENTS if c[0] == title):
                if users.get(commenter) is not None:
                    add_comment(actor=users[commenter], item=post, body=body)
    known = set(SocialLink.objects.filter(workspace=workspace).values_list("url", flat=True))
    for network, label, url in SOCIAL:
        if url not in known:
            social.social_create(actor=manager, workspace=workspace, network=network, label=label, url=url)
