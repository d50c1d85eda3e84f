from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "zvh.sharing"
    label = "sharing"
    verbose_name = "Informatiedeling"

    def ready(self) -> None:
        from zvh.network.events import house_seeding

        from .receivers import seed_legal_bases

        house_seeding.connect(seed_legal_bases, dispatch_uid="zvh.sharing.seed_legal_bases")

        from zvh.audit.references import register_references
        from zvh.cases.audit_references import numbers_of_their_case

        from .models import InformationItem

        # Stored events keep the type string "case_note" they were written with (the audit
        # chain covers it), so the item is still registered under it (decision 0196).
        register_references("case_note", numbers_of_their_case(InformationItem))

        from django.db.models import Q

        from zvh.cases.journal import register_line_condition

        from . import policy as sharing_policy

        # The case journal shows an item's line only to those who may see the item.
        register_line_condition(
            "note",
            lambda actor, case: Q(note__in=sharing_policy.visible_items(actor).filter(case=case)),
        )
