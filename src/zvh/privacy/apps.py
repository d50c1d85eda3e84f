from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "zvh.privacy"
    label = "privacy"
    verbose_name = "Privacyfunctionaris"
