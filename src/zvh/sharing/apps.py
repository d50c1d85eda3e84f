from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "zvh.sharing"
    label = "sharing"
    verbose_name = "Informatiedeling"
