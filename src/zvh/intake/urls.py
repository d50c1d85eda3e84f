from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("<uuid:referral_id>/", views.referral_detail_view, name="detail"),
]
