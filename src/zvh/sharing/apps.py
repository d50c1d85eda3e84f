from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "zvh.sharing"
    label = "sharing"
    verbose_name = "Informatiedeling"

    def ready(self) -> None:
        from zvh.network.events import house_seeding

        from .receivers import seed_legal_bases

        house_seeding.connect(seed_legal_bases, dispatch_uid="zvh.sharing.seed_legal_bases")
