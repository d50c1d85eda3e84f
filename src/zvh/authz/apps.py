from django.apps import AppConfig


class AuthzConfig(AppConfig):
    name = "zvh.authz"
    label = "authz"

    def ready(self) -> None:
        from zvh.core.web import malformed_id

        from .views import record_malformed_id

        malformed_id.connect(record_malformed_id, dispatch_uid="authz-malformed-id")
