"""Transfer pages: the request (from the case), the incoming and outgoing lists, and one
transfer with the receiving house's accept and refuse forms and the sending house's withdraw
button. The receiving house never reaches the case through these pages before it accepts."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any, NoReturn

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zvh.accounts.models import User
from zvh.audit.denials import record_denial
from zvh.authz.actor import Actor
from zvh.cases import selectors
from zvh.cases.forms import UserChoiceField
from zvh.cases.models import CaseTransfer, TransferReason
from zvh.cases.services import MAX_TEXT
from zvh.core.concurrency import STALE_MESSAGE, StaleObjectError, VersionFormMixin
from zvh.core.web import GET_POST
from zvh.network import policy as network_policy
from zvh.network.models import House, Municipality
from zvh.network.request import actor_for_request
from zvh.transfers.policy import transfer_target_houses
from zvh.triage.forms import GroupRadioSelect, add_service_errors

from . import services as transfer

DIRECTIONS = {"in": transfer.INCOMING, "uit": transfer.OUTGOING}


class RequestForm(forms.Form):
    transfer_id = forms.UUIDField(widget=forms.HiddenInput)
    to_house = forms.ModelChoiceField(
        label=_("Naar huis"),
        queryset=House.objects.none(),
        error_messages={"required": _("Kies het huis dat de casus overneemt.")},
    )
    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=TransferReason.choices,
        widget=GroupRadioSelect,
        error_messages={"required": _("Kies de reden van de overdracht.")},
    )
    explanation = forms.CharField(
        label=_("Toelichting voor het ontvangende huis"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Bijvoorbeeld: sinds wanneer de betrokkene in de regio van dat huis woont."),
        error_messages={"required": _("Licht toe waarom het andere huis de casus overneemt.")},
    )

    def __init__(self, *args: Any, houses: QuerySet[House], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_house"].queryset = houses  # type: ignore[attr-defined]


class AcceptForm(VersionFormMixin):
    process_coordinator = UserChoiceField(
        label=_("Procesregisseur in uw huis"),
        queryset=User.objects.none(),
        error_messages={"required": _("Kies een procesregisseur van uw huis.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Nieuwe woongemeente"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Leeg laten als u die nog niet weet."),
    )

    def __init__(
        self,
        *args: Any,
        coordinators: QuerySet[User],
        municipalities: QuerySet[Municipality],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process_coordinator"].queryset = coordinators  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]


class RefuseForm(VersionFormMixin):
    reason = forms.CharField(
        label=_("Reden van weigeren"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Het verzendende huis leest deze reden."),
        error_messages={"required": _("Geef de reden van weigeren.")},
    )


class WithdrawForm(VersionFormMixin):
    pass


# --- the request ------------------------------------------------------------------------------

REQUEST_PAGE = SimpleNamespace(
    title=_("Overdragen aan een ander huis"),
    submit=_("Overdracht aanvragen"),
    intro=_(
        "Het andere huis ziet het casusnummer, de soort casus, de status, de thema's, uw "
        "toelichting en naam en geboortedatum van de betrokkenen, en beslist dan. Accepteert "
        "het, dan gaat de casus met plan, afspraken, journaal en notities over en krijgt ze een "
        "nummer van dat huis; uw huis kan de casus daarna niet meer openen en houdt alleen de "
        "vastlegging van de overdracht. Organisaties die geen partner zijn van het andere huis "
        "nemen dan niet meer deel, en hun open afspraken vervallen."
    ),
)


@GET_POST
def transfer_request_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    if case.is_closed:
        messages.info(request, _("De casus is afgesloten. Heropen de casus eerst."))
        return redirect("cases:detail", case_id=case.id)
    houses = transfer_target_houses(actor)
    if request.method == "POST":
        form = RequestForm(request.POST, houses=houses)
    else:
        form = RequestForm(initial={"transfer_id": uuid.uuid4()}, houses=houses)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            created = transfer.transfer_request(
                actor=actor,
                case=case,
                data=transfer.TransferInput(
                    to_house=data["to_house"],
                    reason=data["reason"],
                    explanation=data["explanation"],
                ),
                transfer_id=data["transfer_id"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De overdracht is aangevraagd. Het andere huis krijgt een bericht."),
            )
            return redirect("cases:transfer-detail", transfer_id=created.id)
    return render(
        request,
        "cases/case_action.html",
        {"case": case, "action": REQUEST_PAGE, "form": form},
        status=400 if form.is_bound else 200,
    )


# --- the lists and one transfer ---------------------------------------------------------------


@require_GET
def transfer_list_view(request: HttpRequest) -> HttpResponse:
    direction_key = request.GET.get("richting", "in")
    if direction_key not in DIRECTIONS:
        direction_key = "in"
    page = transfer.transfer_list(
        actor=actor_for_request(request),
        direction=DIRECTIONS[direction_key],
        cursor=request.GET.get("na"),
    )
    return render(
        request,
        "cases/transfer_list.html",
        {"page": page, "direction": direction_key, "incoming": direction_key == "in"},
    )


def _detail_page(
    request: HttpRequest,
    actor: Actor,
    item: CaseTransfer,
    *,
    accept_form: AcceptForm | None = None,
    refuse_form: RefuseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = transfer.transfer_page_context(actor=actor, transfer=item)
    if context["can_decide"]:
        context["accept_form"] = accept_form or _accept_form(actor, item)
        context["refuse_form"] = refuse_form or RefuseForm(
            initial={"version": item.version}, prefix="refuse"
        )
    if context["can_withdraw"]:
        context["withdraw_form"] = WithdrawForm(
            initial={"version": item.version}, prefix="withdraw"
        )
    return render(request, "cases/transfer_detail.html", context, status=status)


def _accept_form(actor: Actor, item: CaseTransfer, data: Any = None) -> AcceptForm:
    return AcceptForm(
        data,
        initial=None if data is not None else {"version": item.version},
        prefix="accept",
        coordinators=transfer.receiving_coordinators(item),
        municipalities=network_policy.visible_municipalities(actor).order_by("name"),
    )


@require_GET
def transfer_detail_view(request: HttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    item = transfer.transfer_get(actor=actor, transfer_id=transfer_id)
    return _detail_page(request, actor, item)


def _deny(actor: Actor, item: CaseTransfer) -> NoReturn:
    """The other side's act (e.g. the sending house accepting its own request): 404."""
    record_denial(actor, object_type="case_transfer", object_id=item.id)
    raise Http404


