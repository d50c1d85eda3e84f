from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "zvh.cases"
    label = "cases"
    verbose_name = _("Casussen")

    def ready(self) -> None:
        # The transfer's journal kinds live with the transfer (cases/transfer.py), which
        # imports the plans and conferences apps that `cases.journal` must not import.
        from .journal import register_kinds
        from .transfer import TransferJournalKind, describe

        register_kinds(TransferJournalKind.choices, describe)

        from .audit_references import register

        register()

        from .receivers import connect

        connect()
