from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "risks"
    verbose_name = "Risk registers"

    def ready(self):
        from workspaces.registry import ADDRESSED, FOLLOWERS, MANAGERS, SILENT, NotifyRule, Searchable, Tool, register

        from . import home
        from .models import Register, Risk
        from .policies import REGISTER_POLICY, RISK_POLICY

        register(
            Tool(
                slug="risks",
                app_label="risks",
                name="Risk registers",
                description="Risk registers with one scoring matrix, appetite per category, a heat map, "
                            "formal acceptance, history \u201cas at\u201d any date, and Excel import and export.",
                urls="risks.urls",
                order=70,
                policies={Register: REGISTER_POLICY, Risk: RISK_POLICY},
                verbs={
                    "risks.register_created": SILENT,
                    "risks.register_updated": SILENT,
                    "risks.register_deleted": SILENT,
                    "risks.register_restored": SILENT,
                    "risks.risk_added": NotifyRule(notify=(FOLLOWERS,), followers_of=("register",)),
                    "risks.risk_changed": NotifyRule(notify=(FOLLOWERS,)),
                    "risks.risk_status_changed": NotifyRule(notify=(FOLLOWERS,), followers_of=("register",)),
                    "risks.risk_reviewed": SILENT,
                    "risks.risk_accepted": NotifyRule(notify=(FOLLOWERS, ADDRESSED), followers_of=("register",)),
                    # A member's suggestion: the managers hear of it (its keepers triage it).
                    "risks.risk_suggested": NotifyRule(notify=(MANAGERS,)),
                    "risks.risk_triaged": NotifyRule(notify=(ADDRESSED,)),  # the suggester: accepted, merged, declined
                    "risks.risks_imported": SILENT,
                    "risks.action_added": NotifyRule(notify=(ADDRESSED,)),  # its owner
                    "risks.action_done": SILENT,
                },
                latest=home.latest,
                waiting_for=home.waiting_for,
                demo="risks.demo.seed_demo",
                scale="risks.scale",
                stylesheet="risks/risks.css",
                searchable=(Searchable("risks.Risk", fields=("title", "cause", "event", "impact")),),
            )
        )
