"""Demo wiki pages for `manage.py seed_demo`, with a few revisions each. Idempotent: a page
whose title is already in the workspace's wiki is left alone (and so is its history)."""

from workspaces.kit.models import title_key

from .models import Page
from .services import page_create, page_update

HANDBOOK_V1 = """Welcome to the programme's shared handbook. Start here.

# How we work

We meet every month as a steering group. Notes are kept in [[Meeting notes]].

# Who does what

- The programme lead chairs the steering group.
- Policy advisers draft the consultation papers.

# Words we use

See the [[Glossary]] for the terms we use.
"""

HANDBOOK_V2 = HANDBOOK_V1.replace(
    "- Policy advisers draft the consultation papers.",
    "- Policy advisers draft the consultation papers.\n- The task force runs the evaluation.",
)

HANDBOOK_V3 = HANDBOOK_V2 + """
# Risks

Risks are tracked in the [[Risk register]] (not written yet) and reviewed each quarter.
"""

GLOSSARY_V1 = """**Stakeholder**: anyone affected by, or with an interest in, the programme.

**Consultation**: a formal, time-limited request for views.
"""

GLOSSARY_V2 = GLOSSARY_V1 + """
**Steering group**: the programme lead, the advisers and the task force; see the [[Programme handbook|handbook]].
"""

MEETINGS = """Notes of each steering group meeting, newest first.

- [[March steering group]]
"""

MARCH = """**Present**: Maya, Chris, Rita.

1. Agreed the consultation timetable.
2. Chris to draft the evaluation plan by the next meeting.
"""

# (title, parent title, [(author email, text, summary), ...]); the first entry creates the page.
DEMO_PAGES = [
    ("Programme handbook", None, [
        ("manager@example.org", HANDBOOK_V1, "First draft"),
        ("contributor@example.org", HANDBOOK_V2, "Added the task force"),
        ("manager@example.org", HANDBOOK_V3, "Added a section on risks"),
    ]),
    ("Glossary", None, [
        ("contributor@example.org", GLOSSARY_V1, "Started the glossary"),
        ("manager@example.org", GLOSSARY_V2, "Defined the steering group"),
    ]),
    ("Meeting notes", "Programme handbook", [("manager@example.org", MEETINGS, "")]),
    ("March steering group", "Meeting notes", [("contributor@example.org", MARCH, "Notes of the March meeting")]),
]


def seed_demo(workspace, users):
    pages = {p.title_key: p for p in Page.objects.filter(workspace=workspace, is_deleted=False)}
    for title, parent_title, revisions in DEMO_PAGES:
        if title_key(title) in pages or any(users.get(email) is None for email, _, _ in revisions):
            continue
        parent = pages.get(title_key(parent_title)) if parent_title else None
        (email, text, summary), *later = revisions
        page = page_create(actor=users[email], workspace=workspace, title=title, parent=parent, text=text,
                           summary=summary)
        for email, text, summary in later:
            page = page_update(actor=users[email], page=page, text=text, summary=summary).page
        pages[page.title_key] = page
