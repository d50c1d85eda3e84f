from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zvh.core"
    label = "core"
