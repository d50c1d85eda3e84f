from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zvh.core.web import GET_POST
from zvh.network.models import Role
from zvh.network.request import actor_for_request

from . import selectors, services
from .forms import PreferencesForm


@require_GET
def notification_list_view(request: HttpRequest) -> HttpResponse:
    page = selectors.notification_page(
        actor=actor_for_request(request), cursor=request.GET.get("na")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
def mark_read_view(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(user_id=actor_for_request(request).person_user_id)
    return redirect("notifications:list")


@GET_POST
def preferences_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    user = selectors.own_preferences(actor=actor)
    form = PreferencesForm(
        request.POST or None,
        initial={
            "email_notifications": user.email_notifications,
            "notify_new_referrals": user.notify_new_referrals,
        },
    )
    # Only a process coordinator is told of new referrals; the others do not get the choice.
    if not actor.has_role(Role.PROCESS_COORDINATOR):
        del form.fields["notify_new_referrals"]
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_set(
            user_id=actor.person_user_id,
            email_notifications=form.cleaned_data["email_notifications"],
            notify_new_referrals=form.cleaned_data.get(
                "notify_new_referrals", user.notify_new_referrals
            ),
        )
        messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
