from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.house_referrals_view, name="list"),
    path("downloaden/", views.house_referrals_export_view, name="export"),
    path("nieuw/", views.referral_create_view, name="create"),
    path("mijn/", views.my_referrals_view, name="mine"),
    path("lijsten/nieuw/", views.priority_list_upload_view, name="priority-list-upload"),
    path("<uuid:referral_id>/", views.referral_detail_view, name="detail"),
    path("<uuid:referral_id>/aanvullen/", views.supply_information_view, name="supply"),
    path("<uuid:referral_id>/behouden/", views.keep_view, name="keep"),
    path("<uuid:referral_id>/doorsturen/", views.forward_view, name="forward"),
]
