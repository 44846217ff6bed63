"""Demo links for `manage.py seed_demo`. Idempotent: a link whose address is already in the
workspace is left alone."""

from workspaces.kit.models import Access, Team

from .models import Link
from .services import link_create

DEMO_LINKS = [
    # (author email, url, title, note, tags, restricted to the Task force team)
    ("manager@example.org", "https://www.gov.uk/government/publications/consultation-principles-guidance",
     "Consultation principles: guidance",
     "The Cabinet Office principles every government consultation should follow. "
     "**Read this before** planning the next round of engagement.",
     ["consultation", "guidance"], False),
    ("contributor@example.org", "https://www.gov.uk/service-manual",
     "GOV.UK Service Manual",
     "How to design and run public services that meet the Service Standard.",
     ["service design", "standards"], False),
    ("contributor@example.org",
     "https://www.gov.uk/guidance/accessibility-requirements-for-public-sector-websites-and-apps",
     "Understanding accessibility requirements for public sector bodies",
     "What the 2018 regulations require of our websites and documents:\n\n"
     "- meet WCAG 2.2 AA\n- publish an accessibility statement\n- fix or explain what fails",
     ["accessibility", "guidance", "legislation"], False),
    ("manager@example.org", "https://www.legislation.gov.uk/ukpga/2010/15/contents",
     "Equality Act 2010",
     "The public sector equality duty (section 149) applies to how we run this programme.",
     ["legislation", "equality"], False),
    ("manager@example.org", "https://www.gov.uk/government/publications/open-standards-principles",
     "Open Standards principles",
     "The government's principles for choosing open standards. Relevant when we pick document formats "
     "for the consultation responses.",
     ["open standards", "technology"], False),
    ("contributor@example.org", "https://www.gov.uk/government/publications/the-magenta-book",
     "The Magenta Book: guidance on evaluation",
     "For the task force: the evaluation plan should follow chapter 3.",
     ["evaluation", "task force"], True),
]


def seed_demo(workspace, users):
    team = Team.objects.filter(workspace=workspace, name="Task force").first()
    existing = set(Link.objects.filter(workspace=workspace).values_list("url", flat=True))
    for email, url, title, note, tags, restricted in DEMO_LINKS:
        author = users.get(email)
        if url in existing or author is None:
            continue
        teams = [team] if (restricted and team) else []
        link_create(
            actor=author, workspace=workspace, url=url, title=title, note=note, tags=tags,
            view_access=Access.TEAMS if teams else Access.ANYONE, view_teams=teams,
        )
