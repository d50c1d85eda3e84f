from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zvh.audit"
    label = "audit"
    verbose_name = _("Toegangslog")

    def ready(self) -> None:
        # A new house gets its chain head at once (zvh.audit.services.open_chain). The house
        # model is looked up, not imported: the access log sits below the network app.
        from django.apps import apps
        from django.db.models.signals import post_save

        post_save.connect(
            _open_house_chain,
            sender=apps.get_model("network", "House"),
            dispatch_uid="zvh.audit.open_house_chain",
        )


def _open_house_chain(sender: type, instance: Any, created: bool, raw: bool, **kwargs: Any) -> None:
    if created and not raw:
        from .services import open_chain

        open_chain(instance.pk)
