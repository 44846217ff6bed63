from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        from workspaces.kit.mail import register_kind
        from workspaces.registry import FOLLOWERS, SILENT, Moderatable, NotifyRule, Searchable, Tool, register

        from . import home
        from .lifecycles import CONSULTATION_WINDOW
        from .models import Comment, Consultation
        from .policies import COMMENT_POLICY, CONSULTATION_POLICY
        from .receipts import register as register_receipt  # responding: the receipt email's kind

        register(
            Tool(
                slug="consultations",
                app_label="consultations",
                name="Consultations",
                description="Formal consultations on a draft: people comment on and suggest wording for each "
                            "paragraph; staff analyse, publish responses and the outcome.",
                urls="consultations.urls",
                order=55,
                policies={Consultation: CONSULTATION_POLICY, Comment: COMMENT_POLICY},
                verbs={
                    "consultations.consultation_created": SILENT,
                    "consultations.consultation_updated": SILENT,
                    "consultations.consultation_deleted": SILENT,
                    "consultations.consultation_restored": SILENT,
                    "consultations.document_saved": SILENT,
                    # Published (scheduled or open): the workspace hears of it once.
                    "consultations.consultation_published": NotifyRule(notify=(FOLLOWERS,)),
                    "consultations.consultation_withdrawn": SILENT,
                    "consultations.consultation_opened": NotifyRule(notify=(FOLLOWERS,)),
                    "consultations.consultation_closed": NotifyRule(notify=(FOLLOWERS,)),
                    "consultations.close_extended": NotifyRule(notify=(FOLLOWERS,)),
                    "consultations.analysis_started": SILENT,
                    "consultations.outcome_published": SILENT,  # respondents who opted in are emailed (publishing)
                    "consultations.outcome_withdrawn": SILENT,
                    "consultations.response_submitted": SILENT,  # the respondent's receipt is its own mail
                    "consultations.response_entered": SILENT,  # an offline response typed in by staff
                    "consultations.format_requested": SILENT,  # staff see the requests' list and email
                },
                lifecycles=(CONSULTATION_WINDOW,),
                moderatable=(Moderatable("consultations.Comment", noun="comment", text_field="body",
                                         changed="consultations.moderating.comment_moderated"),),
                latest=home.latest,
                waiting_for=home.waiting_for,
                demo="consultations.demo.seed_demo",
                scale="consultations.scale",
                stylesheet="consultations/consultations.css",
                searchable=(Searchable("consultations.Consultation", fields=("title", "summary")),),
            )
        )
        from .mail_analysis import MAIL_KINDS as ANALYSIS_MAIL  # the suggester told of the decision
        from .mail_authoring import MAIL_KINDS as AUTHORING_MAIL  # a request for another format
        from .mail_lifecycle import MAIL_KINDS as LIFECYCLE_MAIL  # participants told of a later close
        from .mail_publishing import MAIL_KINDS as PUBLISHING_MAIL  # the outcome mail

        for kind in (*ANALYSIS_MAIL, *AUTHORING_MAIL, *LIFECYCLE_MAIL, *PUBLISHING_MAIL):
            register_kind(kind)
        register_receipt()
