"""Every user's "my work" and the chain manager's delivery view, under /mijn-werk/."""

from django.urls import path

from zvh.plans import views as plan_views

from . import views

app_name = "work"

urlpatterns = [
    path("", views.my_work_view, name="mine"),
    path("levering/", plan_views.delivery_view, name="delivery"),
]
