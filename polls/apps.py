from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "polls"
    verbose_name = "Polls"

    def ready(self):
        from workspaces.registry import FOLLOWERS, SILENT, NotifyRule, Searchable, Tool, register

        from . import home
        from .lifecycles import POLL_WINDOW
        from .models import Poll
        from .policies import POLL_POLICY

        register(
            Tool(
                slug="polls",
                app_label="polls",
                name="Polls",
                description="Quick one-question polls, named or anonymous, with results as they come in; "
                            "embeddable on the department's own website.",
                urls="polls.urls",
                order=60,
                policies={Poll: POLL_POLICY},
                # No verb for a vote: nothing ever says "X voted".
                verbs={
                    "polls.poll_created": SILENT,
                    "polls.poll_updated": SILENT,
                    "polls.poll_deleted": SILENT,
                    "polls.poll_restored": SILENT,
                    "polls.poll_published": NotifyRule(notify=(FOLLOWERS,)),
                    "polls.poll_opened": NotifyRule(notify=(FOLLOWERS,)),
                    "polls.poll_closed": NotifyRule(notify=(FOLLOWERS,)),
                },
                lifecycles=(POLL_WINDOW,),
                latest=home.latest,
                waiting_for=home.waiting_for,
                demo="polls.demo.seed_demo",
                scale="polls.scale",
                stylesheet="polls/polls.css",
                searchable=(Searchable("polls.Poll", fields=("question", "description")),),
            )
        )
