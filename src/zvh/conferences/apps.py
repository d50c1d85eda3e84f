from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "zvh.conferences"
    label = "conferences"
    verbose_name = _("Casusoverleggen")

    def ready(self) -> None:
        from zvh.cases.journal import register_kinds

        from .journal import ConferenceJournalKind, describe

        register_kinds(ConferenceJournalKind.choices, describe)

        from zvh.jobs.outbox import on_delivered

        from . import mail

        on_delivered(mail.INVITATION, mail.invitation_delivered)

        from zvh.cases.selectors import case_page_sections

        from .selectors import case_conferences

        # The case page lists the case's conferences (decision 0195).
        case_page_sections.register(
            self.label,
            lambda *, actor, case: {"conferences": case_conferences(actor=actor, case=case)},
        )

        from zvh.cases.journal import register_line_condition

        from . import policy as conference_policy

        # A line with a conference's content (a decision, minutes) only behind its declaration.
        register_line_condition(
            "conference_id",
            lambda actor, case: conference_policy.conference_content_visible(
                actor, "conference_id"
            ),
        )
