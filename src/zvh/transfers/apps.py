from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    """Transfer of a case to another house (decision 0196: split out of the case core). Its
    model stays in `cases` (table and migrations unchanged)."""

    name = "zvh.transfers"
    label = "transfers"
    verbose_name = _("Overdracht")

    def ready(self) -> None:
        # The case journal names the transfer's lines through the kinds registered here.
        from zvh.cases.journal import register_kinds

        from .services import TransferJournalKind, describe

        register_kinds(TransferJournalKind.choices, describe)
