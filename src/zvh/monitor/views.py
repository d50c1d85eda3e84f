"""The house side of the monitor: the index, the profile (view, history, edit), a year's
questionnaire (start, answers, submit) and the export of a submitted year. Thin: form in, one
service or selector, page out. Works without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.core.concurrency import STALE_MESSAGE, StaleObjectError
from zvh.core.forms import add_service_errors
from zvh.core.web import GET_POST
from zvh.network.models import House
from zvh.network.request import actor_for_request

from . import known, selectors, services
from . import profile as profile_items
from .exchange.records import record_json
from .forms import AnswerForm, ProfileForm, YearStartForm, initial_for
from .questions import QUESTIONS, SECTIONS, format_value, not_applicable


def _known(request: HttpRequest) -> known.Known:
    actor = actor_for_request(request)
    house = House.objects.select_related("seat_municipality").get(pk=str(actor.house_id))
    return known.known_for(house)


def _profile_rows(values: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [
        (QUESTIONS[key].name, format_value(QUESTIONS[key], values.get(key)))
        for key in (*profile_items.PROFILE_RECORD_KEYS, "other_contributions_eur")
    ]
    rows += [
        (str(label), values.get(key) or "–") for key, label in profile_items.PROFILE_TEXT_ITEMS
    ]
    return rows


def _changes(versions: list[Any]) -> list[dict[str, Any]]:
    """Each version with the names of the items that changed against the one before it."""
    names = dict(profile_items.PROFILE_TEXT_ITEMS) | {k: q.name for k, q in QUESTIONS.items()}
    result = []
    for index, version in enumerate(versions):
        before = versions[index + 1].values if index + 1 < len(versions) else {}
        changed = [
            str(names.get(key, key))
            for key in version.values
            if version.values.get(key) != before.get(key) and (before or version.values.get(key))
        ]
        result.append({"version": version, "changed": changed})
    return result


@require_GET
def index_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    versions = selectors.profile_history(actor=actor)
    return render(
        request,
        "monitor/index.html",
        {
            "current": versions[0] if versions else None,
            "questionnaires": selectors.questionnaires(actor=actor),
            "start_form": YearStartForm(initial={"year": timezone.localdate().year}),
        },
    )


@require_GET
def profile_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    versions = selectors.profile_history(actor=actor)
    current = versions[0] if versions else None
    return render(
        request,
        "monitor/profile.html",
        {
            "current": current,
            "rows": _profile_rows(current.values) if current else [],
            "history": _changes(versions),
            "known": _known(request),
        },
    )


@GET_POST
def profile_edit_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    versions = selectors.profile_history(actor=actor)
    current = versions[0] if versions else None
    context: dict[str, Any] = {"known": _known(request), "current": current}
    if request.method != "POST":
        initial = ProfileForm.initial_for(current.values if current else {})
        initial.update(based_on=current.number if current else 0, valid_from=timezone.localdate())
        context["form"] = ProfileForm(initial=initial)
        return render(request, "monitor/profile_form.html", context)
    form = ProfileForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.profile_save(
                actor=actor,
                based_on=form.cleaned_data["based_on"],
                valid_from=form.cleaned_data["valid_from"],
                values=form.values(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleObjectError as error:
            form.add_error(None, str(error.message))
            context["stale"] = True
            context["rows"] = _profile_rows(current.values) if current else []
            status = 409
        else:
            messages.success(request, _("Het profiel is opgeslagen als nieuwe versie."))
            return redirect("monitor:profile")
    context["form"] = form
    return render(request, "monitor/profile_form.html", context, status=status)


@require_POST
def year_start_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form = YearStartForm(request.POST)
    if form.is_valid():
        try:
            questionnaire = services.questionnaire_start(
                actor=actor, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De vragenlijst van %(year)d is aangemaakt en vooraf ingevuld.")
                % {"year": questionnaire.year},
            )
            return redirect("monitor:year", year=questionnaire.year)
    return render(
        request,
        "monitor/index.html",
        {
            "current": services.current_profile(actor.house_id) if actor.house_id else None,
            "questionnaires": selectors.questionnaires(actor=actor),
            "start_form": form,
        },
        status=400,
    )


def _sections(answers: dict[str, Any]) -> list[dict[str, Any]]:
    values = {key: answer.value for key, answer in answers.items()}
    return [
        {
            "title": title,
            "rows": [
                {
                    "question": question,
                    "answer": answers[question.key],
                    "text": format_value(question, answers[question.key].value),
                    "computed_text": format_value(question, answers[question.key].computed_value),
                    "skipped": not_applicable(question.key, values),
                }
                for question in questions
                if question.key in answers
            ],
        }
        for title, questions in SECTIONS
    ]


def _year_page(
    request: HttpRequest, questionnaire: Any, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "monitor/year.html",
        {
            "questionnaire": questionnaire,
            "sections": _sections(selectors.answers_of(questionnaire)),
            "submit_errors": errors or [],
        },
        status=status,
    )


@require_GET
def year_view(request: HttpRequest, year: int) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(actor=actor_for_request(request), year=year)
    return _year_page(request, questionnaire)


@GET_POST
def answer_edit_view(request: HttpRequest, year: int, key: str) -> HttpResponse:
    actor = actor_for_request(request)
    question = QUESTIONS.get(key)
    if question is None or question.key == "id":
        raise Http404
    questionnaire = selectors.questionnaire_get(actor=actor, year=year, editable=True)
    answer = selectors.answers_of(questionnaire).get(key)
    if answer is None:
        raise Http404
    context: dict[str, Any] = {
        "questionnaire": questionnaire,
        "question": question,
        "answer": answer,
        "text": format_value(question, answer.value),
        "computed_text": format_value(question, answer.computed_value),
    }
    if questionnaire.is_submitted:
        return render(request, "monitor/answer_form.html", context)
    kwargs: dict[str, Any] = {"question": question, "computed": answer.computed}
    if request.method != "POST":
        initial = {**initial_for(question, answer.value), "version": questionnaire.version}
        if answer.computed:
            initial["reason"] = answer.reason
        context["form"] = AnswerForm(initial=initial, **kwargs)
        return render(request, "monitor/answer_form.html", context)
    form = AnswerForm(request.POST, **kwargs)
    status = 400
    if form.is_valid():
        try:
            services.answer_update(
                actor=actor,
                questionnaire=questionnaire,
                key=key,
                expected_version=form.cleaned_data["version"],
                value=form.answer(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleObjectError:
            form.add_error(None, STALE_MESSAGE)
            status = 409
        else:
            messages.success(request, _("Het antwoord is opgeslagen."))
            return redirect(reverse("monitor:year", kwargs={"year": year}) + f"#{key}")
    context["form"] = form
    return render(request, "monitor/answer_form.html", context, status=status)


@require_POST
def submit_view(request: HttpRequest, year: int) -> HttpResponse:
    actor = actor_for_request(request)
    questionnaire = selectors.questionnaire_get(actor=actor, year=year, editable=True)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        services.questionnaire_submit(
            actor=actor, questionnaire=questionnaire, expected_version=version
        )
    except ValidationError as error:
        return _year_page(request, questionnaire, errors=list(error.messages), status=400)
    except StaleObjectError:
        return _year_page(request, questionnaire, errors=[str(STALE_MESSAGE)], status=409)
    messages.success(
        request,
        _("De vragenlijst van %(year)d is ingediend. De antwoorden liggen nu vast.")
        % {"year": year},
    )
    return redirect("monitor:year", year=year)


@require_GET
def export_view(request: HttpRequest, year: int) -> HttpResponse:

    actor = actor_for_request(request)
    questionnaire = selectors.questionnaire_get(actor=actor, year=year)
    if not questionnaire.is_submitted or questionnaire.record is None:
        raise Http404
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        object_type="monitor_questionnaire",
        object_id=questionnaire.id,
        detail={"year": year},
    )
    response = HttpResponse(record_json(questionnaire.record), content_type="application/json")
    code = questionnaire.record.get("id") or "huis"
    response["Content-Disposition"] = f'attachment; filename="monitor-{code}-{year}.json"'
    return response
