from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "zvh.network"
    label = "network"
    verbose_name = _("Netwerk")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from zvh.audit.checkpoints import checkpoint_written
        from zvh.core.web import malformed_id

        from . import audit_hooks
        from .models import House

        post_save.connect(
            audit_hooks.open_house_chain, sender=House, dispatch_uid="zvh.network.open_house_chain"
        )
        checkpoint_written.connect(
            audit_hooks.mail_checkpoint, dispatch_uid="zvh.network.mail_checkpoint"
        )
        malformed_id.connect(
            audit_hooks.record_malformed_id, dispatch_uid="zvh.network.malformed_id"
        )
