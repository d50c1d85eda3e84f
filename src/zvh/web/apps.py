from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zvh.web"
    label = "web"
