from django.urls import path

from . import api

app_name = "intake-api"

urlpatterns = [
    path("referrals/", api.ReferralListApi.as_view(), name="referral-list"),
    path("referrals/<uuid:referral_id>/", api.ReferralDetailApi.as_view(), name="referral-detail"),
    path("priority-lists/", api.PriorityListApi.as_view(), name="priority-list-create"),
]
