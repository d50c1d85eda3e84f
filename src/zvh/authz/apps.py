from django.apps import AppConfig


class AuthzConfig(AppConfig):
    name = "zvh.authz"
    label = "authz"
