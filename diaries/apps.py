from django.apps import AppConfig


class DiariesConfig(AppConfig):
    name = "diaries"
    verbose_name = "Team diaries"

    def ready(self):
        from workspaces.registry import ADDRESSED, FOLLOWERS, SILENT, NotifyRule, Searchable, Tool, register

        from . import home
        from .models import Diary, Event
        from .policies import DIARY_POLICY, EVENT_POLICY

        register(
            Tool(
                slug="diaries",
                app_label="diaries",
                name="Diaries",
                description="Shared team calendars: events one-off or recurring, invitations with RSVP and "
                            "waitlists that land in Outlook and Google, and a private calendar feed.",
                urls="diaries.urls",
                personal_urls="diaries.urls_calendar_personal",  # /me/diaries/: one's own calendar feed
                order=75,
                policies={Diary: DIARY_POLICY, Event: EVENT_POLICY},
                # Invitees are told by the iTIP emails (diaries' own mail), not by notifications.
                verbs={
                    "diaries.diary_created": SILENT,
                    "diaries.diary_updated": SILENT,
                    "diaries.diary_deleted": SILENT,
                    "diaries.diary_restored": SILENT,
                    "diaries.event_added": NotifyRule(notify=(FOLLOWERS,), followers_of=("diary",)),
                    "diaries.event_changed": SILENT,
                    "diaries.event_cancelled": NotifyRule(notify=(FOLLOWERS,), followers_of=("diary",)),
                    "diaries.minutes_published": NotifyRule(notify=(FOLLOWERS, ADDRESSED)),
                    "diaries.rsvp_given": SILENT,
                    "diaries.place_offered": NotifyRule(notify=(ADDRESSED,)),  # promoted from the waitlist
                },
                latest=home.latest,
                demo="diaries.demo.seed_demo",
                scale="diaries.scale",
                stylesheet="diaries/diaries.css",
                searchable=(Searchable("diaries.Event", fields=("title", "description", "location")),),
            )
        )
        from workspaces.kit.mail import register_kind

        from .mail import MAIL_KINDS

        for kind in MAIL_KINDS:  # invitations, updates and cancellations (iTIP), a place from the waitlist
            register_kind(kind)
