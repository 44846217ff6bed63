from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Surveys"

    def ready(self):
        from workspaces.kit.mail import MailKind, register_kind
        from workspaces.registry import FOLLOWERS, SILENT, NotifyRule, Searchable, Tool, register

        from . import home
        from .lifecycles import SURVEY_WINDOW
        from .models import Survey
        from .policies import SURVEY_POLICY
        from .resume import MAIL_KIND, build_resume_mail

        register_kind(MailKind(name=MAIL_KIND, label="Survey resume link", build=build_resume_mail))  # answering
        register(
            Tool(
                slug="surveys",
                app_label="surveys",
                name="Surveys",
                description="Surveys with pages and skip logic: answered on any device, saved as people go, "
                            "results and exports at any size.",
                urls="surveys.urls",
                order=50,
                policies={Survey: SURVEY_POLICY},
                verbs={
                    "surveys.survey_created": SILENT,
                    "surveys.survey_updated": SILENT,
                    "surveys.survey_deleted": SILENT,
                    "surveys.survey_restored": SILENT,
                    "surveys.survey_duplicated": SILENT,
                    "surveys.version_published": SILENT,  # "publish changes": v2 and on
                    # Opening and closing (the lifecycle, or a manager's "Open now"/"Close now"):
                    # the survey's followers hear of it; invitations and reminders are the
                    # surveys' own, targeted mail (surveys.distribution).
                    "surveys.survey_opened": NotifyRule(notify=(FOLLOWERS,)),
                    "surveys.survey_closed": NotifyRule(notify=(FOLLOWERS,)),
                    "surveys.results_published": NotifyRule(notify=(FOLLOWERS,)),
                    "surveys.invitations_sent": SILENT,
                    "surveys.reminder_sent": SILENT,
                    "surveys.response_entered": SILENT,  # a paper or phone response typed in by staff
                },
                lifecycles=(SURVEY_WINDOW,),
                latest=home.latest,
                waiting_for=home.waiting_for,
                demo="surveys.demo.seed_demo",
                scale="surveys.scale",
                stylesheet="surveys/surveys.css",
                searchable=(Searchable("surveys.Survey", fields=("title", "description")),),
            )
        )
        from .mail import MAIL_KINDS  # the distribution part's: invitations

        for kind in MAIL_KINDS:
            register_kind(kind)