def _refused(request: HttpRequest, item: CaseTransfer, error: ValidationError) -> HttpResponse:
    """A refusal about the transfer as a whole (already decided, case closed meanwhile): the
    page as it is now, with the reason; the forms may no longer be there to carry it."""
    messages.error(request, " ".join(error.messages))
    return redirect("cases:transfer-detail", transfer_id=item.id)


def _stale(request: HttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    """Someone else decided first: show the page as it is now, with the reason."""
    messages.error(request, STALE_MESSAGE)
    return redirect("cases:transfer-detail", transfer_id=transfer_id)


@require_POST
def transfer_accept_view(request: HttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    item = transfer.transfer_get(actor=actor, transfer_id=transfer_id)
    form = _accept_form(actor, item, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            case = transfer.transfer_accept(
                actor=actor,
                transfer=item,
                expected_version=data["version"],
                acceptance=transfer.Acceptance(
                    process_coordinator=data["process_coordinator"],
                    municipality=data["municipality"],
                ),
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, item, error)
            add_service_errors(form, error)
        except StaleObjectError:
            return _stale(request, item.id)
        except PermissionDenied:
            _deny(actor, item)
        else:
            messages.success(
                request,
                _("U heeft de casus overgenomen. Ze heeft nu nummer %(number)s.")
                % {"number": case.number},
            )
            return redirect("cases:detail", case_id=case.id)
    return _detail_page(request, actor, item, accept_form=form, status=400)


@require_POST
def transfer_refuse_view(request: HttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    item = transfer.transfer_get(actor=actor, transfer_id=transfer_id)
    form = RefuseForm(request.POST, prefix="refuse")
    if form.is_valid():
        try:
            transfer.transfer_refuse(
                actor=actor,
                transfer=item,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, item, error)
            add_service_errors(form, error)
        except StaleObjectError:
            return _stale(request, item.id)
        except PermissionDenied:
            _deny(actor, item)
        else:
            messages.success(
                request, _("U heeft het verzoek geweigerd. Het andere huis krijgt een bericht.")
            )
            return redirect("cases:transfer-detail", transfer_id=item.id)
    return _detail_page(request, actor, item, refuse_form=form, status=400)


@require_POST
def transfer_withdraw_view(request: HttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    item = transfer.transfer_get(actor=actor, transfer_id=transfer_id)
    form = WithdrawForm(request.POST, prefix="withdraw")
    if not form.is_valid():
        messages.error(request, _("Het verzoek is niet ingetrokken: laad de pagina opnieuw."))
        return redirect("cases:transfer-detail", transfer_id=item.id)
    try:
        transfer.transfer_withdraw(
            actor=actor, transfer=item, expected_version=form.cleaned_data["version"]
        )
    except ValidationError as error:
        return _refused(request, item, error)
    except StaleObjectError:
        return _stale(request, item.id)
    except PermissionDenied:
        _deny(actor, item)
    else:
        messages.success(request, _("Het verzoek tot overdracht is ingetrokken."))
    return redirect("cases:transfer-detail", transfer_id=item.id)
